"""A commune's own plan beside the province's program: each measured over the units it covers.

Commune A's plan 01-KH/HND (2025) has two targets: 1. new members, at least 400 a year (a figure the
province's program counts too), and 2. the association fund, 10.000.000 đồng, a figure only A's plan
asks for. Commune B has its own plan with its own fund target. With the scenario's reports (see
conftest) and these fund values added to the Q1/2025 reports, both approved:

| unit   | fund      |
| branch | 3.000.000 |
| B      | 5.000.000 |

As of Q2/2025, approved only, A's plan counts only A's subtree: new members 200 + 300 = 500 (B's 100
is not A's), expected 400 × 2/4 = 200, so 250 %; fund 3.000.000 (B's 5.000.000 is not A's). The
province's program still counts everyone's new members: 600, and has no fund row.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import Program
from reports.models import Report
from tests.factories import FigureFactory, ProgramFactory, ReportValueFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(db):
    return FigureFactory(code="association-fund", name="Quỹ Hội tăng thêm", unit_of_measure="đồng")


def commune_plan(owner, number: str, slug: str, targets: list) -> Program:
    plan = ProgramFactory(
        province=owner.province,
        owner=owner,
        kind=Program.Kind.PLAN,
        number=number,
        slug=slug,
        issuing_body=f"Ban Chấp hành {owner.name}",
        start_year=2025,
        end_year=2025,
    )
    for order, (figure, value) in enumerate(targets, start=1):
        TargetFactory(program=plan, label=str(order), order=order, numerator=figure, value=Decimal(value))
    return plan


@pytest.fixture
def plans(scenario, figures, fund):
    for unit, value in ((scenario["branch"], 3_000_000), (scenario["b"], 5_000_000)):
        report = Report.objects.get(unit=unit, period__year=2025, period__quarter=1)
        ReportValueFactory(report=report, figure=fund, value=value)
    return {
        "a": commune_plan(scenario["a"], "01-KH/HND", "ke-hoach-xa-a", [(figures["new_members"], 400), (fund, 10**7)]),
        "b": commune_plan(scenario["b"], "02-KH/HND", "ke-hoach-xa-b", [(fund, 8 * 10**6)]),
    }


def dashboard(client, plan, **params):
    return client.get(reverse("dashboards:dashboard", args=[plan.slug]), {"year": 2025, "quarter": 2, **params})


def test_a_commune_plan_counts_only_the_communes_subtree(client, board_viewer, scenario, plans):
    client.force_login(board_viewer)
    response = dashboard(client, plans["a"])
    assert response.context["scope"].unit == scenario["a"]  # the plan's own unit, not the province
    progress = response.context["dashboard"].progress
    assert [p.actual for p in progress] == [500, 3_000_000]
    assert progress[0].percent_of_expected == 250


def test_a_commune_plan_is_not_opened_from_another_commune(client, board_viewer, scenario, plans):
    """A unit outside the plan's coverage is never shown: the page falls back to the plan's owner."""
    client.force_login(board_viewer)
    for outside in (scenario["b"], scenario["root"]):
        response = dashboard(client, plans["a"], unit=outside.pk)
        assert response.status_code == 200
        assert response.context["scope"].unit == scenario["a"]
    assert dashboard(client, plans["a"], unit=scenario["branch"].pk).context["dashboard"].progress[0].actual == 500


def test_the_province_program_is_unchanged_by_the_commune_plans(client, board_viewer, program, plans):
    client.force_login(board_viewer)
    progress = dashboard(client, program).context["dashboard"].progress
    assert [p.target.label for p in progress] == ["1", "2", "7a"]
    assert progress[0].actual == 600


def test_the_comparison_between_provinces_leaves_commune_plans_out(client, board_viewer, program, plans):
    client.force_login(board_viewer)
    html = client.get(reverse("dashboards:compare"), {"year": 2025, "quarter": 2}).content.decode()
    assert "01-KH/HND" not in html
