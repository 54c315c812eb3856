"""A province's units and people from its workbook: check everything, then apply all or nothing.

`import_plan` reads the rows against the province as it is now and returns a Plan: every problem
(sheet, row, column, value, why, in Vietnamese) and every change the file would make. Nothing is
written. `import_apply` writes a plan without problems in one transaction, with bulk statements
(1.000 units and 2.000 people in a few seconds), after checking that the plan still describes the
database (its digest).

Rules, also written in the workbook's guide sheet:
- units are matched by code within the province, people by email (any case); a unit missing
  from the file is left as it is, and units are never deleted, only retired or merged;
- a listed person's rows are all their roles in the province: roles not in the file are removed;
- a unit placed below a unit that merged into another goes below that one (as a merge on the
  pages moves the active units below); so the same file imported twice changes nothing.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Lower, LPad
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisations import services
from organisations.models import (
    Membership,
    Organisation,
    Province,
    UnitImport,
    code_validator,
    normalise_code,
    parent_kind_problem,
    path_segment,
)
from organisations.selectors import person_is_local
from organisations.workbook import (
    NO,
    PEOPLE_SHEET,
    UNITS_SHEET,
    YES,
    Cell,
    Problem,
    Row,
    as_date,
    kind_choices,
    workbook_read,
)

UNIT_FIELDS = ["name", "short_name", "kind", "professional", "retired_on", "merged_into", "parent"]
TRUE_WORDS = {YES, "co", "x", "1", "true", "yes", "đúng"}
FALSE_WORDS = {"", NO, "khong", "0", "false", "no", "sai"}


def _lookup(choices) -> dict[str, str]:
    """Accept a choice by its code or its label in Vietnamese or English, in any case."""
    table = {}
    for language in ("en", "vi"):
        with translation.override(language):
            table.update({str(label).casefold(): value for value, label in choices})
    table.update({value.casefold(): value for value, _label in choices})
    return table


@dataclass
class UnitState:
    """A unit as it will be after the import: from the database, the file, or both."""

    code: str
    name: str
    short_name: str
    kind: str
    professional: bool
    retired_on: datetime.date | None
    merged_into: str  # a code, "" if none
    parent: str  # the parent's code as written, "" at the top
    unit: Organisation | None = None  # the saved unit, None for a new one
    row: Row | None = None  # the file's row, None for a unit the file does not list

    @property
    def active(self) -> bool:
        return self.retired_on is None


@dataclass
class UnitChange:
    state: UnitState
    final_parent: str
    changes: list[tuple[str, str, str]]  # (field label, before, after)


@dataclass
class PersonChange:
    email: str
    full_name: str
    username: str
    user: AbstractUser | None  # None: a new person
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    roles_added: list[tuple[str, str]] = field(default_factory=list)  # (unit code, role)
    roles_removed: list[Membership] = field(default_factory=list)

    @property
    def roles_added_labels(self) -> list[tuple[str, str]]:
        return [(code, Membership.Role(role).label) for code, role in self.roles_added]


@dataclass
class Plan:
    province: Province
    problems: list[Problem] = field(default_factory=list)
    units_new: list[UnitChange] = field(default_factory=list)
    units_changed: list[UnitChange] = field(default_factory=list)
    people_new: list[PersonChange] = field(default_factory=list)
    people_changed: list[PersonChange] = field(default_factory=list)
    states: dict[str, UnitState] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.units_new or self.units_changed or self.people_new or self.people_changed)

    @property
    def roles_added(self) -> int:
        return sum(len(p.roles_added) for p in self.people_new + self.people_changed)

    @property
    def roles_removed(self) -> int:
        return sum(len(p.roles_removed) for p in self.people_changed)

    @property
    def digest(self) -> str:
        """A fingerprint of the changes: confirming applies only the plan the person saw."""
        lines = [f"+{c.state.code}|{c.final_parent}|{c.state.name}" for c in self.units_new]
        lines += [f"~{c.state.code}|{c.final_parent}|{c.changes}" for c in self.units_changed]
        for p in self.people_new + self.people_changed:
            removed = sorted(m.pk for m in p.roles_removed)
            lines.append(f"@{p.email}|{p.user.pk if p.user else ''}|{p.changes}|{sorted(p.roles_added)}|{removed}")
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class _Checker:
    """Collects the problems of one file; each row reports against its own cells."""

    def __init__(self, plan: Plan):
        self.plan = plan

    def add(self, cell: Cell, message: str) -> None:
        self.plan.problems.append(Problem(cell.sheet, cell.row, cell.column, cell.text, message))


# Units ------------------------------------------------------------------------------------------


def _saved_states(province: Province) -> dict[str, UnitState]:
    units = list(province.organisations.order_by("path"))
    codes = {unit.pk: unit.code for unit in units}
    return {
        unit.code: UnitState(
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name,
            kind=unit.kind,
            professional=unit.professional,
            retired_on=unit.retired_on,
            merged_into=codes.get(unit.merged_into_id, ""),
            parent=codes.get(unit.parent_id, ""),
            unit=unit,
        )
        for unit in units
    }


def _text(check: _Checker, cell: Cell, *, required: bool, max_length: int) -> str:
    if required and not cell.text:
        check.add(cell, _("Ô này không được để trống."))
    elif len(cell.text) > max_length:
        check.add(cell, _("Dài quá %(n)s ký tự.") % {"n": max_length})
    return cell.text


def _code(check: _Checker, cell: Cell, *, required: bool) -> str:
    code = normalise_code(cell.text)
    if not code:
        if required:
            check.add(cell, _("Ô này không được để trống."))
        return ""
    if len(code) > 40:
        check.add(cell, _("Dài quá %(n)s ký tự.") % {"n": 40})
    try:
        code_validator(code)
    except ValidationError as error:
        check.add(cell, error.messages[0])
    return code


def _unit_state(check: _Checker, row: Row, kinds: dict[str, str]) -> UnitState:
    kind = kinds.get(row["kind"].text.casefold(), "")
    if not kind:
        check.add(
            row["kind"],
            _("Loại đơn vị không có trong danh sách.") if row["kind"].text else _("Ô này không được để trống."),
        )
    professional = row["professional"].text.casefold()
    if professional not in TRUE_WORDS | FALSE_WORDS:
        check.add(row["professional"], _("Ghi “có” hoặc để trống."))
    elif professional in TRUE_WORDS and kind not in (Organisation.Kind.BRANCH, Organisation.Kind.GROUP):
        check.add(row["professional"], _("Chỉ chi Hội và tổ Hội mới có thể là nghề nghiệp."))
    retired = row["retired_on"]
    retired_on = retired.date or (as_date(retired.text) if retired.text else None)
    if retired.text and retired_on is None:
        check.add(retired, _("Ngày không đúng: ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025."))
    merged_into = _code(check, row["merged_into"], required=False)
    if merged_into and retired_on is None:
        check.add(row["merged_into"], _("Đơn vị đã sáp nhập phải có ngày ngừng hoạt động."))
    return UnitState(
        code=_code(check, row["code"], required=True),
        name=_text(check, row["name"], required=True, max_length=200),
        short_name=_text(check, row["short_name"], required=False, max_length=80),
        kind=kind,
        professional=professional in TRUE_WORDS,
        retired_on=retired_on,
        merged_into=merged_into,
        parent=_code(check, row["parent_code"], required=False),
        row=row,
    )


def _read_units(check: _Checker, rows: list[Row], states: dict[str, UnitState]) -> list[UnitState]:
    """Lay the file's units over the saved ones; returns the file's units in file order."""
    kinds = _lookup(kind_choices())
    listed, first_row = [], {}
    for row in rows:
        state = _unit_state(check, row, kinds)
        if not state.code:
            continue
        if state.code in first_row:
            check.add(row["code"], _("Mã này đã có ở dòng %(row)s.") % {"row": first_row[state.code]})
            continue
        first_row[state.code] = row["code"].row
        saved = states.get(state.code)
        state.unit = saved.unit if saved else None
        states[state.code] = state
        listed.append(state)
    return listed


def _merged(state: UnitState) -> bool:
    return not state.active and bool(state.merged_into)


def _final_parent(state: UnitState, states: dict[str, UnitState]) -> str:
    """The parent the unit ends below: an active unit below a merged one follows the merge."""
    parent, seen = state.parent, set()
    while state.active and parent in states and _merged(states[parent]) and parent not in seen:
        seen.add(parent)
        parent = states[parent].merged_into
    return parent


def _is_below(code: str, ancestor: str, parents: dict[str, str]) -> bool:
    seen = set()
    while code and code not in seen:
        if code == ancestor:
            return True
        seen.add(code)
        code = parents.get(code, "")
    return False


def _check_merge(check: _Checker, state: UnitState, states, raw: dict[str, str], below: list[UnitState]) -> None:
    cell = state.row["merged_into"]
    target = states.get(state.merged_into)
    if target is None:
        check.add(cell, _("Không có đơn vị mang mã này, trong tệp hay trong tỉnh."))
    elif _is_below(state.merged_into, state.code, raw):
        check.add(cell, _("Không thể sáp nhập vào chính nó hay đơn vị cấp dưới của nó."))
    elif not target.active and not _merged(target):
        check.add(cell, _("Đơn vị nhận sáp nhập đã ngừng hoạt động."))
    elif target.kind and state.kind and (target.kind in Organisation.LEVELS) != (state.kind in Organisation.LEVELS):
        check.add(cell, _("Đơn vị của Hội chỉ sáp nhập vào đơn vị của Hội, cơ quan vào cơ quan."))
    elif target.kind:
        clash = next((c for c in below if c.active and c.kind and parent_kind_problem(c.kind, target.kind)), None)
        if clash:
            check.add(
                cell,
                _("Đơn vị cấp dưới “%(name)s” không thể chuyển sang đơn vị này: %(why)s")
                % {
                    "name": clash.name,
                    "why": parent_kind_problem(clash.kind, target.kind),
                },
            )


def _check_unit(check: _Checker, state: UnitState, states, parents: dict[str, str]) -> None:
    row = state.row
    if state.parent and state.parent not in states:
        check.add(row["parent_code"], _("Không có đơn vị mang mã này, trong tệp hay trong tỉnh."))
        return
    parent = states.get(parents[state.code])
    if parent is not None and _is_below(parent.code, state.code, parents):
        check.add(row["parent_code"], _("Đơn vị cấp trên là chính nó hoặc nằm dưới nó (vòng lặp)."))
        return
    if state.active and parent is not None and not parent.active and not _merged(parent):
        check.add(row["parent_code"], _("Đơn vị cấp trên đã ngừng hoạt động."))
    problem = parent_kind_problem(state.kind, parent.kind if parent else None) if state.kind else None
    if problem and parent is None:
        check.add(row["parent_code"], problem)
    elif problem and parent.kind:
        check.add(row["kind"], problem)


def _check_children(check: _Checker, listed: list[UnitState], states, parents: dict[str, str]) -> None:
    """What the file does to a unit must suit the units below it that the file does not list:
    a retired unit keeps none active, a new kind must fit them, a merge must be able to take them."""
    raw = {code: state.parent for code, state in states.items()}
    by_parent: dict[str, list[UnitState]] = {}
    for state in states.values():
        if state.row is None:
            by_parent.setdefault(state.parent, []).append(state)
    for state in listed:
        below = by_parent.get(state.code, [])
        if state.merged_into:
            _check_merge(check, state, states, raw, below)
        elif not state.active and any(child.active for child in below):
            check.add(
                state.row["retired_on"],
                _("Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển chúng đi, hoặc ghi đơn vị sáp nhập vào."),
            )
        staying = [c for c in below if parents[c.code] == state.code]
        clash = next((c for c in staying if c.kind and parent_kind_problem(c.kind, state.kind)), None)
        if clash and state.kind:
            check.add(
                state.row["kind"],
                _("Không hợp với đơn vị cấp dưới “%(name)s”: %(why)s")
                % {
                    "name": clash.name,
                    "why": parent_kind_problem(clash.kind, state.kind),
                },
            )


def _describe(value, states: dict[str, UnitState]) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value in states and states[value].name:
        return f"{value} · {states[value].name}"
    return str(Organisation.Kind(value).label) if value in Organisation.Kind.values else str(value or "—")


def _unit_changes(plan: Plan, saved: dict[str, UnitState], parents: dict[str, str]) -> None:
    labels = {
        "name": _("Tên"),
        "short_name": _("Tên ngắn"),
        "kind": _("Loại"),
        "professional": _("Nghề nghiệp"),
        "retired_on": _("Ngừng hoạt động từ"),
        "merged_into": _("Sáp nhập vào"),
        "parent": _("Cấp trên"),
    }
    states = plan.states
    for code, state in states.items():
        final_parent = parents[code]
        if state.unit is None:
            plan.units_new.append(UnitChange(state, final_parent, []))
            continue
        before = saved[code]
        changes = [
            (labels[name], _describe(getattr(before, name), states), _describe(after, states))
            for name in UNIT_FIELDS
            if getattr(before, name) != (after := final_parent if name == "parent" else getattr(state, name))
        ]
        if changes:
            plan.units_changed.append(UnitChange(state, final_parent, changes))


def _plan_units(plan: Plan, rows: list[Row]) -> None:
    check = _Checker(plan)
    saved = _saved_states(plan.province)
    states = dict(saved)
    listed = _read_units(check, rows, states)
    parents = {code: _final_parent(state, states) for code, state in states.items()}
    for state in listed:
        _check_unit(check, state, states, parents)
    _check_children(check, listed, states, parents)
    plan.states = states
    if not plan.problems:
        _unit_changes(plan, saved, parents)


# People -----------------------------------------------------------------------------------------


@dataclass
class _PersonRows:
    email: str
    full_name: Cell
    username: Cell
    first: Row
    roles: set[tuple[str, str]] = field(default_factory=set)


def _read_person_row(check: _Checker, row: Row, states, roles: dict[str, str]) -> tuple[str, str, str]:
    """The row's email, unit code and role, each "" where the cell has a problem."""
    email = row["email"].text.lower()
    try:
        validate_email(email)
    except ValidationError:
        check.add(row["email"], _("Email không đúng.") if email else _("Ô này không được để trống."))
        email = ""
    _text(check, row["full_name"], required=True, max_length=300)
    role = roles.get(row["role"].text.casefold(), "")
    if not role:
        check.add(
            row["role"], _("Vai trò không có trong danh sách.") if row["role"].text else _("Ô này không được để trống.")
        )
    code = _code(check, row["unit_code"], required=True)
    if code and code not in states:
        check.add(row["unit_code"], _("Không có đơn vị mang mã này, trong tệp hay trong tỉnh."))
    elif code and not states[code].active:
        check.add(row["unit_code"], _("Đơn vị này đã ngừng hoạt động."))
    return email, code, role


