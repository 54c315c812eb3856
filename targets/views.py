"""The program pages (/programs/): each program as its document has it, targets included.

They show a program's targets and baselines, so they live here, above the programs app.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from nongdan.numbers import format_number
from organisations.models import Organisation
from organisations.permissions import Action, can, memberships_of
from programs.selectors import assignments_by_body, program_list
from targets.allocating import AllocationConflict, allocation_changes, allocation_grid, allocations_save
from targets.allocation_workbook import grid_read, grid_workbook, workbook_name
from targets.forms import AllocationGridForm, cell_name, grid_data, rebased_data
from targets.selectors import allocation_place, program_get, target_changes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProgramListView(ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"

    def get_queryset(self):
        return program_list(user=self.request.user)


class ProgramDetailView(DetailView):
    template_name = "programs/program_detail.html"
    context_object_name = "program"

    def get_object(self, queryset=None):
        program = program_get(user=self.request.user, slug=self.kwargs["slug"])
        if program is None:
            raise Http404
        return program

    def get_context_data(self, **kwargs):
        program = self.object
        targets = list(program.targets.all())
        tasks = list(program.tasks.all())
        return super().get_context_data(
            targets=targets,
            tasks=tasks,
            bodies=assignments_by_body(program=program),
            target_changes=target_changes(program=program),
            allocation_url=_allocation_url(self.request.user, program),
            targets_missing=max((program.declared_target_count or 0) - len(targets), 0),
            tasks_missing=max((program.declared_task_count or 0) - len(tasks), 0),
            **kwargs,
        )


def _allocation_url(user, program) -> str | None:
    """Where the user hands the program's targets down, if they may: this year's grid at the plan's top,
    or at their own unit for those who allocate only their own unit's share."""
    year = _default_year(program)
    top = allocation_place(user=user, slug=program.slug, year=year, unit_id=None)
    if top is None:
        return None
    own = [m.organisation for m in memberships_of(user) if program.covers(m.organisation)]
    for unit in [top[1], *own]:
        if unit.is_association and can(user, Action.ALLOCATE, unit):
            return reverse("programs:allocation", args=[program.slug, year, unit.pk])
    return None


def _default_year(program) -> int:
    return min(max(timezone.localdate().year, program.start_year), program.end_year)


class AllocationMixin:
    """The grid of one unit's children for one year of a program: readable by those who may allocate there."""

    def dispatch(self, request, *args, **kwargs):
        place = allocation_place(
            user=request.user, slug=kwargs["slug"], year=kwargs["year"], unit_id=kwargs.get("unit_id")
        )
        if place is None:
            raise Http404
        self.program, self.parent = place
        if not can(request.user, Action.ALLOCATE, self.parent):
            raise PermissionDenied
        self.year = kwargs["year"]
        return super().dispatch(request, *args, **kwargs)

    def grid(self):
        return allocation_grid(program=self.program, parent=self.parent, year=self.year)


class AllocationView(AllocationMixin, View):
    """Giao chỉ tiêu: the children × targets grid, saved all at once, or filled from an uploaded sheet."""

    template_name = "programs/allocation.html"

    def get(self, request, *args, **kwargs):
        grid = self.grid()
        return self.show(grid, AllocationGridForm(grid=grid))

    def post(self, request, *args, **kwargs):
        grid = self.grid()
        if "file" in request.FILES:
            return self.upload(grid, request.FILES["file"])
        form = AllocationGridForm(request.POST, grid=grid)
        if not form.is_valid():
            return self.show(grid, form, status=400)
        try:
            saved = allocations_save(
                grid=grid, values=form.values(), loaded=form.cleaned_data["loaded"], by=request.user
            )
        except AllocationConflict as conflict:
            return self.conflict(form, conflict)
        messages.success(request, _("Đã lưu %(n)s ô chỉ tiêu được giao.") % {"n": format_number(saved)})
        for total in self.grid().totals():
            if total.differs:
                messages.warning(request, _different(total))
        return redirect(request.path)

    def upload(self, grid, uploaded):
        read = grid_read(uploaded.read(), grid)
        if read.problems:
            return self.show(grid, AllocationGridForm(grid=grid), problems=read.problems, status=400)
        form = AllocationGridForm(grid_data(grid, read.values), grid=grid)
        form.is_valid()
        messages.info(
            self.request,
            _(
                "Đã đọc tệp %(name)s: các số trong tệp đã điền vào bảng dưới đây nhưng chưa được lưu."
                " Hãy xem lại rồi bấm “Lưu”."
            )
            % {"name": uploaded.name},
        )
        return self.show(grid, form, uploaded=True)

    def conflict(self, form, conflict: AllocationConflict):
        fresh = self.grid()
        rebased = AllocationGridForm(rebased_data(form, fresh), grid=fresh)
        rebased.is_valid()
        for key in conflict.cells:
            now = fresh.values.get(key)
            rebased.add_error(
                cell_name(key),
                _(
                    "Người khác vừa sửa ô này (nay là %(now)s). Số anh/chị nhập vẫn còn đây:"
                    " xem lại rồi bấm “Lưu” lần nữa."
                )
                % {"now": format_number(now) if now is not None else _("để trống")},
            )
        return self.show(fresh, rebased, status=409)

    def show(self, grid, form, *, problems=(), uploaded=False, status=200):
        values = form.values() if form.is_bound and form.is_valid() else grid.values
        changes, change_count = allocation_changes(grid=grid)
        context = {
            "program": self.program,
            "grid": grid,
            "form": form,
            "totals": grid.totals(values),
            "problems": problems,
            "uploaded": uploaded,
            "changes": changes,
            "change_count": change_count,
            "path": [unit for unit in self._path() if can(self.request.user, Action.ALLOCATE, unit)],
            "years": list(self.program.years),
        }
        return render(self.request, self.template_name, context, status=status)

    def _path(self):
        """The units above the parent down to it, within the plan's reach: the breadcrumb."""
        above = Organisation.objects.filter(pk__in=self.parent.ancestor_ids()).filter(self.program.coverage())
        return list(above.order_by("path"))


class AllocationExcelView(AllocationMixin, View):
    def get(self, request, *args, **kwargs):
        grid = self.grid()
        response = HttpResponse(grid_workbook(grid), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{workbook_name(grid)}"'
        return response


def _different(total) -> str:
    column = total.column
    return _(
        "Mục tiêu %(label)s: tổng đã giao cho các đơn vị là %(sum)s, khác với chỉ tiêu %(parent)s của cấp trên."
    ) % {
        "label": column.target.label,
        "sum": format_number(total.value),
        "parent": format_number(column.parent_value),
    }
