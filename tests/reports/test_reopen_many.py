"""A program admin reopens a closed quarter for many units at once, with one reason."""

import datetime

import pytest
from django.urls import reverse

from organisations.models import Membership
from reports.models import Report, ReportReopening
from tests.factories import MembershipFactory, OrganisationFactory, ProvinceFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db


def reopen_url(period):
    return reverse("reports:reopen-many", args=[period.year, period.quarter])


def test_the_admin_reopens_the_units_still_due_in_one_go(client, tree, program_admin, closed_period, today):
    """The reporting units are the branch, B and C (A and the province report through those below). C sent
    nothing, B's draft is locked, the branch's report is approved: B and C are offered."""
    tree["c"] = OrganisationFactory(parent=tree["root"], name="Hội Nông dân xã C")
    ReportFactory(unit=tree["b"], period=closed_period, status=Report.Status.DRAFT)
    ReportFactory(unit=tree["branch"], period=closed_period, status=Report.Status.APPROVED)
    client.force_login(program_admin)
    assert (
        f'href="{reopen_url(closed_period)}"'
        in client.get(reverse("reports:list"), {"year": closed_period.year}).content.decode()
    )
    page = client.get(reopen_url(closed_period))
    offered = dict(page.context["form"].fields["units"].choices)
    assert set(offered) == {tree["b"].pk, tree["c"].pk}
    until = today + datetime.timedelta(days=5)
    response = client.post(
        reopen_url(closed_period),
        {"units": [tree["b"].pk, tree["c"].pk], "until": f"{until:%d/%m/%Y}", "reason": "Bão số 3 gây mất điện"},
    )
    assert response.status_code == 302
    reopened = ReportReopening.objects.filter(period=closed_period)
    assert sorted(reopened.values_list("unit__name", "until", "reason", "by")) == [
        (tree["b"].name, until, "Bão số 3 gây mất điện", program_admin.pk),
        (tree["c"].name, until, "Bão số 3 gây mất điện", program_admin.pk),
    ]
    # Now open for both: nothing more to reopen.
    assert 'data-testid="nothing-to-reopen"' in client.get(reopen_url(closed_period)).content.decode()


def test_a_bad_form_keeps_what_was_typed_and_reopens_nothing(client, tree, program_admin, closed_period, outsider):
    client.force_login(program_admin)
    response = client.post(
        reopen_url(closed_period), {"units": [tree["b"].pk, 999999], "until": "31/02/2026", "reason": "Lũ quét"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "không nằm trong danh sách" in form.errors["units"][0]
    assert "until" in form.errors
    assert "Lũ quét" in response.content.decode()
    assert not ReportReopening.objects.exists()


@pytest.mark.parametrize("who", ["reporter", "approver", "board_viewer"])
def test_only_program_admins_reopen(client, request, closed_period, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reopen_url(closed_period)).status_code == 403
    assert client.post(reopen_url(closed_period), {}).status_code == 403


def test_another_provinces_admin_cannot_reopen_these_units(client, tree, closed_period, today):
    lai_chau = OrganisationFactory(
        province=ProvinceFactory(name="Lai Châu", code="lai-chau"), name="Hội Nông dân tỉnh Lai Châu"
    )
    commune = OrganisationFactory(parent=lai_chau, name="Hội Nông dân xã Tam Đường")
    admin = UserFactory(username="quantri-laichau")
    MembershipFactory(user=admin, organisation=lai_chau, role=Membership.Role.PROGRAM_ADMIN)
    client.force_login(admin)
    assert set(dict(client.get(reopen_url(closed_period)).context["form"].fields["units"].choices)) >= {commune.pk}
    assert tree["a"].pk not in dict(client.get(reopen_url(closed_period)).context["form"].fields["units"].choices)
    response = client.post(
        reopen_url(closed_period), {"units": [tree["a"].pk], "until": f"{today:%d/%m/%Y}", "reason": "x"}
    )
    assert response.status_code == 400
    assert not ReportReopening.objects.exists()


@pytest.mark.parametrize("more", [2, 12])
def test_the_page_keeps_a_fixed_number_of_queries(
    client, tree, program_admin, closed_period, more, django_assert_max_num_queries
):
    for n in range(more):
        OrganisationFactory(parent=tree["b"], name=f"Chi Hội {n}")
    client.force_login(program_admin)
    with django_assert_max_num_queries(12):
        page = client.get(reopen_url(closed_period))
    assert len(page.context["states"]) == more + 1  # B's branches and the branch below A
