"""Progress of the tasks: each body a program assigns work to tells, per review period, what it did.

Who writes a body's narrative: the province's program admins, and the people who report for the
body (a "Cán bộ nhập số liệu" role at it, or at the body it was merged into). Everyone who may read
the program reads them, by task or by body; another province's program is a 404.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from nongdan.concurrency import VersionedModelForm
from nongdan.numbers import ROMAN_QUARTERS, format_review
from nongdan.query import ascii_int
from organisations.models import Organisation
from organisations.permissions import Action, can
from programs.models import Assignment, Program
from programs.selectors import assignments_by_body
from reports.dashboards.base import found
from reports.dashboards.scope import dashboard_program_get, default_period
from reports.models import TaskProgress

# --- Reads ---------------------------------------------------------------------------------------


def body_chain(body: Organisation) -> list[Organisation]:
    """The body as the program names it, then each body it was merged into (the one that answers now)."""
    chain = [body]
    while chain[-1].merged_into_id and len(chain) < 10:
        chain.append(chain[-1].merged_into)
    return chain


def may_write(user, assignment: Assignment) -> bool:
    """The province's program admins, and whoever reports for the body (or its successor)."""
    return can(user, Action.MANAGE, assignment.body) or any(
        can(user, Action.REPORT, body) for body in body_chain(assignment.body)
    )


@dataclass(frozen=True)
class Line:
    """One assignment and what its body wrote for the period (None: nothing yet)."""

    assignment: Assignment
    entry: TaskProgress | None
    writable: bool = False

    @property
    def body_now(self) -> Organisation | None:
        """The body that carries the assignment now, when a merger changed it."""
        current = body_chain(self.assignment.body)[-1]
        return current if current.pk != self.assignment.body_id else None


@dataclass(frozen=True)
class Group:
    title: str
    lines: list[Line]
    note: str = ""


def task_progress_lines(*, program: Program, year: int, quarter: int, user=None) -> list[Line]:
    """Every assignment of the program with its narrative for the period, in the document's order."""
    assignments = program.assignments.select_related("task", "body__merged_into__merged_into").order_by("order", "pk")
    entries = {
        entry.assignment_id: entry
        for entry in TaskProgress.objects.filter(assignment__program=program, year=year, quarter=quarter)
    }
    return [Line(a, entries.get(a.pk), writable=user is not None and may_write(user, a)) for a in assignments]


def by_task(lines: list[Line], *, program: Program) -> list[Group]:
    """The program-wide assignments first, then each task with the assignments naming it."""
    groups = [Group(_("Phân công chung của chương trình"), [line for line in lines if not line.assignment.task_id])]
    for task in program.tasks.all():
        mine = [line for line in lines if line.assignment.task_id == task.pk]
        note = "" if mine else _("Chương trình chưa giao nhiệm vụ này cho cơ quan nào.")
        groups.append(Group(f"({task.number}) {task.text}", mine, note))
    return [group for group in groups if group.lines or group.note]


def by_body(lines: list[Line], *, program: Program) -> list[Group]:
    """Each body as the document names it, with its assignments, leading roles first."""
    line_of = {line.assignment.pk: line for line in lines}
    return [
        Group(group.body_name, [line_of[a.pk] for a in group.assignments])
        for group in assignments_by_body(program=program, assignments=[line.assignment for line in lines])
    ]


# --- Writes --------------------------------------------------------------------------------------


@transaction.atomic
def task_progress_save(*, entry: TaskProgress, by) -> TaskProgress:
    """Save a body's narrative; someone else's first narrative for the same period is never overwritten."""
    entry.updated_by = by
    entry.full_clean()
    entry._history_user = by
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:  # created by someone else between the check and the save
        raise ValidationError(_("Kỳ này đã có báo cáo tiến độ của phân công này.")) from error
    return entry


# --- The pages -----------------------------------------------------------------------------------


class TaskProgressForm(VersionedModelForm):
    class Meta:
        model = TaskProgress
        fields = ["status", "text", "documents"]
        widgets = {
            "status": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 6}),
            "documents": forms.Textarea(attrs={"rows": 3}),
        }


VIEWS = {"nhiem-vu": gettext_lazy("Theo nhiệm vụ"), "co-quan": gettext_lazy("Theo cơ quan")}


class ProgramPeriodMixin:
    """The program in the URL (another province's: 404) and a review period of its years."""

    def program_period(self, year: int | None, quarter: int | None) -> tuple[Program, int, int]:
        program = found(dashboard_program_get(user=self.request.user, slug=self.kwargs["slug"]))
        if year in program.years and quarter in ROMAN_QUARTERS:
            return program, year, quarter
        return program, *default_period(program.years)


class TaskProgressView(ProgramPeriodMixin, TemplateView):
    """What the bodies wrote for a period, by task or by body; a link to write where one may."""

    template_name = "dashboards/task_progress.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        program, year, quarter = self.program_period(ascii_int(query.get("year")), ascii_int(query.get("quarter")))
        view = query.get("theo") if query.get("theo") in VIEWS else "nhiem-vu"
        lines = task_progress_lines(program=program, year=year, quarter=quarter, user=self.request.user)
        group = by_task if view == "nhiem-vu" else by_body
        return super().get_context_data(
            program=program,
            year=year,
            quarter=quarter,
            period=format_review(year, quarter),
            years=list(program.years),
            quarters=[(q, format_review(year, q)) for q in ROMAN_QUARTERS],
            view=view,
            views=VIEWS,
            groups=group(lines, program=program),
            written=sum(line.entry is not None for line in lines),
            total=len(lines),
            **kwargs,
        )


class TaskProgressEditView(ProgramPeriodMixin, TemplateView):
    """One body's narrative on one assignment for one period: written by its people or the program admin."""

    template_name = "dashboards/task_progress_form.html"

    def dispatch(self, request, *args, **kwargs):
        year, quarter = kwargs["year"], kwargs["quarter"]
        self.program, self.year, self.quarter = self.program_period(year, quarter)
        if (self.year, self.quarter) != (year, quarter):
            raise Http404
        self.assignment = found(
            self.program.assignments.select_related("task", "body__merged_into__merged_into")
            .filter(pk=kwargs["assignment_id"])
            .first()
        )
        if not may_write(request.user, self.assignment):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def entry(self) -> TaskProgress:
        existing = TaskProgress.objects.filter(assignment=self.assignment, year=self.year, quarter=self.quarter).first()
        return existing or TaskProgress(assignment=self.assignment, year=self.year, quarter=self.quarter)

    def list_url(self) -> str:
        url = reverse("dashboards:tasks", args=[self.program.slug])
        return f"{url}?year={self.year}&quarter={self.quarter}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            program=self.program,
            assignment=self.assignment,
            line=Line(self.assignment, None),
            period=format_review(self.year, self.quarter),
            back=self.list_url(),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=TaskProgressForm(instance=self.entry())))

    def post(self, request, *args, **kwargs):
        form = TaskProgressForm(request.POST, instance=self.entry())
        if form.is_valid():
            try:
                task_progress_save(entry=form.instance, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Đã lưu tiến độ của %(body)s, %(period)s.")
                    % {
                        "body": self.assignment.body_name_as_written,
                        "period": format_review(self.year, self.quarter),
                    },
                )
                return redirect(self.list_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)
