"""Checking a whole workbook, applying it in one transaction, and keeping it between the two."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, LPad
from django.utils import timezone

from organisations import services
from organisations.imports.people import plan_people
from organisations.imports.plan import Plan, UnitChange
from organisations.imports.units import plan_units
from organisations.models import Membership, Organisation, Province, UnitImport, path_segment
from organisations.workbook import PEOPLE_SHEET, UNITS_SHEET, workbook_read


def import_plan(*, province: Province, content: bytes, by) -> Plan:
    """Check the workbook against the province; change nothing."""
    plan = Plan(province=province)
    sheets = workbook_read(content)
    plan.problems += sheets.problems
    if not sheets.problems:
        plan_units(plan, sheets.units)
        plan_people(plan, sheets.people, by)
    sheet_order = {UNITS_SHEET: 1, PEOPLE_SHEET: 2}
    plan.problems.sort(key=lambda p: (sheet_order.get(p.sheet, 0), p.row or 0, p.column))
    return plan


# Applying ---------------------------------------------------------------------------------------


class PlanChanged(Exception):
    """The database moved since the dry run: the plan would now be different."""

    def __init__(self, plan: Plan):
        super().__init__("the plan changed since it was shown")
        self.plan = plan


def _depth(code: str, parents: dict[str, str]) -> int:
    depth, seen = 0, set()
    while parents.get(code) and code not in seen:
        seen.add(code)
        code, depth = parents[code], depth + 1
    return depth


def _fill_paths(ids: list[int]) -> None:
    """Each new unit's path from its parent's, in one statement (what Organisation.save() does one by one)."""
    parent_path = Organisation.objects.filter(pk=OuterRef("parent_id")).values("path")
    segment = Concat(LPad(Cast("pk", CharField()), len(path_segment(0)) - 1, Value("0")), Value("/"))
    Organisation.objects.filter(pk__in=ids).update(
        path=Concat(Coalesce(Subquery(parent_path), Value("/")), segment, output_field=CharField())
    )


def _apply_units(plan: Plan, by) -> dict[str, Organisation]:
    """Create the new units level by level (a path needs the parent's id); returns every unit by code."""
    units = {code: state.unit for code, state in plan.states.items() if state.unit is not None}
    parents = {code: s.parent for code, s in plan.states.items()} | {
        c.state.code: c.final_parent for c in plan.units_new
    }
    levels: dict[int, list[UnitChange]] = {}
    for change in plan.units_new:
        levels.setdefault(_depth(change.state.code, parents), []).append(change)
    created = []
    for depth in sorted(levels):
        objects = [
            Organisation(
                province=plan.province,
                parent=units.get(c.final_parent),
                code=c.state.code,
                name=c.state.name,
                short_name=c.state.short_name,
                kind=c.state.kind,
                professional=c.state.professional,
            )
            for c in levels[depth]
        ]
        Organisation.objects.bulk_create(objects)
        for unit in objects:
            unit.path = f"{unit.parent.path if unit.parent else '/'}{path_segment(unit.pk)}"
            units[unit.code] = unit
        _fill_paths([unit.pk for unit in objects])
        created += objects
    Organisation.history.bulk_history_create(created, default_user=by)
    return units


def _apply_unit_changes(plan: Plan, units: dict[str, Organisation], by) -> None:
    """Set every changed field, move the units whose parent changed (parents first, each with its
    subtree), then write the others in one statement."""
    changes = plan.units_new + plan.units_changed
    for change in changes:
        state, unit = change.state, units[change.state.code]
        unit.name, unit.short_name, unit.kind = state.name, state.short_name, state.kind
        unit.professional, unit.retired_on, unit.merged_into = (
            state.professional,
            state.retired_on,
            units.get(state.merged_into),
        )
    parents = {code: s.parent for code, s in plan.states.items()} | {c.state.code: c.final_parent for c in changes}
    moved = [
        c
        for c in plan.units_changed
        if (units[c.final_parent].pk if c.final_parent else None) != c.state.unit.parent_id
    ]
    for change in sorted(moved, key=lambda c: _depth(c.state.code, parents)):
        services.organisation_move(unit=change.state.unit, parent=units.get(change.final_parent), by=by)
    moved_codes = {c.state.code for c in moved}
    retired_new = [units[c.state.code] for c in plan.units_new if c.state.retired_on]
    rest = [units[c.state.code] for c in plan.units_changed if c.state.code not in moved_codes] + retired_new
    Organisation.objects.bulk_update(rest, ["name", "short_name", "kind", "professional", "retired_on", "merged_into"])
    Organisation.history.bulk_history_create(rest, update=True, default_user=by)


def _apply_people(plan: Plan, units: dict[str, Organisation], by) -> list[AbstractUser]:
    """Create and update people, then add and remove their roles. Returns the new people."""
    model = get_user_model()
    new_users = []
    for change in plan.people_new:
        first, last = services.split_full_name(change.full_name)
        user = model(username=change.username, email=change.email, first_name=first, last_name=last)
        user.set_unusable_password()
        new_users.append(user)
        change.user = user
    model.objects.bulk_create(new_users)  # PostgreSQL and SQLite ≥ 3.35 return the new ids
    updated = []
    for change in plan.people_changed:
        if change.changes:
            user = change.user
            user.first_name, user.last_name = services.split_full_name(change.full_name)
            user.username, user.is_active = change.username, True
            updated.append(user)
    model.objects.bulk_update(updated, ["first_name", "last_name", "username", "is_active"])
    memberships = [
        Membership(user=change.user, organisation=units[code], role=role)
        for change in plan.people_new + plan.people_changed
        for code, role in change.roles_added
    ]
    Membership.objects.bulk_create(memberships)
    Membership.history.bulk_history_create(memberships, default_user=by)
    for change in plan.people_changed:
        for membership in change.roles_removed:
            membership._history_user = by
            membership.delete()
    services.program_admin_access_sync(users=[c.user for c in plan.people_new + plan.people_changed])
    return new_users


@transaction.atomic
def import_apply(*, province: Province, content: bytes, by, digest: str, notify: bool = True) -> Plan:
    """Apply the workbook, all or nothing, if it still makes the changes the person confirmed.

    Imports into one province run one after the other (a lock on the province). Raises PlanChanged
    (with the new plan) when the file now has problems or would make other changes. The new
    people are mailed a link to set their password once the transaction commits (unless `notify`
    is off: they can still ask for one from the login page).
    """
    Province.objects.select_for_update().get(pk=province.pk)
    plan = import_plan(province=province, content=content, by=by)
    if plan.problems or plan.digest != digest:
        raise PlanChanged(plan)
    units = _apply_units(plan, by)
    _apply_unit_changes(plan, units, by)
    new_people = _apply_people(plan, units, by)
    if notify:
        services.welcome_after_commit(new_people)
    return plan


# The file between the dry run and the confirmation -----------------------------------------------

KEPT_FOR = datetime.timedelta(days=1)


@transaction.atomic
def import_store(*, owner, province: Province, file_name: str, content: bytes) -> UnitImport:
    """Keep an uploaded file for its owner's confirmation, in the database that every app server
    shares. The owner's earlier file for the province, and anybody's files older than a day, go."""
    UnitImport.objects.filter(Q(uploaded_at__lt=timezone.now() - KEPT_FOR) | Q(owner=owner, province=province)).delete()
    return UnitImport.objects.create(owner=owner, province=province, file_name=file_name[:255], content=content)


@transaction.atomic
def import_confirm(*, upload: UnitImport, by, digest: str) -> Plan:
    """Apply a kept file (see import_apply) and forget it."""
    plan = import_apply(province=upload.province, content=bytes(upload.content), by=by, digest=digest)
    upload.delete()
    return plan
