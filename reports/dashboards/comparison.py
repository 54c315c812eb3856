"""Comparison across programs: targets that several programs measure with the same figures.

Each program is measured against its own target, over the units of its province the reader may
read: a board sees its province's totals, a commune's reporter or approver their commune's subtree
(never the province's totals), and the table says whose figures they are.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from nongdan.dates import format_moment
from nongdan.numbers import format_review
from organisations.models import Organisation
from organisations.permissions import Action, unit_filter, units_for, visible_provinces
from programs.models import Program
from reports.dashboards import figures
from reports.dashboards.base import DashboardFilterForm, ExportableView, counted, counting_label, filters, value_cell
from reports.dashboards.colours import status_badge
from reports.dashboards.exports import Cell, Table
from reports.dashboards.scope import default_period, latest_counted_period
from reports.models import Report
from targets.measuring import Progress, figures_of
from targets.models import Target
from targets.selectors import targets_prefetch

# --- Reads ---------------------------------------------------------------------------------------


def comparison_years(*, user) -> list[int]:
    spans = Program.objects.in_provinces(visible_provinces(user)).values_list("start_year", "end_year")
    return sorted({year for start, end in spans for year in range(start, end + 1)})


def comparison_period(
    *, user, year: int | None, quarter: int | None, include_submitted: bool
) -> tuple[int, int] | None:
    """The year and quarter asked for, else the latest with counted data in the units the user may read."""
    years = comparison_years(user=user)
    if not years:
        return None
    reports = Report.objects.counted(include_submitted=include_submitted).filter(unit__in=units_for(user, Action.VIEW))
    latest = latest_counted_period(reports, years=[year] if year else years)
    fallback = latest or default_period(range(year, year + 1) if year else range(years[0], years[-1] + 1))
    return year or fallback[0], quarter or fallback[1]


@dataclass(frozen=True)
class Compared:
    program: Program
    progress: Progress
    whose: str
    """Whose figures: the province's name, or the highest units of it the reader may read."""


def _shared_targets(programs: list[Program]) -> list[tuple[Program, Target]]:
    """Targets measured with the same figures as a target of another program, grouped by those figures."""
    groups: dict[tuple[str, str], list[tuple[Program, Target]]] = defaultdict(list)
    for program in programs:
        for target in program.targets.all():
            key = (target.numerator.code, target.denominator.code if target.denominator_id else "")
            groups[key].append((program, target))
    return [pair for pairs in groups.values() if len({p.pk for p, _t in pairs}) > 1 for pair in pairs]


def _whose_figures(*, user, provinces: dict[int, str]) -> dict[int, str]:
    """Per province, whose figures the reader's sums hold: the province's name when they may read all
    of it, otherwise the highest units they may read there (a commune reporter's own commune)."""
    tops = (
        Organisation.objects.associations()
        .filter(unit_filter(user, Action.VIEW), province_id__in=provinces)
        .exclude(parent__in=units_for(user, Action.VIEW))
        .order_by("path")
    )
    names: dict[int, list[str]] = defaultdict(list)
    whole: dict[int, str] = {}
    for unit in tops:
        names[unit.province_id].append(unit.name)
        if unit.parent_id is None:
            whole[unit.province_id] = provinces[unit.province_id]
    return {province_id: whole.get(province_id) or ", ".join(names[province_id]) for province_id in provinces}


def program_comparison(*, user, year: int, quarter: int, include_submitted: bool) -> list[Compared]:
    """The shared targets of the province-wide programs in force that year that the user may see, each measured.

    A commune's or district's own plan is measured on its own dashboard, not against other provinces.
    """
    programs = list(
        Program.objects.in_provinces(visible_provinces(user))
        .active()
        .province_wide()
        .exclude(status=Program.Status.SUPERSEDED)
        .filter(start_year__lte=year, end_year__gte=year)
        .select_related("province")
        .prefetch_related(targets_prefetch())
        .order_by("province__name", "number")
    )
    shared = _shared_targets(programs)
    provinces = {p.province_id: p.province.name for p in programs}
    counted = Report.objects.counted(include_submitted=include_submitted).filter(
        unit__in=units_for(user, Action.VIEW), unit__province__in=list(provinces)
    )
    targets = [target for _p, target in shared]
    rows = figures.unit_rows(
        reports=counted.filter(period__year=year, period__quarter__lte=quarter),
        figures=figures_of(targets),
        as_of=(year, quarter),
    )
    rows = figures.with_year_before(
        rows, targets=targets, reports_before=counted.filter(period__year=year - 1), year=year
    )
    totals = figures.roll_up(rows, figures.by_province)
    whose = _whose_figures(user=user, provinces=provinces)
    return [
        Compared(
            program,
            Progress.of([target], totals.get(program.province_id, {}), year=year, quarter=quarter)[0],
            whose[program.province_id],
        )
        for program, target in shared
    ]


# --- The page ------------------------------------------------------------------------------------


def _row(compared: Compared) -> list[Cell]:
    program, p = compared.program, compared.progress
    target = p.target
    return [
        Cell(target.numerator.name + (f" / {target.denominator.name}" if target.denominator_id else "")),
        Cell(program.number or _("Dự thảo")),
        Cell(compared.whose),
        Cell(f"{target.label}. {target.short_name}"),
        Cell(p.goal_text),
        value_cell(p, p.actual),
        value_cell(p, p.expected),
        Cell.percent(p.percent_of_expected),
        status_badge(p.status),
    ]


def comparison_table(compared: list[Compared], *, year: int, quarter: int) -> Table:
    period = format_review(year, quarter)
    return Table(
        title=_("So sánh giữa các chương trình — %(period)s") % {"period": period},
        slug="so-sanh",
        headers=[
            _("Số liệu"),
            _("Chương trình"),
            _("Số liệu của"),
            _("Mục tiêu"),
            _("Chỉ tiêu năm %(year)s") % {"year": year},
            _("Thực hiện đến %(period)s") % {"period": period},
            _("Yêu cầu đến %(period)s") % {"period": period},
            _("Đạt so với yêu cầu"),
            _("Tình trạng"),
        ],
        rows=[_row(c) for c in compared],
    )


class ComparisonView(ExportableView):
    template_name = "dashboards/compare.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        years = comparison_years(user=user)
        data = filters(self.request, years=years)
        include_submitted = data.get("counted") == "submitted"
        period = comparison_period(
            user=user, year=data.get("year"), quarter=data.get("quarter"), include_submitted=include_submitted
        )
        if period is None:
            return super().get_context_data(table=None, tables=[], export_name="so-sanh", **kwargs)
        year, quarter = period
        compared = program_comparison(user=user, year=year, quarter=quarter, include_submitted=include_submitted)
        table = comparison_table(compared, year=year, quarter=quarter)
        shown = {"year": year, "quarter": quarter, "counted": counted(include_submitted=include_submitted)}
        return super().get_context_data(
            form=DashboardFilterForm(initial=shown, years=years),
            table=table,
            tables=[table],
            period_label=format_review(year, quarter),
            query="&".join(f"{key}={value}" for key, value in shown.items()),
            about=[
                (_("Nội dung"), _("So sánh các mục tiêu đo bằng cùng số liệu giữa các chương trình")),
                (_("Kỳ"), format_review(year, quarter)),
                (_("Báo cáo được tính"), counting_label(include_submitted=include_submitted)),
                (_("Lập lúc"), format_moment(timezone.now())),
            ],
            export_name=f"so-sanh-{year}-q{quarter}-{'da-gui' if include_submitted else 'da-duyet'}",
            **kwargs,
        )
