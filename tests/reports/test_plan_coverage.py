"""The entry form asks a unit for the figures of the plans that cover it, and only those; a retired unit files nothing.

Commune A's own plan 01-KH/HND asks for the association fund; it covers A and A's branch, never B.
"""

import datetime
from decimal import Decimal

import pytest

from organisations.models import Membership
from programs.models import Program
from tests.factories import FigureFactory, MembershipFactory, ProgramFactory, TargetFactory, UserFactory
from tests.reports.test_views import detail_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(tree, program):
    fund = FigureFactory(code="association-fund", name="Quỹ Hội tăng thêm", unit_of_measure="đồng", order=9)
    plan = ProgramFactory(
        province=tree["province"], owner=tree["a"], kind=Program.Kind.PLAN, number="01-KH/HND", slug="kh-xa-a"
    )
    TargetFactory(program=plan, label="1", numerator=fund, short_name="Quỹ Hội", value=Decimal(10**7))
    return fund


def reporter_at(unit, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=unit, role=Membership.Role.REPORTER)
    return user


@pytest.mark.parametrize("unit", ["a", "branch"])
def test_the_commune_and_its_branch_are_asked_for_the_plans_figures(client, tree, period, fund, unit):
    client.force_login(reporter_at(tree[unit], "nhap"))
    html = client.get(detail_url(tree[unit], period)).content.decode()
    assert f'name="value_{fund.pk}"' in html
    assert "01-KH/HND — 1. Quỹ Hội" in html
    assert html.count('name="value_') == 6  # the province program's five and the fund


def test_another_commune_is_not_asked_and_cannot_slip_the_figure_in(client, tree, period, figures, fund):
    client.force_login(reporter_at(tree["b"], "nhap-b"))
    url = detail_url(tree["b"], period)
    html = client.get(url).content.decode()
    assert f'name="value_{fund.pk}"' not in html
    assert "01-KH/HND" not in html
    data = {"version": 0, "action": "save", f"value_{figures['new_members'].pk}": "12", f"value_{fund.pk}": "900"}
    assert client.post(url, data).status_code == 302
    assert list(tree["b"].reports.get().values.values_list("figure__code", "value")) == [("new-members", 12)]


def test_a_retired_unit_cannot_file(client, tree, period, figures, program, today):
    """Thôn 1 merged into commune A yesterday: its page says why and a post is refused, nothing saved."""
    branch = tree["branch"]
    reporter = reporter_at(branch, "thon-1")
    branch.retired_on = today - datetime.timedelta(days=1)
    branch.merged_into = tree["a"]
    branch.save()
    client.force_login(reporter)
    url = detail_url(branch, period)
    html = client.get(url).content.decode()
    assert f"Đơn vị đã ngừng hoạt động từ ngày {branch.retired_on:%d/%m/%Y}" in html
    assert 'name="value_' not in html
    response = client.post(url, {"version": 0, "action": "submit", f"value_{figures['new_members'].pk}": "5"})
    assert response.status_code == 403
    assert "Đơn vị đã ngừng hoạt động" in response.content.decode()
    assert not branch.reports.exists()
