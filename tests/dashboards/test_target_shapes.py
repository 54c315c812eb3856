"""Target shapes on the dashboard, with the scenario's figures (see conftest), as of Q2/2025, approved only.

Members (a stock) stand at 950; insured members at 90 + 495 = 585 of 950 (61,6 %).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Target

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
