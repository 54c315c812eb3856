"""Reads that feed the program pages: a program as its document has it, with its targets."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from nongdan.history import author, history_of, lifecycle, with_previous
from organisations.models import Organisation
from organisations.permissions import visible_provinces
from programs.models import Assignment, Program
from targets.models import Allocation, Target, TargetYearValue


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
_TRACKED = ["text", "short_name", "comparator", "value", "unit_of_measure", "timing"]


def target_changes(*, program: Program) -> list[TargetChange]:
    """Every change to the program's targets after they were first entered, and to their years' own values
    and comparators (given, changed, removed), newest first.

    Two queries: the history of the targets and of their years, each record compared with the one before
    it by simple-history's `diff_against`. The targets themselves come with the program.
    """
    changes = []
    for record, before in with_previous(history_of(Target, program_id=program.pk)):
        if before is None or record.history_type != "~":
            continue
        for change in record.diff_against(before, included_fields=_TRACKED).changes:
            changes.append(
                TargetChange(
                    when=record.history_date,
                    who=author(record),
                    label=record.label,
                    field=str(Target._meta.get_field(change.field).verbose_name),
                    old=_shown(record.instance, change.field, change.old),
                    new=_shown(record.instance, change.field, change.new),
                )
            )
    targets = {target.pk: target for target in program.targets.all()}
    years = history_of(TargetYearValue, target_id__in=targets)
    for old, new, record in lifecycle(years, ["value", "comparator"]):
        target = targets[record.target_id]
        field = _("chỉ tiêu riêng năm %(year)s") % {"year": record.year}
        shown = [_year_goal(target, version) if version else "—" for version in (old, new)]
        changes.append(TargetChange(record.history_date, author(record), target.label, field, *shown))
    return sorted(changes, key=lambda change: change.when, reverse=True)


def _year_goal(target: Target, record) -> str:
    return target.describe(record.value, comparator=record.comparator or target.comparator)


def _shown(target: Target, name: str, value) -> str:
    if name == "value":
        return target.format_value(value)
    if name == "comparator":
        return Target.Comparator(value).label
    if name == "timing":
        return str(Target.Timing(value).label)
    return str(value)
