"""Writes to the unit tree and to people's roles: what a province's program admin does on the
"Đơn vị" pages, what the workbook import and the province merge build on.

Every function is keyword-only and atomic, checks the model's rules (`full_clean`) and records
who made the change in the history. Units are never deleted: they are retired on a date, or
merged into another unit, which takes over their active units below.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from organisations import emails
from organisations.models import Membership, Organisation, Province, normalise_code, parent_kind_problem

logger = logging.getLogger(__name__)

# Program admins edit their province's programs and targets in the Django admin: the role brings
# this group and the staff flag. The group is made on first use with the permissions below and is
# the superusers' to adjust afterwards. The shared catalogue (resolutions, figures) is not theirs.
PROGRAM_ADMINS_GROUP = "Quản trị chương trình (theo tỉnh)"
PROGRAM_ADMIN_APPS = ["programs", "targets"]
CATALOGUE_MODELS = ["resolution", "figure"]


def _save(unit: Organisation, *, by) -> Organisation:
    unit.full_clean()
    unit._history_user = by
    unit.save()
    return unit


@transaction.atomic
def organisation_move(*, unit: Organisation, parent: Organisation | None, by) -> None:
    """Save `unit` as it is, below `parent`, and re-path its whole subtree in one statement.

    Both paths are read fresh from the database, as earlier moves in the same transaction may have
    changed them (and the unit in hand may be an older copy: the admin's "revert" page hands one
    over). The rules are checked before: by the services below, or by the import's plan for a
    whole file at once. This is the only way a unit changes parent (`Organisation.save()` refuses).
    """
    paths = dict(Organisation.objects.filter(pk__in=[unit.pk, parent.pk if parent else 0]).values_list("pk", "path"))
    if parent is not None:
        parent.path = paths[parent.pk]
    old, new = paths[unit.pk], unit.path_below(parent)
    Organisation.objects.filter(path__startswith=old).update(path=Concat(Value(new), Substr("path", len(old) + 1)))
    unit.parent, unit.path = parent, new
    unit._history_user = by
    unit.save()


@transaction.atomic
def organisation_create(
    *,
    province: Province,
    by,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None = None,
    short_name: str = "",
    professional: bool = False,
) -> Organisation:
    unit = Organisation(
        province=province,
        parent=parent,
        code=code,
        name=name,
        kind=kind,
        short_name=short_name,
        professional=professional,
    )
    return _save(unit, by=by)


@transaction.atomic
def organisation_update(
    *,
    unit: Organisation,
    by,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None,
    short_name: str = "",
    professional: bool = False,
) -> Organisation:
    """Change a unit; a new parent moves its whole subtree along."""
    unit.code, unit.name, unit.kind, unit.short_name, unit.professional = code, name, kind, short_name, professional
    unit.parent = parent
    unit.full_clean()
    _check_children_fit(unit, kind)
    organisation_move(unit=unit, parent=parent, by=by)
    return unit


def _check_children_fit(unit: Organisation, kind: str, field_name: str = "kind") -> None:
    """The active units below `unit` must be able to sit below a unit of `kind`."""
    for child in unit.children.active():
        problem = parent_kind_problem(child.kind, kind)
        if problem:
            raise ValidationError(
                {field_name: _("Không hợp với đơn vị cấp dưới “%(name)s”: %(why)s") % {"name": child, "why": problem}}
            )


def _check_retirement(unit: Organisation, merged_into: Organisation | None) -> None:
    if merged_into is None:
        if unit.children.active().exists():
            raise ValidationError(
                {
                    "merged_into": _(
                        "Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển chúng đi, hoặc chọn đơn vị"
                        " sáp nhập vào (đơn vị đó sẽ nhận các đơn vị cấp dưới)."
                    )
                }
            )
        return
    if merged_into.path.startswith(unit.path):
        raise ValidationError({"merged_into": _("Không thể sáp nhập vào chính nó hay đơn vị cấp dưới của nó.")})
    if merged_into.retired_on is not None:
        raise ValidationError({"merged_into": _("Đơn vị nhận sáp nhập đã ngừng hoạt động.")})
    if merged_into.is_association != unit.is_association:
        raise ValidationError(
            {"merged_into": _("Đơn vị của Hội chỉ sáp nhập vào đơn vị của Hội, cơ quan vào cơ quan.")}
        )
    _check_children_fit(unit, merged_into.kind, "merged_into")


@transaction.atomic
def organisation_retire(
    *, unit: Organisation, by, on: datetime.date, merged_into: Organisation | None = None
) -> list[Organisation]:
    """Retire a unit on a date, or merge it into another: the units still active below it move
    under the unit it merged into. Returns the units that moved. Its reports and history stay."""
    _check_retirement(unit, merged_into)
    unit.retired_on, unit.merged_into = on, merged_into
    unit.full_clean()
    moved = list(unit.children.active()) if merged_into else []
    for child in moved:
        organisation_move(unit=child, parent=merged_into, by=by)
    unit._history_user = by
    unit.save()
    return moved


@transaction.atomic
def organisation_reactivate(*, unit: Organisation, by) -> Organisation:
    """Undo a retirement (the units that moved away on a merge stay where they are)."""
    if unit.parent_id and unit.parent.retired_on is not None:
        raise ValidationError(_("Đơn vị cấp trên đã ngừng hoạt động: hãy chuyển đơn vị sang cấp trên khác trước."))
    unit.retired_on, unit.merged_into = None, None
    return _save(unit, by=by)


@dataclass
class ProvinceMerge:
    moved: int = 0
    renamed_codes: dict[str, str] = field(default_factory=dict)


def _association_root(province: Province) -> Organisation:
    roots = list(
        province.organisations.active().filter(kind=Organisation.Kind.PROVINCE_ASSOCIATION, parent__isnull=True)
    )
    if len(roots) != 1:
        raise ValidationError(
            _("%(province)s phải có đúng một Hội Nông dân tỉnh đang hoạt động (đang có %(n)s).")
            % {"province": province.name, "n": len(roots)}
        )
    return roots[0]


@transaction.atomic
def province_merge(*, source: Province, into: Province, on: datetime.date, by=None) -> ProvinceMerge:
    """Merge province `source` into `into` on a date (the 1/7/2025 reform).

    Every unit and body of `source` moves to `into` and remembers where it came from; the source's
    provincial association is merged into the target's, so its communes (and anything else active
    below it) come under the target's. Codes already used in `into` get the source province's code
    in front. The source province keeps its row, marked as merged, so its name can still be shown.
    Programs follow in `programs.services.programs_province_merge`.
    """
    if source == into or source.merged_into_id or into.merged_into_id:
        raise ValidationError(_("Chỉ sáp nhập hai tỉnh khác nhau, chưa sáp nhập vào tỉnh nào."))
    source_root, target_root = _association_root(source), _association_root(into)
    taken = set(into.organisations.values_list("code", flat=True))
    units = list(source.organisations.all())
    result = ProvinceMerge(moved=len(units))
    for unit in units:
        if unit.code in taken:
            new_code = normalise_code(f"{source.code}-{unit.code}")
            result.renamed_codes[unit.code] = new_code
            unit.code = new_code
        unit.province, unit.former_province = into, source
    Organisation.objects.bulk_update(units, ["code", "province", "former_province"])
    Organisation.history.bulk_history_create(units, update=True, default_user=by)
    source_root.refresh_from_db()
    organisation_retire(unit=source_root, by=by, on=on, merged_into=target_root)
    source.merged_into, source.merged_on = into, on
    source.full_clean()
    source.save(update_fields=["merged_into", "merged_on"])
    return result


# People and their roles -------------------------------------------------------------------------


def split_full_name(full_name: str) -> tuple[str, str]:
    """ "Hoàng Thị Mai" → ("Hoàng Thị", "Mai"): Django shows first_name + " " + last_name."""
    first, _space, last = " ".join(full_name.split()).rpartition(" ")
    return first, last


def program_admins_group() -> Group:
    group, created = Group.objects.get_or_create(name=PROGRAM_ADMINS_GROUP)
    if created:
        editing_catalogue = Q(content_type__model__in=CATALOGUE_MODELS) & ~Q(codename__startswith="view_")
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=PROGRAM_ADMIN_APPS).exclude(editing_catalogue)
            | Permission.objects.filter(content_type__app_label="organisations", codename="view_organisation")
            | Permission.objects.filter(content_type__app_label="reports", content_type__model="reportingcalendar")
        )
    return group


def program_admin_access_sync(*, users: list[AbstractUser]) -> None:
    """Program admins get the Django admin (staff, the group); those who lost the role lose it,
    unless they had it from elsewhere (superusers, staff made by hand are left alone)."""
    if not users:
        return
    group = program_admins_group()
    admins = set(
        Membership.objects.filter(user__in=users, role=Membership.Role.PROGRAM_ADMIN).values_list("user_id", flat=True)
    )
    in_group = set(group.user_set.filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    promote = [u for u in users if u.pk in admins]
    demote = [u for u in users if u.pk not in admins and u.pk in in_group]
    group.user_set.add(*promote)
    group.user_set.remove(*demote)
    get_user_model().objects.filter(pk__in=[u.pk for u in promote]).update(is_staff=True)
    get_user_model().objects.filter(pk__in=[u.pk for u in demote], is_superuser=False).update(is_staff=False)


def welcome_after_commit(users: list[AbstractUser]) -> None:
    """Once the people are saved, mail each new person a link to choose a password."""
    if users:
        transaction.on_commit(lambda: emails.welcome_send(users=users), robust=True)


def person_find(*, email: str) -> AbstractUser | None:
    """The one account using this email (any case), if there is exactly one."""
    matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
    return matches[0] if len(matches) == 1 else None


def _refuse_own_admin_role(person: AbstractUser, by) -> None:
    if by is not None and person.pk == by.pk and not by.is_superuser:
        raise ValidationError(_("Anh/chị không thể tự bỏ vai trò quản trị của chính mình: hãy nhờ quản trị khác."))


@transaction.atomic
def person_create(
    *, by, full_name: str, email: str, username: str, organisation: Organisation, role: str
) -> AbstractUser:
    """A new person with one role. They choose their password from the link mailed to them."""
    first_name, last_name = split_full_name(full_name)
    person = get_user_model()(
        username=username or email.lower(), email=email.lower(), first_name=first_name, last_name=last_name
    )
    person.set_unusable_password()
    person.full_clean()
    person.save()
    role_grant(person=person, organisation=organisation, role=role, by=by)
    welcome_after_commit([person])
    return person


@transaction.atomic
def person_update(*, person: AbstractUser, full_name: str, email: str) -> AbstractUser:
    person.first_name, person.last_name = split_full_name(full_name)
    person.email = email.lower()
    person.full_clean()
    person.save(update_fields=["first_name", "last_name", "email"])
    return person


@transaction.atomic
def role_grant(*, person: AbstractUser, organisation: Organisation, role: str, by) -> Membership:
    """Give a person a role at a unit (again: nothing changes). An inactive account is reopened."""
    membership = Membership.objects.filter(user=person, organisation=organisation, role=role).first()
    if membership is None:
        membership = Membership(user=person, organisation=organisation, role=role)
        membership.full_clean()
        membership._history_user = by
        membership.save()
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
    program_admin_access_sync(users=[person])
    return membership


@transaction.atomic
def role_revoke(*, membership: Membership, by) -> None:
    if membership.role == Membership.Role.PROGRAM_ADMIN:
        _refuse_own_admin_role(membership.user, by)
    membership._history_user = by
    membership.delete()
    program_admin_access_sync(users=[membership.user])


@transaction.atomic
def person_deactivate(*, person: AbstractUser, province: Province, by) -> None:
    """Take away every role the person holds in the province; an account left with no role
    anywhere is closed (superusers and staff made by hand keep their accounts)."""
    _refuse_own_admin_role(person, by)
    for membership in person.memberships.filter(organisation__province=province):
        membership._history_user = by
        membership.delete()
    program_admin_access_sync(users=[person])
    person.refresh_from_db(fields=["is_staff"])
    if not Membership.objects.filter(user=person).exists() and not (person.is_superuser or person.is_staff):
        person.is_active = False
        person.save(update_fields=["is_active"])
