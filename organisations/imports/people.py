"""Checking the people of a workbook: who is new, who changes, which roles come and go."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from organisations.imports.plan import Checker, PersonChange, Plan, UnitState, lookup, read_code, read_text
from organisations.models import Membership
from organisations.selectors import person_is_local
from organisations.workbook import Cell, Row


@dataclass
class _PersonRows:
    email: str
    full_name: Cell
    username: Cell
    first: Row
    roles: set[tuple[str, str]] = field(default_factory=set)


def _read_person_row(check: Checker, row: Row, states, roles: dict[str, str]) -> tuple[str, str, str]:
    """The row's email, unit code and role, each "" where the cell has a problem."""
    email = row["email"].text.lower()
    try:
        validate_email(email)
    except ValidationError:
        check.add(row["email"], _("Email không đúng.") if email else _("Ô này không được để trống."))
        email = ""
    read_text(check, row["full_name"], required=True, max_length=300)
    role = roles.get(row["role"].text.casefold(), "")
    if not role:
        check.add(
            row["role"], _("Vai trò không có trong danh sách.") if row["role"].text else _("Ô này không được để trống.")
        )
    code = read_code(check, row["unit_code"], required=True)
    if code and code not in states:
        check.add(row["unit_code"], _("Không có đơn vị mang mã này, trong tệp hay trong tỉnh."))
    elif code and not states[code].active:
        check.add(row["unit_code"], _("Đơn vị này đã ngừng hoạt động."))
    return email, code, role


def _read_people(check: Checker, rows: list[Row], states: dict[str, UnitState]) -> dict[str, _PersonRows]:
    roles = lookup(Membership.Role.choices)
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


def _username(check: Checker, person: _PersonRows, user, taken: dict[str, int]) -> str:
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


def _person_change(check: Checker, person: _PersonRows, user, taken, held: list[Membership]) -> PersonChange:
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


def plan_people(plan: Plan, rows: list[Row], by) -> None:
    check = Checker(plan)
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
