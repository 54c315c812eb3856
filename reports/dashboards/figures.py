"""Reported figures added up, in a fixed number of queries whatever the number of units and quarters.

Figures are aggregated in SQL per unit — flows summed over the reports' quarters, stocks each unit's
latest value (a window function) — and rolled up the tree in Python in one pass over those grouped
rows. What the totals mean for a target is targets.measuring's business.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import F, Sum, Window
from django.db.models.functions import RowNumber

from organisations.models import Organisation
from reports.models import ReportValue
from targets.measuring import Totals
from targets.models import Figure

UnitRow = tuple[str, int, int, Decimal]  # unit path, unit province id, figure id, value
GroupKey = Callable[[str, int], object]  # (unit path, province id) → the group the unit's row adds to


def unit_rows(*, reports, figures: list[Figure]) -> list[UnitRow]:
    """Per unit and figure, in two queries: flows summed over `reports`, stocks the latest value."""
    keys = ("report__unit__path", "report__unit__province_id", "figure_id")
    values = ReportValue.objects.filter(report__in=reports).order_by()
    flows = (
        values.filter(figure__in=[f.pk for f in figures if f.is_flow])
        .values(*keys)
        .annotate(total=Sum("value"))
        .values_list(*keys, "total")
    )
    stocks = (
        values.filter(figure__in=[f.pk for f in figures if not f.is_flow])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("report__unit_id"), F("figure_id")],
                order_by=[F("report__period__year").desc(), F("report__period__quarter").desc()],
            )
        )
        .filter(rank=1)
        .values_list(*keys, "value")
    )
    return [*flows, *stocks]


def roll_up(rows: Iterable[UnitRow], key: GroupKey) -> dict[object, Totals]:
    """Sum unit rows into groups (the whole scope, each child's subtree, each province)."""
    totals: dict[object, dict[int, Decimal]] = defaultdict(dict)
    for path, province_id, figure_id, value in rows:
        group = key(path, province_id)
        if group is not None:
            totals[group][figure_id] = totals[group].get(figure_id, Decimal(0)) + value
    return totals


def whole(rows: Iterable[UnitRow]) -> Totals:
    """Every unit's rows added together."""
    return roll_up(rows, lambda _path, _province: "all").get("all", {})


def by_child(root: Organisation) -> GroupKey:
    """Which child of `root` a unit path falls under (None for the root's own reports)."""

    def key(path: str, _province_id: int) -> int | None:
        rest = path[len(root.path) :]
        return int(rest.split("/", 1)[0]) if rest else None

    return key


def by_province(_path: str, province_id: int) -> int:
    return province_id
