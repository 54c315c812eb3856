"""The board's report on a program for a review period, laid out as Hướng dẫn 36-HD/VPTW lays out a
Party document, or as the association heads its own ("HỘI NÔNG DÂN VIỆT NAM" and the state motto).

One `ReportDocument` is built from the dashboard's own tables and rendered twice: as a DOCX the board
edits and signs (reports.dashboards.docx) and as the A4 print view. The letterhead (issuing body,
number, place, recipients, signature) starts from what the program admin keeps for the program
(`ReportLetterhead`) and can be changed on the form for one document; that is not kept.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.concurrency import VersionedModelForm
from nongdan.dates import format_date
from organisations.models import Organisation
from organisations.permissions import managed_provinces
from programs.models import Program
from reports.dashboards.base import ScopedView
from reports.dashboards.docx import document_docx
from reports.dashboards.exports import Table
from reports.dashboards.progress import program_dashboard
from reports.dashboards.review import ReviewSummary, review_summary
from reports.dashboards.scope import Scope
from reports.models import ReportLetterhead
from reports.task_progress import Group, by_body, task_progress_lines

PARTY, ASSOCIATION = "party", "association"
STYLES = [
    (PARTY, gettext_lazy("Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")),
    (ASSOCIATION, gettext_lazy("Văn bản của Hội Nông dân (báo cáo lên cấp trên)")),
]

# --- The letterhead ------------------------------------------------------------------------------


def letterhead_defaults(*, program: Program, unit: Organisation, style: str) -> dict:
    """Where the form starts: for a Party document the program's kept letterhead, for the association's the unit's."""
    if style == ASSOCIATION:
        above = unit.parent.name if unit.parent_id else _("Trung ương Hội Nông dân Việt Nam")
        return {
            "issuer_parent": unit.parent.name.upper() if unit.parent_id else _("HỘI NÔNG DÂN VIỆT NAM"),
            "issuer": _("BCH %(unit)s") % {"unit": unit.name.upper()},
            "number_suffix": "BC/HND",
            "place": program.province.name,
            "recipients": _("%(above)s (để báo cáo),\nLưu Văn phòng.") % {"above": above},
            "signing_authority": _("T/M BAN THƯỜNG VỤ"),
            "signer_title": _("CHỦ TỊCH"),
            "signer_name": "",
        }
    kept = ReportLetterhead.objects.filter(program=program).first()
    return {name: getattr(kept, name) for name in LETTERHEAD_FIELDS} if kept else kept_defaults(program)


WIDGETS = {"recipients": forms.Textarea(attrs={"rows": 4})}
LETTERHEAD_FIELDS = [
    "issuer_parent",
    "issuer",
    "number_suffix",
    "place",
    "recipients",
    "signing_authority",
    "signer_title",
    "signer_name",
]


def kept_defaults(program: Program) -> dict:
    """Until the program admin keeps one: the Propaganda and Mass Mobilization Board reports to the Standing
    Committee, as the program assigns it ("định kỳ báo cáo Ban Thường vụ Tỉnh ủy kết quả thực hiện")."""
    return {
        "issuer_parent": _("TỈNH ỦY %(province)s") % {"province": program.province.name.upper()},
        "issuer": _("BAN TUYÊN GIÁO VÀ DÂN VẬN"),
        "number_suffix": "BC/BTGDVTU",
        "place": program.province.name,
        "recipients": _("Ban Thường vụ Tỉnh ủy (để báo cáo),\nĐảng đoàn Hội Nông dân tỉnh,\nLưu Văn phòng Ban."),
        "signing_authority": "",
        "signer_title": _("TRƯỞNG BAN"),
        "signer_name": "",
    }


