"""What every dashboard page shares: the filter form, exports, the scope parsed from the request.

Views are thin: they parse the request, ask the selectors, turn None into a 404, and hand the
tables to the templates or to an export.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from nongdan.dates import format_moment
from nongdan.numbers import ROMAN_QUARTERS, review_name
from nongdan.query import ascii_int
from programs.selectors import program_list
from reports.dashboards.exports import EXPORTERS, Cell, Table
from reports.dashboards.reporting import counted_line
from reports.dashboards.scope import Scope, dashboard_program_get, dashboard_scope, unit_ancestors
from targets.measuring import Progress

SELECT = {"class": "form-select form-select-sm"}


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, widget=forms.Select(attrs=SELECT))
    quarter = forms.TypedChoiceField(
        label=_("Kỳ"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    counted = forms.ChoiceField(
        label=_("Báo cáo được tính"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        choices=[("approved", _("Chỉ báo cáo đã duyệt")), ("submitted", _("Đã duyệt và đã gửi chờ duyệt"))],
    )
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    target = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        # Built per request, in the reader's language (a lazy string formatted at import would not be).
        self.fields["quarter"].choices = [(quarter, review_name(quarter)) for quarter in ROMAN_QUARTERS]


def filters(request, *, years, target_ids=frozenset()) -> dict:
    """What the address asks for. A value that is not one of the choices is ignored: the default applies."""
    query = request.GET
    year, quarter = ascii_int(query.get("year")), ascii_int(query.get("quarter"))
    target = ascii_int(query.get("target"))
    return {
        "year": year if year in years else None,
        "quarter": quarter if quarter in ROMAN_QUARTERS else None,
        "counted": counted(include_submitted=query.get("counted") == "submitted"),
        "unit": ascii_int(query.get("unit")),
        "target": target if target in target_ids else None,
    }


def found(obj):
    """What a selector found; None (absent, or not the user's to see) is a 404."""
    if obj is None:
        raise Http404
    return obj


def counted(*, include_submitted: bool) -> str:
    return "submitted" if include_submitted else "approved"


def counting_label(*, include_submitted: bool) -> str:
    return gettext("Đã duyệt và đã gửi chờ duyệt") if include_submitted else gettext("Chỉ báo cáo đã duyệt")


def about_table(about: list[tuple[str, str]]) -> Table:
    """What an exported file holds, on its own first sheet (block): program, unit, period, counting, when."""
    return Table(
        title=gettext("Thông tin"),
        slug="thong-tin",
        headers=[gettext("Mục"), gettext("Nội dung")],
        rows=[[Cell(label), Cell(value)] for label, value in about],
    )


def shown_rounding(progress: Progress, value, limit, *, upward: bool | None = None) -> str:
    """How an actual (or its % achieved) is rounded: as usual, unless that would reach `limit` (what is
    expected, or 100 %) while the target is short of it. Then toward the status: 94,97 % against 95 %
    shows 94,9 %, never a "95 %" beside "Chậm". `upward`: whether more is better for `value` (by
    default as for the target; a % achieved always is)."""
    if value is None or limit is None or not progress.is_short:
        return ROUND_HALF_UP
    places = Decimal("0.1") if progress.target.is_percentage else Decimal("0.01")
    rounded = Decimal(value).quantize(places, rounding=ROUND_HALF_UP)
    if progress.is_upward if upward is None else upward:
        return ROUND_DOWN if rounded >= limit else ROUND_HALF_UP
    return ROUND_UP if rounded <= limit else ROUND_HALF_UP


def value_cell(progress: Progress, value, rounding: str = ROUND_HALF_UP) -> Cell:
    """An actual or expected value of the target, shown as the target is written (a % or a number)."""
    if progress.target.is_percentage:
        return Cell.percent(value, rounding)
    return Cell.number(value, 2, rounding=rounding)


def goal_cell(progress: Progress) -> Cell:
    """The value the target is measured against, as the documents write it; or that the unit has none."""
    if progress.goal is None:
        return Cell(gettext("Chưa được giao chỉ tiêu"))
    return Cell(progress.goal_text)


class ExportableView(TemplateView):
    """A page whose `tables` also download as CSV or XLSX (`?format=csv|xlsx`), from the same rows."""

    export_name = "bao-cao"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        export = EXPORTERS.get(request.GET.get("format", ""))
        if export:
            about = about_table(context["about"]) if context.get("about") else None
            return export(tables=[*([about] if about else []), *context["tables"]], name=context["export_name"])
        return self.render_to_response(context)


class ScopedView(ExportableView):
    """A page about one program, from one unit, for one year as of one quarter."""

    def get_context_data(self, **kwargs):
        user = self.request.user
        program = found(dashboard_program_get(user=user, slug=kwargs["slug"]))
        data = filters(self.request, years=program.years, target_ids={t.pk for t in program.targets.all()})
        self.scope = scope = found(
            dashboard_scope(
                user=user,
                program=program,
                unit_id=data.get("unit"),
                year=data.get("year"),
                quarter=data.get("quarter"),
                include_submitted=data.get("counted") == "submitted",
            )
        )
        target = data.get("target")
        shown = {"year": scope.year, "quarter": scope.quarter, "unit": scope.unit.pk, "target": target}
        counted_units = counted_line(scope)
        mode = "da-gui" if scope.include_submitted else "da-duyet"
        return super().get_context_data(
            program=program,
            scope=scope,
            form=DashboardFilterForm(
                initial={**shown, "counted": counted(include_submitted=scope.include_submitted)}, years=program.years
            ),
            ancestors=[(unit, self.unit_url(unit)) for unit in unit_ancestors(user=user, unit=scope.unit)],
            query=scope.query(target=target),
            counted_query={choice: scope.query(counted=choice, target=target) for choice in ("approved", "submitted")},
            counted_units=counted_units,
            about=[
                (_("Chương trình"), str(program)),
                (_("Đơn vị"), scope.unit.name),
                (_("Kỳ"), scope.period_label),
                (_("Báo cáo được tính"), counting_label(include_submitted=scope.include_submitted)),
                (_("Đơn vị đã báo cáo"), counted_units),
                (_("Lập lúc"), format_moment(timezone.now())),
            ],
            export_name=(f"{program.slug}-{self.export_name}-{scope.unit.code}-{scope.year}-q{scope.quarter}-{mode}"),
            **self.build(scope, data),
            **kwargs,
        )

    def build(self, scope: Scope, data: dict) -> dict:
        """The page's own context: its tables (for the exports too) and whatever else it shows."""
        raise NotImplementedError

    def unit_url(self, unit) -> str:
        """The program dashboard of the same scope, seen from `unit` (where the tables drill down to)."""
        return f"{reverse('dashboards:dashboard', args=[self.scope.program.slug])}?{self.scope.query(unit=unit.pk)}"


class DashboardIndexView(TemplateView):
    template_name = "dashboards/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(programs=program_list(user=self.request.user), **kwargs)
