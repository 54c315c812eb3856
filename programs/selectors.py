"""Reads about programs, their tasks and assignments (targets.selectors adds the targets)."""

from dataclasses import dataclass

from organisations.permissions import visible_provinces
from programs.models import Assignment, Program


def program_list(*, user):
    """The programs the user may read, archived ones aside (their pages stay, by their address)."""
    return (
        Program.objects.in_provinces(visible_provinces(user))
        .active()
        .select_related("province", "former_province", "resolution")
        .order_by("province__name", "status", "number")
    )


@dataclass(frozen=True)
class BodyAssignments:
    body_name: str
    assignments: list[Assignment]


def assignments_by_body(*, program: Program, assignments: list[Assignment] | None = None) -> list[BodyAssignments]:
    """Assignments grouped under the body as the document names it, leading roles first.

    `assignments`: the program's, already fetched with what the caller needs of them.
    """
    order = {Assignment.Role.LEAD: 0, Assignment.Role.COORDINATE: 1, Assignment.Role.IMPLEMENT: 2}
    items = sorted(program.assignments.all() if assignments is None else assignments, key=lambda a: (a.order, a.pk))
    groups: dict[str, list[Assignment]] = {}
    for assignment in items:
        groups.setdefault(assignment.body_name_as_written, []).append(assignment)
    return [BodyAssignments(name, sorted(rows, key=lambda a: order[a.role])) for name, rows in groups.items()]
