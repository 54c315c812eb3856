"""Reads that feed the program pages: a program as its document has it, with its targets."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from organisations.models import Organisation
from organisations.permissions import visible_provinces
from programs.models import Assignment, Program
from targets.models import Allocation, Target


def targets_prefetch() -> Prefetch:
    """A program's targets with the figures and yearly values they are measured with."""
    return Prefetch(
        "targets", queryset=Target.objects.select_related("numerator", "denominator").prefetch_related("year_values")
    )


def program_get(*, user, slug: str) -> Program | None:
    """A program the user may read, with everything its page shows; None for another province's."""
    return (
        Program.objects.in_provinces(visible_provinces(user))
        .select_related("province", "former_province", "resolution", "superseded_by")
        .prefetch_related(
            "tasks",
            "baselines",
            targets_prefetch(),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("body", "task").order_by("body__name", "order", "pk"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def allocation_place(*, user, slug: str, year: int, unit_id: int | None) -> tuple[Program, Organisation] | None:
    """The program and the unit whose children get shares (by default the unit the plan is measured at),
    for a year of the program; None where the user may not read it or it does not exist."""
    programs = Program.objects.in_provinces(visible_provinces(user)).select_related("owner", "province")
    program = programs.filter(slug=slug).first()
    if program is None or year not in program.years:
        return None
    units = Organisation.objects.associations().filter(program.coverage())
    if unit_id is None:
        parent = program.owner if program.covers_one_subtree else units.filter(parent__isnull=True).first()
    else:
        parent = units.filter(pk=unit_id).first()
    return (program, parent) if parent is not None else None


def unit_allocations(*, program: Program, units, year: int) -> dict[int, dict[int, Decimal] | None]:
    """What each unit was allocated of the program's targets for `year`, by unit id then target id, in one query.

    None for a unit measured against the plan's own targets (its owner, the province's top).
    """
    below = [unit for unit in units if not program.is_measured_whole(unit)]
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if below:
        rows = Allocation.objects.filter(target__program=program, unit__in=below, year=year)
        for unit_id, target_id, value in rows.values_list("unit_id", "target_id", "value"):
            found[unit_id][target_id] = value
    return {unit.pk: found[unit.pk] if unit in below else None for unit in units}


@dataclass(frozen=True)
class TargetChange:
    when: datetime.datetime
    who: str
    label: str
    field: str
    old: str
    new: str


# What a reader of the program page wants to see change; bookkeeping fields are left out.
_TRACKED = ["text", "short_name", "comparator", "value", "unit_of_measure"]


def target_changes(*, program: Program) -> list[TargetChange]:
    """Every change made to the program's targets after they were first entered, newest first.

    One query: the history rows of all the program's targets, compared pairwise in Python.
    """
    rows = (
        Target.history.filter(program_id=program.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes = []
    previous = None
    for row in rows:
        if previous is not None and previous.id == row.id and row.history_type == "~":
            for name in _TRACKED:
                old, new = getattr(previous, name), getattr(row, name)
                if old != new:
                    changes.append(
                        TargetChange(
                            when=row.history_date,
                            who=(row.history_user.get_full_name() or row.history_user.username)
                            if row.history_user
                            else "",
                            label=row.label,
                            field=str(Target._meta.get_field(name).verbose_name),
                            old=_shown(row, name, old),
                            new=_shown(row, name, new),
                        )
                    )
        previous = row
    return sorted(changes, key=lambda change: change.when, reverse=True)


def _shown(row, name: str, value) -> str:
    if name == "value":
        return row.instance.format_value(value)
    if name == "comparator":
        return Target.Comparator(value).label
    return str(value)
