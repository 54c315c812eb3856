"""Giao chỉ tiêu: a unit hands its share of a plan's targets down to its children, on one grid.

The grid is one parent unit's children × the plan's targets, for one year. A cell is what the child
was allocated (blank: nothing yet). Each column knows what the parent itself has to reach: the plan's
own value where the parent is measured against the plan (its owner, the province's top), else the
parent's own allocation, so a commune hands its share on to its branches the same way. Shares are
summed under the column and compared with the parent's value. Only counts are allocated: a ratio or a
growth ("80 % chi hội", "tăng 15 %") is a level every unit reaches alike (targets.measuring).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from nongdan.history import author, history_of, lifecycle
from organisations.models import Organisation
from programs.models import Program
from targets.models import Allocation, Target

CellKey = tuple[int, int]
"""(unit id, target id)"""


@dataclass(frozen=True)
class Column:
    target: Target
    parent_value: Decimal | None
    """What the parent has to reach; None when the parent has not been given this target itself."""

    @property
    def parent_text(self) -> str:
        """The parent's value as the document writes it ("từ 1.500 trở lên"), or "" without one."""
        return "" if self.parent_value is None else self.target.describe(self.parent_value)

    @property
    def decimals_allowed(self) -> bool:
        return self.target.numerator.allows_decimals


@dataclass(frozen=True)
class Total:
    column: Column
    value: Decimal | None
    """The children's shares added up (None when nothing is allocated)."""

    @property
    def differs(self) -> bool:
        parent = self.column.parent_value
        return self.value is not None and parent is not None and self.value != parent


@dataclass
class Row:
    unit: Organisation
    has_children: bool


@dataclass
class Grid:
    program: Program
    parent: Organisation
    year: int
    columns: list[Column]
    rows: list[Row]
    values: dict[CellKey, Decimal] = field(default_factory=dict)

    def value(self, unit: Organisation, target: Target) -> Decimal | None:
        return self.values.get((unit.pk, target.pk))

    def totals(self, values: dict[CellKey, Decimal | None] | None = None) -> list[Total]:
        """The column sums of `values` (by default the saved ones): what the footer and the warnings show."""
        values = self.values if values is None else values
        totals = []
        for column in self.columns:
            shares = [values.get((row.unit.pk, column.target.pk)) for row in self.rows]
            shares = [share for share in shares if share is not None]
            totals.append(Total(column, sum(shares, Decimal(0)) if shares else None))
        return totals


def _children(*, program: Program, parent: Organisation, year: int) -> list[Row]:
    """The parent's association units the plan covers, active at some time in `year`, in tree order."""
    active = Q(retired_on__isnull=True) | Q(retired_on__gt=datetime.date(year, 1, 1))
    below = Organisation.objects.associations().filter(active)
    children = (
        below.filter(parent=parent)
        .filter(program.coverage())
        .annotate(has_children=Exists(below.filter(parent=OuterRef("pk"))))
        .order_by("path")
    )
    return [Row(unit=child, has_children=child.has_children) for child in children]


def allocation_grid(*, program: Program, parent: Organisation, year: int) -> Grid:
    """The grid of `parent`'s children for `year`, with what is allocated, in a fixed number of queries."""
    rows = _children(program=program, parent=parent, year=year)
    targets = [
        target
        for target in program.targets.select_related("numerator").prefetch_related("year_values")
        if not target.is_rate
    ]
    saved = {
        (unit_id, target_id): value
        for unit_id, target_id, value in Allocation.objects.filter(
            target__program=program, year=year, unit__in=[parent, *(row.unit for row in rows)]
        ).values_list("unit_id", "target_id", "value")
    }
    whole = program.is_measured_whole(parent)
    columns = [
        Column(target, target.value_for(year) if whole else saved.get((parent.pk, target.pk))) for target in targets
    ]
    values = {key: value for key, value in saved.items() if key[0] != parent.pk}
    return Grid(program=program, parent=parent, year=year, columns=columns, rows=rows, values=values)


class AllocationConflict(Exception):
    """Someone else changed these cells since the grid was loaded: nothing was saved."""

    def __init__(self, cells: list[CellKey]):
        super().__init__(cells)
        self.cells = cells


@transaction.atomic
def allocations_save(
    *, grid: Grid, values: dict[CellKey, Decimal | None], loaded: dict[CellKey, Decimal | None], by
) -> int:
    """Write the cells the person changed (blank removes a share), all or none, with history; how many.

    A cell changed here that someone else changed too since `loaded` was read is a conflict; cells the
    person did not touch are left as they are now, whoever set them.
    """
    changed = {key: value for key, value in values.items() if value != loaded.get(key)}
    current = {
        (allocation.unit_id, allocation.target_id): allocation
        for allocation in Allocation.objects.select_for_update().filter(
            target__program=grid.program, year=grid.year, unit__in=[row.unit for row in grid.rows]
        )
    }
    conflicts = [key for key in changed if getattr(current.get(key), "value", None) != loaded.get(key)]
    if conflicts:
        raise AllocationConflict(conflicts)
    created, updated, removed = [], [], []
    for (unit_id, target_id), value in changed.items():
        allocation = current.get((unit_id, target_id))
        if value is None:
            removed.append(allocation)
        elif allocation is None:
            created.append(Allocation(target_id=target_id, unit_id=unit_id, year=grid.year, value=value))
        else:
            allocation.value = value
            updated.append(allocation)
    bulk_create_with_history(created, Allocation, default_user=by)
    bulk_update_with_history(updated, Allocation, ["value"], default_user=by)
    for allocation in removed:
        allocation._history_user = by
        allocation.delete()
    return len(changed)


@dataclass(frozen=True)
class AllocationChange:
    when: datetime.datetime
    who: str
    unit: Organisation
    target: Target
    old: Decimal | None
    new: Decimal | None


def allocation_changes(*, grid: Grid, limit: int = 30) -> tuple[list[AllocationChange], int]:
    """The latest changes to the grid's cells (given, changed, removed), newest first, and how many in all.

    One query: the history of the grid's cells in order, each record compared with the one before it
    by simple-history's `diff_against`.
    """
    units = {row.unit.pk: row.unit for row in grid.rows}
    targets = {column.target.pk: column.target for column in grid.columns}
    records = history_of(Allocation, year=grid.year, unit_id__in=units, target_id__in=targets)
    changes = [
        AllocationChange(
            when=record.history_date,
            who=author(record),
            unit=units[record.unit_id],
            target=targets[record.target_id],
            old=old.value if old else None,
            new=new.value if new else None,
        )
        for old, new, record in lifecycle(records, ["value"])
    ]
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit], len(changes)