def _read_people(check: _Checker, rows: list[Row], states: dict[str, UnitState]) -> dict[str, _PersonRows]:
    roles = _lookup(Membership.Role.choices)
    people: dict[str, _PersonRows] = {}
    for row in rows:
        email, code, role = _read_person_row(check, row, states, roles)
        if not email:
            continue
        person = people.setdefault(email, _PersonRows(email, row["full_name"], row["username"], row))
        first_row = {"row": person.first["email"].row}
        if row["full_name"].text != person.full_name.text:
            check.add(row["full_name"], _("Khác họ tên ở dòng %(row)s của cùng email.") % first_row)
        if row["username"].text != person.username.text:
            check.add(row["username"], _("Khác tên đăng nhập ở dòng %(row)s của cùng email.") % first_row)
        if role and code:
            person.roles.add((code, role))
    return people


def _users_by_email(emails) -> dict[str, list[AbstractUser]]:
    found: dict[str, list[AbstractUser]] = {}
    users = (
        get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=list(emails))
        .prefetch_related("memberships__organisation")
    )
    for user in users:
        found.setdefault(user.email_lower, []).append(user)
    return found


def _username(check: _Checker, person: _PersonRows, user, taken: dict[str, int]) -> str:
    """The person's login: as written, else the email; an existing person's stays unless changed here."""
    given = person.username.text
    if user is not None and (not given or not person_is_local(person=user, province=check.plan.province)):
        return user.username
    wanted = given or person.email
    cell = person.username if given else person.first["email"]
    try:
        get_user_model().username_validator(wanted)
        if len(wanted) > 150:
            raise ValidationError(_("Dài quá %(n)s ký tự.") % {"n": 150})
    except ValidationError as error:
        check.add(cell, error.messages[0])
        return wanted
    owner, me = taken.get(wanted), user.pk if user else None
    if owner is not None and owner != me:
        check.add(cell, _("Tên đăng nhập này đã có người dùng."))
    taken[wanted] = me if me is not None else -1  # taken by a new person of this file
    return wanted


