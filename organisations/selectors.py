"""Reads that feed the "Đơn vị" pages: a province's unit tree and its people."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Length

from organisations.models import Membership, Organisation, Province, path_segment

PEOPLE_PER_PAGE = 50
DEPTH_STEP = len(path_segment(0))


def unit_tree(*, province: Province, search: str = "", include_retired: bool = False) -> list[Organisation]:
    """The province's units in tree order, each with `depth` (0 at the top) and `people` (roles held
    there), in one query. A search keeps the matching units (by name or code) with nothing around them."""
    units = (
        province.organisations.select_related("merged_into", "former_province")
        .annotate(people=Count("memberships"), depth=Length("path") / DEPTH_STEP - 1)
        .order_by("path")
    )
    if not include_retired:
        units = units.active()
    if search:
        units = units.filter(Q(name__icontains=search) | Q(short_name__icontains=search) | Q(code__iexact=search))
    return list(units)


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
