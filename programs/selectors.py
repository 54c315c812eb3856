"""Reads that feed the program pages."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from organisations.permissions import visible_provinces
from programs.models import Assignment, Program
from targets.models import Target


def program_list(*, user):
    """The programs the user may read, archived ones aside (their pages stay, by their address)."""
    return (
        Program.objects.in_provinces(visible_provinces(user))
        .active()
        .select_related("province", "resolution")
        .order_by("province__name", "status", "number")
    )


def program_get(*, user, slug: str) -> Program:
    """A program the user may read; any other (another province's) is a 404."""
    return get_object_or_404(
        Program.objects.in_provinces(visible_provinces(user))
        .select_related("province", "resolution", "superseded_by")
        .prefetch_related(
            "tasks",
            "baselines",
            Prefetch(
                "targets",
                queryset=Target.objects.select_related("numerator", "denominator").prefetch_related("year_values"),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("body", "task").order_by("body__name", "order", "pk"),
            ),
        ),
        slug=slug,
    )


@dataclass(frozen=True)
class BodyAssignments:
    body_name: str
    assignments: list[Assignment]


def assignments_by_body(*, program: Program) -> list[BodyAssignments]:
    """Assignments grouped under the body as the document names it, leading roles first."""
    order = {Assignment.Role.LEAD: 0, Assignment.Role.COORDINATE: 1, Assignment.Role.IMPLEMENT: 2}
    items = sorted(program.assignments.all(), key=lambda a: (a.order, a.pk))
    groups: dict[str, list[Assignment]] = {}
    for assignment in items:
        groups.setdefault(assignment.body_name_as_written, []).append(assignment)
    return [BodyAssignments(name, sorted(rows, key=lambda a: order[a.role])) for name, rows in groups.items()]


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