class DocumentForm(forms.Form):
    """What the board fills before downloading: the letterhead, and the document's number and date."""

    style = forms.ChoiceField(label=gettext_lazy("Thể thức"), choices=STYLES, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(ReportLetterhead, fields=LETTERHEAD_FIELDS, widgets=WIDGETS))
        self.fields["number"] = forms.CharField(
            label=_("Số văn bản"), max_length=20, required=False, help_text=_("Để trống để điền tay sau khi lấy số.")
        )
        self.fields["signed_on"] = forms.DateField(
            label=_("Ngày ký"),
            required=False,
            widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
            help_text=_("Để trống để điền tay."),
        )


@dataclass(frozen=True)
class Letter:
    style: str
    issuer_parent: str
    issuer: str
    number: str
    number_suffix: str
    place: str
    signed_on: datetime.date | None
    recipients: list[str]
    signing_authority: str
    signer_title: str
    signer_name: str

    @classmethod
    def of(cls, data: dict) -> "Letter":
        recipients = [line.strip(" -–,.;") for line in data["recipients"].splitlines()]
        return cls(**{**data, "recipients": [r for r in recipients if r]})


# --- The document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskItem:
    role: str
    task: str
    status: str
    text: str
    documents: list[str]


@dataclass(frozen=True)
class BodyItems:
    body: str
    items: list[TaskItem]


@dataclass(frozen=True)
class ReportDocument:
    letter: Letter
    is_party: bool
    number_line: str
    place_date: str
    subject: str
    summary: ReviewSummary
    scope_line: str
    targets: Table
    tasks: list[BodyItems]
    recipients: list[str]

    @property
    def motto(self) -> list[str]:
        if self.is_party:
            return [_("ĐẢNG CỘNG SẢN VIỆT NAM")]
        return [_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), _("Độc lập - Tự do - Hạnh phúc")]


BLANK = "\u2003\u2003"  # room to write a number or a day by hand


def place_date_line(place: str, day: datetime.date | None, year: int) -> str:
    """ "Lạng Sơn, ngày 05 tháng 4 năm 2025": days before the 10th and months before March take a 0."""
    if day is None:
        return _("%(place)s, ngày %(blank)s tháng %(blank)s năm %(year)s") % {
            "place": place,
            "blank": BLANK,
            "year": year,
        }
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else day.month,
        "year": day.year,
    }


def subject_line(program: Program, period: str) -> str:
    if not program.number:
        return _("kết quả thực hiện dự thảo Chương trình hành động, %(period)s") % {"period": period}
    return _("kết quả thực hiện Chương trình số %(number)s ngày %(date)s của %(body)s, %(period)s") % {
        "number": program.number,
        "date": format_date(program.issued_on),
        "body": program.issuing_body,
        "period": period,
    }


def _body_title(group: Group) -> str:
    """The body as the program names it, and the body that carries its work since a merger."""
    now = group.lines[0].body_now if group.lines else None
    if now is None:
        return group.title
    return _("%(body)s (nay là %(now)s)") % {"body": group.title, "now": now.name}


def _task_items(scope: Scope) -> list[BodyItems]:
    lines = task_progress_lines(program=scope.program, year=scope.year, quarter=scope.quarter)
    groups = by_body(lines, program=scope.program)
    return [
        BodyItems(
            body=_body_title(group),
            items=[
                TaskItem(
                    role=line.assignment.get_role_display(),
                    task=f"({line.assignment.task.number})" if line.assignment.task_id else "",
                    status=line.entry.get_status_display() if line.entry else _("Chưa báo cáo"),
                    text=line.entry.text if line.entry else "",
                    documents=line.entry.document_list if line.entry else [],
                )
                for line in group.lines
            ],
        )
        for group in groups
    ]


