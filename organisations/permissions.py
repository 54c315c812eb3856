"""The one answer to "may this person do X for this unit?". Every page asks here.

Roles (see Membership.Role):
- reporter at a unit: reads that unit's subtree, enters figures for the unit itself;
- approver at a unit: reads and approves the unit and everything below it;
- board viewer (Ban Tuyên giáo và Dân vận, Thường trực): reads the whole province;
- program admin: reads the whole province, edits its programs and targets, reopens reports.
Superusers may do everything.
"""

from enum import StrEnum

from django.db.models import Q

from organisations.models import Membership, Organisation, Province

Role = Membership.Role


class Action(StrEnum):
    VIEW = "view"
    REPORT = "report"
    APPROVE = "approve"
    MANAGE = "manage"


# Which roles grant an action, and over what reach: the unit itself, its subtree, or its province.
_GRANTS: dict[Action, dict[str, str]] = {
    Action.VIEW: {
        Role.REPORTER: "subtree",
        Role.APPROVER: "subtree",
        Role.BOARD_VIEWER: "province",
        Role.PROGRAM_ADMIN: "province",
    },
    Action.REPORT: {Role.REPORTER: "unit"},
    Action.APPROVE: {Role.APPROVER: "subtree"},
    Action.MANAGE: {Role.PROGRAM_ADMIN: "province"},
}


def memberships_of(user) -> list[Membership]:
    """The user's memberships, fetched once per request object and kept on it."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_nongdan_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation__province"))
        user._nongdan_memberships = cached
    return cached


def _reaches(reach: str, organisation: Organisation, unit: Organisation) -> bool:
    if reach == "unit":
        return unit.pk == organisation.pk
    if reach == "subtree":
        return unit.path.startswith(organisation.path)
    return unit.province_id == organisation.province_id


def can(user, action: Action, unit: Organisation) -> bool:
    """May `user` do `action` for `unit`?"""
    if user.is_authenticated and user.is_superuser:
        return True
    grants = _GRANTS[action]
    return any(m.role in grants and _reaches(grants[m.role], m.organisation, unit) for m in memberships_of(user))


def can_in_province(user, action: Action, province: Province) -> bool:
    """May `user` do `action` somewhere in `province` (for province-wide things such as programs)?"""
    if user.is_authenticated and user.is_superuser:
        return True
    grants = _GRANTS[action]
    return any(m.role in grants and m.organisation.province_id == province.pk for m in memberships_of(user))


def unit_filter(user, action: Action) -> Q:
    """A filter on Organisation selecting every unit where `user` may do `action`."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    grants = _GRANTS[action]
    condition = Q(pk__in=[])
    for m in memberships_of(user):
        reach = grants.get(m.role)
        if reach == "unit":
            condition |= Q(pk=m.organisation_id)
        elif reach == "subtree":
            condition |= Q(path__startswith=m.organisation.path)
        elif reach == "province":
            condition |= Q(province_id=m.organisation.province_id)
    return condition


def units_for(user, action: Action):
    return Organisation.objects.filter(unit_filter(user, action))


def visible_provinces(user):
    """Provinces the user may read anything of; everything else is a 404 for them."""
    if user.is_authenticated and user.is_superuser:
        return Province.objects.all()
    return Province.objects.filter(pk__in={m.organisation.province_id for m in memberships_of(user)})