def _person_change(check: _Checker, person: _PersonRows, user, taken, held: list[Membership]) -> PersonChange:
    province = check.plan.province
    change = PersonChange(person.email, " ".join(person.full_name.text.split()), "", user)
    change.username = _username(check, person, user, taken)
    if user is not None and person_is_local(person=user, province=province):
        if user.get_full_name() != change.full_name:
            change.changes.append((_("Họ và tên"), user.get_full_name(), change.full_name))
        if user.username != change.username:
            change.changes.append((_("Tên đăng nhập"), user.username, change.username))
        if not user.is_active:
            change.changes.append((_("Tài khoản"), _("đã khóa"), _("mở lại")))
    elif user is not None and not user.is_active:
        check.add(person.first["email"], _("Tài khoản này đã bị khóa: liên hệ quản trị hệ thống."))
    have = {(m.organisation.code, m.role): m for m in held}
    change.roles_added = sorted(person.roles - have.keys())
    change.roles_removed = [m for key, m in have.items() if key not in person.roles]
    return change


def _plan_people(plan: Plan, rows: list[Row], by) -> None:
    check = _Checker(plan)
    people = _read_people(check, rows, plan.states)
    users = _users_by_email(people)
    wanted = {p.username.text or p.email for p in people.values()}
    taken = dict(get_user_model().objects.filter(username__in=wanted).values_list("username", "pk"))
    held: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(
        organisation__province=plan.province, user__in=[u for us in users.values() for u in us]
    ).select_related("organisation"):
        held.setdefault(m.user_id, []).append(m)
    for email, person in people.items():
        matches = users.get(email, [])
        if len(matches) > 1:
            check.add(person.first["email"], _("Nhiều tài khoản dùng email này: liên hệ quản trị hệ thống."))
            continue
        user = matches[0] if matches else None
        change = _person_change(check, person, user, taken, held.get(user.pk, []) if user else [])
        if user is not None and by is not None and user.pk == by.pk and not by.is_superuser:
            keeps = any(role == Membership.Role.PROGRAM_ADMIN for _code, role in person.roles)
            if not keeps:
                check.add(person.first["role"], _("Tệp này bỏ vai trò quản trị chương trình của chính anh/chị."))
        if user is None:
            plan.people_new.append(change)
        elif change.changes or change.roles_added or change.roles_removed:
            plan.people_changed.append(change)


def import_plan(*, province: Province, content: bytes, by) -> Plan:
    """Check the workbook against the province; change nothing."""
    plan = Plan(province=province)
    sheets = workbook_read(content)
    plan.problems += sheets.problems
    if not sheets.problems:
        _plan_units(plan, sheets.units)
        _plan_people(plan, sheets.people, by)
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
        services._move(change.state.unit, parent=units.get(change.final_parent), by=by)
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