def report_document(*, scope: Scope, letter: Letter) -> ReportDocument:
    """The report for the scope's program and period, every number the dashboard's own."""
    dashboard = program_dashboard(scope=scope)
    summary = review_summary(scope=scope, progress=dashboard.progress)
    counted = _("tính cả báo cáo đã gửi, chưa duyệt") if scope.include_submitted else _("chỉ tính báo cáo đã duyệt")
    suffix = letter.number_suffix
    return ReportDocument(
        letter=letter,
        is_party=letter.style == PARTY,
        number_line=_("Số %(number)s-%(suffix)s") % {"number": letter.number or BLANK, "suffix": suffix},
        place_date=place_date_line(letter.place, letter.signed_on, timezone.localdate().year),
        subject=subject_line(scope.program, summary.period),
        summary=summary,
        scope_line=_("Số liệu của %(unit)s (gồm các đơn vị trực thuộc), tính đến hết %(period)s; %(counted)s.")
        % {"unit": scope.unit.name, "period": scope.period_label, "counted": counted},
        targets=dashboard.table,
        tasks=_task_items(scope),
        recipients=letter.recipients,
    )


# --- The pages -----------------------------------------------------------------------------------


class DocumentMixin:
    """The letter from the form in the address, or where the form starts."""

    def document_form(self, scope: Scope) -> DocumentForm:
        query = self.request.GET
        style = ASSOCIATION if query.get("style") == ASSOCIATION else PARTY
        initial = {**letterhead_defaults(program=scope.program, unit=scope.unit, style=style), "style": style}
        return DocumentForm(query if "issuer" in query else None, initial=initial)

    def letter(self, form: DocumentForm) -> Letter:
        data = (
            form.cleaned_data
            if form.is_bound and form.is_valid()
            else {**form.initial, "number": "", "signed_on": None}
        )
        return Letter.of({name: data[name] for name in ["style", "number", "signed_on", *LETTERHEAD_FIELDS]})


class DocumentView(DocumentMixin, ScopedView):
    """The form the board fills, and the DOCX it downloads (`?download=docx`)."""

    template_name = "dashboards/document.html"
    export_name = "bao-cao"

    def build(self, scope, data):
        form = self.document_form(scope)
        return {"document_form": form, "tables": [], "tab": "document", "styles": STYLES}

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        form = context["document_form"]
        if request.GET.get("download") == "docx" and form.is_bound and form.is_valid():
            document = report_document(scope=self.scope, letter=self.letter(form))
            response = HttpResponse(
                document_docx(document),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            about = f"bao-cao-{self.scope.program.number or self.scope.program.slug}-{document.summary.period}"
            name = slugify(about.replace("/", "-").replace("đ", "d").replace("Đ", "D"))
            response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
            return response
        return self.render_to_response(context, status=400 if form.is_bound and not form.is_valid() else 200)


class PrintView(DocumentMixin, ScopedView):
    """The same document on an A4 page, to print from the browser."""

    template_name = "dashboards/print.html"

    def build(self, scope, data):
        document = report_document(scope=scope, letter=self.letter(self.document_form(scope)))
        return {"document": document, "tables": [document.targets]}


class LetterheadForm(VersionedModelForm):
    class Meta:
        model = ReportLetterhead
        fields = LETTERHEAD_FIELDS
        widgets = WIDGETS


class LetterheadView(ScopedView):
    """The program admin keeps how the program's report is headed and signed; others of the province read it."""

    template_name = "dashboards/letterhead.html"

    def build(self, scope, data):
        return {"tables": [], "tab": "document"}

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response({**context, "form": self.form(), "may_edit": self.may_edit()})

    def post(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        if not self.may_edit():
            raise PermissionDenied
        form = self.form(request.POST)
        if form.is_valid():
            form.instance._history_user = request.user
            form.save()
            messages.success(request, _("Đã lưu thể thức báo cáo của chương trình."))
            return redirect(f"{request.path}?{self.scope.query()}")
        return self.render_to_response({**context, "form": form, "may_edit": True}, status=400)

    def may_edit(self) -> bool:
        return managed_provinces(self.request.user).filter(pk=self.scope.program.province_id).exists()

    def form(self, data=None) -> LetterheadForm:
        program = self.scope.program
        kept = ReportLetterhead.objects.filter(program=program).first()
        if kept:
            return LetterheadForm(data, instance=kept)
        return LetterheadForm(data, instance=ReportLetterhead(program=program), initial=kept_defaults(program))
