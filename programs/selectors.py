"""Reads that feed the program pages."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from organisations.permissions import visible_provinces
from programs.models import Assignment, Program
from targets.models import Target


def program_list(*, user):
    return (
        Program.objects.in_provinces(visible_provinces(user))
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
    result = [BodyAssignments(name, sorted(rows, key=lambda a: order[a.role])) for name, rows in groups.items()]
    return result
