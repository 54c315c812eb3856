"""Reported figures added up, in a fixed number of queries whatever the number of units and quarters.

Figures are aggregated in SQL per unit — flows summed over the reports' quarters, stocks each unit's
latest value (a window function) — and rolled up the tree in Python in one pass over those grouped
rows. What the totals mean for a target is targets.measuring's business.

Two rules keep a figure from being counted twice or after its time:
- the lowest reporting units count: when a unit and a unit below it both reported a figure in the
  reports looked at, the upper unit's own value for it is left out (its branches' figures already
  make it up);
- a retired or merged unit's stocks stop counting once it retired (its flows of the quarters
  before still count: Report.objects.counted leaves out only what it filed after).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from itertools import pairwise

from django.db.models import F, Sum, Window
from django.db.models.functions import RowNumber

from organisations.models import Organisation, active_in
from reports.models import ReportValue
from targets.measuring import Totals, year_before_figures
from targets.models import Figure

UnitRow = tuple[str, int, int, Decimal]  # unit path, unit province id, figure id, value
GroupKey = Callable[[str, int], object]  # (unit path, province id) → the group the unit's row adds to


def unit_rows(*, reports, figures: list[Figure], as_of: tuple[int, int]) -> list[UnitRow]:
    """Per unit and figure, in two queries: flows summed over `reports`, stocks the latest value.

    Stocks come only from units still active at the end of the `as_of` (year, quarter).
    """
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
        .filter(active_in(*as_of, via="report__unit__"))
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
    return lowest_reporters([*flows, *stocks])


def with_year_before(rows: list[UnitRow], *, targets, reports_before, year: int) -> list[UnitRow]:
    """`rows` and, for growth targets, their stocks at the end of the year before `year`, from
    `reports_before` (that year's counted reports), under the figure's negated id."""
    figures = year_before_figures(targets)
    if not figures:
        return rows
    before = unit_rows(reports=reports_before, figures=figures, as_of=(year - 1, 4))
    return rows + [(path, province_id, -figure_id, value) for path, province_id, figure_id, value in before]


def lowest_reporters(rows: Iterable[UnitRow]) -> list[UnitRow]:
    """The rows left once a unit's own value is dropped wherever a unit below it reported the same figure."""
    rows = list(rows)
    upper = upper_reporters((figure_id, path) for path, _province, figure_id, _value in rows)
    return [row for row in rows if (row[2], row[0]) not in upper]


def upper_reporters(reported: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """Of the (figure id, unit path) pairs reported, those with a unit below that reported the same figure.

    Sorted by figure and path, a unit's descendants follow it directly (paths are zero-padded).
    """
    ordered = sorted(set(reported))
    return {
        (figure_id, path)
        for (figure_id, path), (next_figure, next_path) in pairwise(ordered)
        if next_figure == figure_id and next_path.startswith(path)
    }


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
