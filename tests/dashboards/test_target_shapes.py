"""Target shapes on the dashboard, with the scenario's figures (see conftest), as of Q2/2025, approved only.

Members (a stock) stand at 950; insured members at 90 + 495 = 585 of 950 (61,6 %).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.dashboards.scope import Scope
from reports.dashboards.trend import target_trend
from reports.models import Report
from targets.models import Target
from tests.dashboards.conftest import add_report
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def rows(client, program, quarter):
    response = client.get(reverse("dashboards:dashboard", args=[program.slug]), {"year": 2025, "quarter": quarter})
    return {row[0].value: row for row in response.context["dashboard"].table.rows}, response.content.decode()


def test_a_year_end_target_is_not_red_before_the_last_quarter(client, board_viewer, scenario, program):
    program.targets.filter(label="7a").update(timing=Target.Timing.YEAR_END)
    client.force_login(board_viewer)
    by_label, page = rows(client, program, 2)
    insured = by_label["7a"]
    # Reached so far is shown; nothing is expected yet, so no % and no red.
    assert [insured[4].value, insured[5].value, insured[6].value] == [Decimal("61.6"), None, None]  # 585 / 950
    assert insured[7].value == "Đánh giá vào cuối năm"
    assert "Chỉ tiêu “đánh giá vào cuối năm”" in page


def test_a_falling_target_is_scored_by_what_is_allowed_over_what_happened(client, board_viewer, scenario, program):
    """ "Không quá 1.200 hội viên" (a stock that must stay low): 950 is 1.200 / 950 = 126,3 %, met."""
    program.targets.filter(label="2").update(comparator=Target.Comparator.LTE, value=1200)
    client.force_login(board_viewer)
    by_label, _page = rows(client, program, 2)
    members = by_label["2"]
    assert members[2].value == "không quá 1.200"
    assert round(members[6].value, 1) == Decimal("126.3")
    assert members[7].value == "Đạt"


def test_a_growth_target_measures_members_against_the_end_of_last_year(
    client, board_viewer, scenario, program, figures
):
    """Members at the end of 2024: branch 400 + B 500 = 900. By Q2/2025: 950, a growth of 50 / 900 = 5,56 %,
    against "tăng 10 % trở lên" pro-rated to 5 % by mid-year: 111,1 %, on track."""
    add_report(scenario["branch"], 2024, 4, Report.Status.APPROVED, {figures["members"]: 400})
    add_report(scenario["b"], 2024, 4, Report.Status.APPROVED, {figures["members"]: 500})
    TargetFactory(
        program=program, label="9", order=9, measure=Target.Measure.GROWTH, numerator=figures["members"], value=10
    )
    client.force_login(board_viewer)
    by_label, _page = rows(client, program, 2)
    growth = by_label["9"]
    assert growth[2].value == "từ 10 % trở lên"
    assert growth[4].value == Decimal("5.6")  # 5,56 % shown to one place
    assert growth[5].value == 5
    assert round(growth[6].value, 1) == Decimal("111.1")
    assert growth[7].value == "Đúng tiến độ"
    assert (growth[8].value, growth[9].value) == (950, 900)
    # The trend, quarter by quarter: Q1/2025 900 (branch 400, B 500) is 0 %; Q2 950 is 5,56 %. The
    # program starts in 2024, whose growth needs 2023: none reported, so no growth to show.
    scope = Scope(program=program, unit=scenario["root"], year=2025, quarter=2, include_submitted=False)
    points = target_trend(scope=scope, target=program.targets.get(label="9"))
    assert [(p.progress.year, p.progress.quarter) for p in points][:1] == [(2024, 1)]
    assert [p.progress.actual for p in points if p.progress.year == 2024] == [None] * 4
    assert [round(p.progress.actual, 2) for p in points if p.progress.year == 2025] == [0, Decimal("5.56")]
