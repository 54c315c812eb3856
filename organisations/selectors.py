"""Reads that feed the "Đơn vị" pages: a province's unit tree and its people."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Length

from organisations.models import Membership, Organisation, Province, path_segment

PEOPLE_PER_PAGE = 50
DEPTH_STEP = len(path_segment(0))


SEARCH_LIMIT = 100


@dataclass
class UnitTree:
    """One level of the tree: the unit opened (None: the top of the province), the units above it,
    and the units shown (it and the level below it, or what a search found)."""

    under: Organisation | None
    ancestors: list[Organisation]
    units: list[Organisation]
    more: bool  # a search found more than it shows


def _count(queryset):
    return Coalesce(Subquery(queryset.values("n")[:1]), 0)


def unit_tree(
    *, province: Province, under: Organisation | None = None, search: str = "", include_retired: bool = False
) -> UnitTree:
    """A page of the province's tree in tree order, in a constant number of queries, each unit with
    `depth` (from the top shown), `people` (roles held there) and `below` (active units under it).

    A province has about a hundred communes of ten branches each: a page shows one unit and the
    level below it (by default the province's top units and theirs); a search shows the matching
    units (by name or code) wherever they are."""
    units = province.organisations.select_related("merged_into", "former_province").annotate(
        people=_count(
            Membership.objects.filter(organisation=OuterRef("pk")).values("organisation").annotate(n=Count("pk"))
        ),
        below=_count(
            Organisation.objects.active().filter(parent=OuterRef("pk")).values("parent").annotate(n=Count("pk"))
        ),
        level=Length("path") / DEPTH_STEP - 1,
    )
    if not include_retired:
        units = units.active()
    top = under.path.count("/") - 1 if under else 0
    if search:
        units = units.filter(Q(name__icontains=search) | Q(short_name__icontains=search) | Q(code__iexact=search))
    else:
        units = units.filter(level__lte=top + 1)
        if under is not None:
            units = units.filter(path__startswith=under.path)
    units = units.order_by("path")
    found = list(units[: SEARCH_LIMIT + 1] if search else units)
    for unit in found:
        unit.depth = 0 if search else min(unit.level - top, 5)
    ancestors = list(province.organisations.filter(pk__in=under.ancestor_ids()[:-1]).order_by("path")) if under else []
    more = bool(search) and len(found) > SEARCH_LIMIT
    return UnitTree(under=under, ancestors=ancestors, units=found[:SEARCH_LIMIT] if more else found, more=more)


def people_in(*, province: Province):
    """Everyone holding a role in the province."""
    return get_user_model().objects.filter(memberships__organisation__province=province).distinct()


def people_page(*, province: Province, page_number, search: str = "") -> Page:
    """A page of the province's people, each with `roles`: their roles in this province only."""
    people = people_in(province=province).order_by("last_name", "first_name", "username")
    if search:
        people = people.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
            | Q(username__icontains=search)
        )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(page_number)
    roles = Prefetch("memberships", queryset=person_roles_query(province=province), to_attr="roles")
    page.object_list = list(page.object_list.prefetch_related(roles))
    return page


def person_roles_query(*, province: Province):
    return (
        Membership.objects.filter(organisation__province=province)
        .select_related("organisation")
        .order_by("organisation__path", "role")
    )


def person_is_local(*, person: AbstractUser, province: Province) -> bool:
    """Is every role of the person in this province? Only then may its admin change the account
    itself (name, email, login); a superuser's account is never theirs to change.
    Prefetch "memberships__organisation" when asking about many people."""
    return not person.is_superuser and all(m.organisation.province_id == province.pk for m in person.memberships.all())
