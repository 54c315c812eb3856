"""Breakdown by unit: each child unit's subtree against its own targets, behind first.

Counts are shown against what each unit was allocated (giao chỉ tiêu), the footer against the chosen
unit's own target; ratios against the program's own target (a percentage applies to every unit alike).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from organisations.models import Organisation
from reports.dashboards import figures
from reports.dashboards.base import ScopedView, value_cell
from reports.dashboards.colours import status_badge
from reports.dashboards.exports import Cell, Table
from reports.dashboards.scope import Scope
from targets.measuring import Progress
from targets.models import Target
from targets.selectors import unit_allocations

# --- Reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProgress:
    unit: Organisation
    progress: list[Progress]

    @property
    def lagging(self) -> int:
        """Targets with nothing to measure yet, or short of the unit's own target (nearly or behind)."""
        return sum(p.actual is None or p.is_short for p in self.progress)


@dataclass(frozen=True)
class Breakdown:
    targets: list[Target]
    children: list[UnitProgress]  # the most lagging first
    whole: UnitProgress  # the scope's unit with everything below it


def unit_breakdown(*, scope: Scope) -> Breakdown:
    """Each child unit of the scope's unit (active in the scope's year), measured over its subtree."""
    targets = list(scope.program.targets.all())
    children = list(
        Organisation.objects.associations()
        .filter(parent=scope.unit)
        .filter(Q(retired_on__isnull=True) | Q(retired_on__year__gte=scope.year))
        .order_by("name")
    )
    rows = scope.rows(targets)
    totals = figures.roll_up(rows, figures.by_child(scope.unit))
    allocated = unit_allocations(program=scope.program, units=[scope.unit, *children], year=scope.year)
    period = {"year": scope.year, "quarter": scope.quarter}
    entries = [
        UnitProgress(child, Progress.of(targets, totals.get(child.pk, {}), **period, allocated=allocated[child.pk]))
        for child in children
    ]
    entries.sort(key=lambda entry: (-entry.lagging, entry.unit.name))
    whole = UnitProgress(
        scope.unit, Progress.of(targets, figures.whole(rows), **period, allocated=allocated[scope.unit.pk])
    )
    return Breakdown(targets=targets, children=entries, whole=whole)


# --- The page ------------------------------------------------------------------------------------


def _cells(own: UnitProgress) -> list[Cell]:
    """Per target: the unit's actual, then its status, numerator and denominator (a ratio) or its target and
    the % of it reached (a count)."""
    cells = []
    for mine in own.progress:
        cells.append(value_cell(mine, mine.actual))
        if mine.target.is_rate:
            cells += [status_badge(mine.status), Cell.number(mine.numerator), Cell.number(mine.denominator)]
        else:
            reached = mine.actual * 100 / mine.goal if mine.actual is not None and mine.goal else None
            cells += [Cell.number(mine.goal, 2), Cell.percent(reached)]
    return cells


def _headers(targets: list[Target]) -> list[str]:
    headers = [_("Đơn vị"), _("Số mục tiêu chưa đạt tiến độ hoặc chưa có số liệu")]
    for t in targets:
        headers.append(_("%(label)s. %(name)s: thực hiện") % {"label": t.label, "name": t.short_name})
        if t.is_rate:
            headers.append(_("%(label)s: so với chỉ tiêu") % {"label": t.label})
            headers.append(_("%(label)s: tử số") % {"label": t.label})
            headers.append(_("%(label)s: mẫu số") % {"label": t.label})
        else:
            headers.append(_("%(label)s: chỉ tiêu được giao") % {"label": t.label})
            headers.append(_("%(label)s: %% so với chỉ tiêu được giao") % {"label": t.label})
    return headers


def breakdown_table(breakdown: Breakdown, *, scope: Scope, unit_url: Callable[[Organisation], str]) -> Table:
    whole = breakdown.whole
    return Table(
        title=_("Theo đơn vị — %(period)s") % {"period": scope.period_label},
        slug="theo-don-vi",
        headers=_headers(breakdown.targets),
        rows=[
            [Cell(child.unit.name, url=unit_url(child.unit)), Cell.number(child.lagging), *_cells(child)]
            for child in breakdown.children
        ],
        footer=[[Cell(_("Toàn %(unit)s") % {"unit": whole.unit.name}), Cell.number(whole.lagging), *_cells(whole)]],
    )


class UnitBreakdownView(ScopedView):
    template_name = "dashboards/units.html"
    export_name = "theo-don-vi"

    def build(self, scope, data):
        table = breakdown_table(unit_breakdown(scope=scope), scope=scope, unit_url=self.unit_url)
        return {"table": table, "tables": [table], "tab": "units"}
