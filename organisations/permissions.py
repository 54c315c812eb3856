"""The one answer to "may this person do X for this unit?". Every page asks here.

Roles (see Membership.Role):
- reporter at a unit: reads that unit's subtree, enters figures for the unit itself;
- approver at a unit: reads and approves the unit and everything below it;
- board viewer (Ban Tuyên giáo và Dân vận, Thường trực): reads the whole province;
- program admin: reads the whole province, edits its programs and targets, reopens reports.
Superusers may do everything.

DECIDE (approve or return a unit's report) is APPROVE limited to units strictly below the
approver's own unit: nobody approves the report of the unit they sit in.

ALLOCATE (give a unit's children their shares of a target) belongs to the program admins of the
province and to the approvers of the unit or above it: a commune hands its own share down to its
branches without a province-wide role.

The shared catalogue (figures, resolutions, reporting periods) belongs to no province: only the
members of the CATALOGUE_EDITORS group (and superusers) change it, whatever model permissions
anyone else holds.
"""

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db.models import Q

from organisations.models import Membership, Organisation, Province

Role = Membership.Role

CATALOGUE_EDITORS = "Quản trị danh mục dùng chung"
"""The Django group whose members edit the shared catalogue; created by a data migration."""


class Action(StrEnum):
    VIEW = "view"
    REPORT = "report"
    APPROVE = "approve"
    MANAGE = "manage"
    DECIDE = "decide"
    ALLOCATE = "allocate"


# Which roles grant an action, and over what reach: the unit itself, its subtree, the units strictly
# below it, or its province.
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
    Action.DECIDE: {Role.APPROVER: "below"},
    # Handing targets down (giao chỉ tiêu) among a unit's children: the province's program admins,
    # and a unit's own leadership (its approvers) for the share it was given.
    Action.ALLOCATE: {Role.PROGRAM_ADMIN: "province", Role.APPROVER: "subtree"},
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
    if reach == "below":
        return unit.pk != organisation.pk and unit.path.startswith(organisation.path)
    return unit.province_id == organisation.province_id


def can(user, action: Action, unit: Organisation) -> bool:
    """May `user` do `action` for `unit`?"""
    if user.is_authenticated and user.is_superuser:
        return True
    grants = _GRANTS[action]
    return any(m.role in grants and _reaches(grants[m.role], m.organisation, unit) for m in memberships_of(user))


def unit_filter(user, action: Action) -> Q:
    """A filter on Organisation selecting every unit where `user` may do `action`."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    grants = _GRANTS[action]
    condition = Q(pk__in=[])
    # One IN for all the single units: someone reporting for a thousand units is not a thousand ORs
    # (SQLite refuses expressions nested deeper than 1000).
    units = []
    for m in memberships_of(user):
        reach = grants.get(m.role)
        if reach == "unit":
            units.append(m.organisation_id)
        elif reach == "subtree":
            condition |= Q(path__startswith=m.organisation.path)
        elif reach == "below":
            condition |= Q(path__startswith=m.organisation.path) & ~Q(pk=m.organisation_id)
        elif reach == "province":
            condition |= Q(province_id=m.organisation.province_id)
    return condition | Q(pk__in=units) if units else condition


def units_for(user, action: Action):
    return Organisation.objects.filter(unit_filter(user, action))


def people_who_can(action: Action, unit: Organisation):
    """The users whose roles let them do `action` for `unit` (superusers aside), e.g. to notify them."""
    above = [pk for pk in unit.ancestor_ids() if pk != unit.pk]
    reach_filter = {
        "unit": Q(memberships__organisation=unit),
        "subtree": Q(memberships__organisation__in=[*above, unit.pk]),
        "below": Q(memberships__organisation__in=above),
        "province": Q(memberships__organisation__province_id=unit.province_id),
    }
    condition = Q(pk__in=[])
    for role, reach in _GRANTS[action].items():
        condition |= Q(memberships__role=role) & reach_filter[reach]
    return get_user_model().objects.filter(condition, is_active=True).distinct().order_by("username")


def visible_provinces(user):
    """Provinces the user may read anything of; everything else is a 404 for them."""
    if user.is_authenticated and user.is_superuser:
        return Province.objects.all()
    return Province.objects.filter(pk__in={m.organisation.province_id for m in memberships_of(user)})


def managed_provinces(user):
    """Provinces whose programs and targets the user may edit."""
    if user.is_authenticated and user.is_superuser:
        return Province.objects.all()
    grants = _GRANTS[Action.MANAGE]
    return Province.objects.filter(
        pk__in={m.organisation.province_id for m in memberships_of(user) if m.role in grants}
    )


def edits_catalogue(user) -> bool:
    """May `user` change the shared catalogue? Asked once per request object and kept on it."""
    if user.is_authenticated and user.is_superuser:
        return True
    cached = getattr(user, "_nongdan_edits_catalogue", None)
    if cached is None:
        cached = user.is_authenticated and user.groups.filter(name=CATALOGUE_EDITORS).exists()
        user._nongdan_edits_catalogue = cached
    return cached
