"""The program's dashboard: every target's actual, what is expected by the quarter, and how it stands.

Also the program's baselines beside the targets. Its A4 print view is the board's report
(reports.dashboards.document), built from these tables.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from nongdan.dates import format_date
from programs.models import Program
from reports.dashboards import figures
from reports.dashboards.base import ScopedView, goal_cell, shown_rounding, value_cell
from reports.dashboards.colours import chart_colour, status_badge
from reports.dashboards.exports import Cell, Table
from reports.dashboards.review import headline
from reports.dashboards.scope import Scope
from targets.measuring import Progress
from targets.selectors import unit_allocations

# --- Reads ---------------------------------------------------------------------------------------


def program_progress(*, scope: Scope) -> list[Progress]:
    """Each of the program's targets measured over the scope's unit and everything below it.

    A unit below the plan's owner is measured against what it was allocated.
    """
    targets = list(scope.program.targets.all())
    rows = scope.rows(targets)
    allocated = unit_allocations(program=scope.program, units=[scope.unit], year=scope.year)[scope.unit.pk]
    return Progress.of(targets, figures.whole(rows), year=scope.year, quarter=scope.quarter, allocated=allocated)


# --- The page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    progress: list[Progress]
    table: Table
    baselines: Table | None
    chart: dict


# On a phone: the target (number and name), what was reached, the % achieved and the status.
PHONE_COLUMNS = (0, 1, 4, 6, 7)


def progress_table(progress: list[Progress], *, scope: Scope) -> Table:
    period = scope.period_label
    return Table(
        title=_("Kết quả thực hiện — %(period)s") % {"period": period},
        slug="ket-qua",
        phone_columns=PHONE_COLUMNS,
        headers=[
            _("Số"),
            _("Mục tiêu"),
            _("Chỉ tiêu năm %(year)s") % {"year": scope.year},
            _("Đơn vị tính"),
            _("Thực hiện đến %(period)s") % {"period": period},
            _("Yêu cầu đến %(period)s") % {"period": period},
            _("Đạt so với yêu cầu"),
            _("Tình trạng"),
            _("Tử số"),
            _("Mẫu số"),
        ],
        rows=[
            [
                Cell(p.target.label),
                Cell(p.target.short_name),
                goal_cell(p),
                Cell(p.target.unit_of_measure),
                value_cell(p, p.actual, shown_rounding(p, p.actual, p.expected)),
                value_cell(p, p.expected),
                Cell.percent(p.percent_of_expected, shown_rounding(p, p.percent_of_expected, 100, upward=True)),
                status_badge(p.status),
                Cell.number(p.numerator),
                Cell.number(p.denominator),
            ]
            for p in progress
        ],
    )


def progress_chart(progress: list[Progress], table: Table) -> dict:
    """% achieved per target, as a bar, in its status's colour; the numbers are the table's."""
    achieved = [row[6].value for row in table.rows]
    return {
        "type": "bar",
        "data": {
            "labels": [p.target.label for p in progress],
            "datasets": [
                {
                    "label": str(_("Đạt so với yêu cầu (%)")),
                    "data": [None if value is None else float(value) for value in achieved],
                    "backgroundColor": [chart_colour(p.status) for p in progress],
                }
            ],
        },
        "options": {"indexAxis": "y", "plugins": {"legend": {"display": False}}},
    }


def baseline_table(program: Program) -> Table | None:
    baselines = list(program.baselines.all())
    if not baselines:
        return None
    return Table(
        title=_("Số liệu nền"),
        slug="so-lieu-nen",
        headers=[_("Chỉ số"), _("Giá trị"), _("Đơn vị tính"), _("Thời điểm")],
        rows=[
            [
                Cell(b.label),
                Cell.percent(b.value) if b.unit_of_measure == "%" else Cell.number(b.value, 2),
                Cell(b.unit_of_measure),
                Cell(format_date(b.as_of) if b.as_of else b.as_of_text),
            ]
            for b in baselines
        ],
    )


def program_dashboard(*, scope: Scope) -> Dashboard:
    progress = program_progress(scope=scope)
    table = progress_table(progress, scope=scope)
    return Dashboard(
        progress=progress,
        table=table,
        baselines=baseline_table(scope.program),
        chart=progress_chart(progress, table),
    )


class DashboardView(ScopedView):
    template_name = "dashboards/dashboard.html"
    export_name = "ket-qua"

    def build(self, scope, data):
        dashboard = program_dashboard(scope=scope)
        tables = [dashboard.table, *([dashboard.baselines] if dashboard.baselines else [])]
        return {"dashboard": dashboard, "tables": tables, "tab": "dashboard", "headline": headline(dashboard.progress)}
