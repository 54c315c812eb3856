"""One target quarter by quarter over the program's years, up to the scope's as-of quarter.

Counted as the dashboard counts (reports.dashboards.figures): the lowest reporting units only, and a
retired unit's stocks no longer from the quarter it retired in.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from nongdan.numbers import format_quarter
from organisations.models import quarter_end
from reports.dashboards.base import ScopedView, value_cell
from reports.dashboards.colours import THEME, status_badge
from reports.dashboards.exports import Cell, Table
from reports.dashboards.figures import upper_reporters
from reports.dashboards.scope import Scope
from reports.models import Report, ReportValue
from targets.measuring import Progress, figures_of
from targets.models import Figure, Target

# --- Reads ---------------------------------------------------------------------------------------

UnitValue = tuple[str, datetime.date | None, int, Decimal]  # unit path, unit retired on, figure id, value


@dataclass(frozen=True)
class TrendPoint:
    progress: Progress  # from the start of the year to the end of the quarter
    in_quarter: Decimal | None  # a flow's own quarter; None for stocks and ratios, or nothing reported


def _values_by_quarter(*, scope: Scope, figures: list[Figure], since: int) -> dict[tuple[int, int], list[UnitValue]]:
    """Every counted value of the figures since the year `since`, in one query, by (year, quarter)."""
    reports = Report.objects.counted(include_submitted=scope.include_submitted).filter(
        Q(period__year__lt=scope.year) | Q(period__year=scope.year, period__quarter__lte=scope.quarter),
        unit__path__startswith=scope.unit.path,
        period__year__gte=since,
    )
    values = (
        ReportValue.objects.filter(report__in=reports, figure__in=figures)
        .order_by()
        .values_list(
            "report__unit__path",
            "report__unit__retired_on",
            "report__period__year",
            "report__period__quarter",
            "figure_id",
            "value",
        )
    )
    upper = upper_reporters((figure_id, path) for path, _r, _y, _q, figure_id, _v in values)
    by_quarter = defaultdict(list)
    for path, retired_on, year, quarter, figure_id, value in values:
        if (figure_id, path) not in upper:
            by_quarter[year, quarter].append((path, retired_on, figure_id, value))
    return by_quarter


def _year_points(
    target: Target, year: int, quarters: range, by_quarter, flow_ids: set[int], before: Decimal | None
) -> list[TrendPoint]:
    """Totals from the start of the year, quarter by quarter; `before`: a growth's stock at the end of the
    year before.

    Each unit's latest stock is kept, so a unit that skips a quarter still counts with its last value.
    """
    totals: dict[int, Decimal] = {} if before is None else {-target.numerator_id: before}
    latest: dict[tuple[str, int], tuple[Decimal, datetime.date | None]] = {}
    points = []
    for quarter in quarters:
        in_quarter = None
        for path, retired_on, figure_id, value in by_quarter[year, quarter]:
            if figure_id in flow_ids:
                change = value
            else:
                change = value - latest.get((path, figure_id), (Decimal(0), None))[0]
                latest[path, figure_id] = (value, retired_on)
            totals[figure_id] = totals.get(figure_id, Decimal(0)) + change
            if figure_id == target.numerator_id and figure_id in flow_ids:
                in_quarter = (in_quarter or Decimal(0)) + value
        for key, (_value, retired_on) in list(latest.items()):
            if retired_on is not None and retired_on <= quarter_end(year, quarter):
                totals[key[1]] -= latest.pop(key)[0]
        points.append(TrendPoint(Progress.of([target], totals, year=year, quarter=quarter)[0], in_quarter))
    return points


def target_trend(*, scope: Scope, target: Target) -> list[TrendPoint]:
    """The target at the end of every quarter from the program's start to the scope's as-of quarter."""
    figures = figures_of([target])
    start = scope.program.start_year
    # A growth is measured against the end of the year before: the first year needs the one before it.
    first = start - 1 if target.measure == Target.Measure.GROWTH else start
    by_quarter = _values_by_quarter(scope=scope, figures=figures, since=first)
    flow_ids = {f.pk for f in figures if f.is_flow}
    points, before = [], None
    for year in range(first, scope.year + 1):
        quarters = range(1, 5 if year < scope.year else scope.quarter + 1)
        year_points = _year_points(target, year, quarters, by_quarter, flow_ids, before)
        before = year_points[-1].progress.numerator if year_points else None
        if year >= start:
            points += year_points
    return points


# --- The page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    target: Target
    table: Table
    chart: dict


def _actual_header(target: Target) -> str:
    return {
        Target.Measure.FLOW_TOTAL: _("Lũy kế từ đầu năm"),
        Target.Measure.STOCK_LATEST: _("Có đến cuối quý"),
        Target.Measure.RATIO: _("Tỷ lệ đến cuối quý"),
        Target.Measure.GROWTH: _("Tăng trưởng so với cuối năm trước"),
    }[target.measure]


def _row(point: TrendPoint, *, with_quarter: bool) -> list[Cell]:
    p = point.progress
    return [
        Cell(format_quarter(p.year, p.quarter)),
        *([Cell.number(point.in_quarter, 2)] if with_quarter else []),
        value_cell(p, p.actual),
        Cell(p.goal_text),
        value_cell(p, p.expected),
        Cell.percent(p.percent_of_expected),
        status_badge(p.status),
    ]


def trend_table(points: list[TrendPoint], *, target: Target) -> Table:
    """A flow shows each quarter's own figure beside the year's running total."""
    is_flow = target.measure == Target.Measure.FLOW_TOTAL
    headers = [_("Quý"), *([_("Phát sinh trong quý")] if is_flow else []), _actual_header(target)]
    headers += [_("Chỉ tiêu năm"), _("Yêu cầu đến quý"), _("Đạt so với yêu cầu"), _("Tình trạng")]
    return Table(
        title=_("Diễn biến: %(label)s. %(name)s") % {"label": target.label, "name": target.short_name},
        slug="dien-bien",
        headers=headers,
        rows=[_row(point, with_quarter=is_flow) for point in points],
    )


def trend_chart(table: Table, *, target: Target) -> dict:
    """The actual against what is expected by each quarter; the numbers are the table's."""
    actual = 2 if target.measure == Target.Measure.FLOW_TOTAL else 1
    return {
        "type": "line",
        "data": {
            "labels": [row[0].text for row in table.rows],
            "datasets": [
                {
                    "label": _actual_header(target),
                    "data": [None if row[actual].value is None else float(row[actual].value) for row in table.rows],
                    "borderColor": THEME["success"],
                    "backgroundColor": THEME["success"],
                    "spanGaps": False,
                },
                {
                    "label": str(_("Yêu cầu đến quý")),
                    "data": [float(row[actual + 2].value) for row in table.rows],
                    "borderColor": THEME["secondary"],
                    "borderDash": [6, 4],
                    "pointRadius": 0,
                },
            ],
        },
        "options": {"scales": {"y": {"beginAtZero": True}}},
    }


def trend_page(*, scope: Scope, target: Target) -> Trend:
    table = trend_table(target_trend(scope=scope, target=target), target=target)
    return Trend(target=target, table=table, chart=trend_chart(table, target=target))


class TrendView(ScopedView):
    template_name = "dashboards/trend.html"
    export_name = "dien-bien"

    def build(self, scope, data):
        targets = list(scope.program.targets.all())
        if not targets:
            return {"targets": [], "tables": [], "tab": "trend"}
        target = next((t for t in targets if t.pk == data["target"]), targets[0])
        trend = trend_page(scope=scope, target=target)
        return {"targets": targets, "trend": trend, "tables": [trend.table], "tab": "trend"}
