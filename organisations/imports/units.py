"""Checking the units of a workbook against the province, and what they would change."""

import datetime

from django.utils.translation import gettext as _

from nongdan.dates import format_date
from organisations.imports.plan import Checker, Plan, UnitChange, UnitState, lookup, read_code, read_text
from organisations.models import Organisation, Province, parent_kind_problem
from organisations.workbook import NO, YES, Row, as_date, kind_choices

UNIT_FIELDS = ["name", "short_name", "kind", "professional", "retired_on", "merged_into", "parent"]
TRUE_WORDS = {YES, "co", "x", "1", "true", "yes", "đúng"}
FALSE_WORDS = {"", NO, "khong", "0", "false", "no", "sai"}


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


def _unit_state(check: Checker, row: Row, kinds: dict[str, str]) -> UnitState:
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
    merged_into = read_code(check, row["merged_into"], required=False)
    if merged_into and retired_on is None:
        check.add(row["merged_into"], _("Đơn vị đã sáp nhập phải có ngày ngừng hoạt động."))
    return UnitState(
        code=read_code(check, row["code"], required=True),
        name=read_text(check, row["name"], required=True, max_length=200),
        short_name=read_text(check, row["short_name"], required=False, max_length=80),
        kind=kind,
        professional=professional in TRUE_WORDS,
        retired_on=retired_on,
        merged_into=merged_into,
        parent=read_code(check, row["parent_code"], required=False),
        row=row,
    )


def _read_units(check: Checker, rows: list[Row], states: dict[str, UnitState]) -> list[UnitState]:
    """Lay the file's units over the saved ones; returns the file's units in file order."""
    kinds = lookup(kind_choices())
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


def _check_merge(check: Checker, state: UnitState, states, raw: dict[str, str], below: list[UnitState]) -> None:
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


def _check_unit(check: Checker, state: UnitState, states, parents: dict[str, str]) -> None:
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


def _check_children(check: Checker, listed: list[UnitState], states, parents: dict[str, str]) -> None:
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
        return format_date(value)
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


def plan_units(plan: Plan, rows: list[Row]) -> None:
    check = Checker(plan)
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
