"""The comparison across programs sums only the units each reader may read.

Two programs of Lạng Sơn measure new members: 115-CTr/TU (1.500 a year) and a draft (1.000 a year).
Approved as of Q2/2025 (conftest's `scenario`): the branch under commune A 200 + 300, commune B 100.
- the province (a board, or the approver of the province association): 600; expected 750 and 500;
- commune A's reporter (A and its branch): 500, i.e. 66,7 % of 750 and 100 % of 500;
- someone reporting for both communes: 600 again, named after the two communes.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import Membership
from programs.models import Program
from reports.dashboards import comparison
from tests.factories import MembershipFactory, ProgramFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(tree, figures, program):
    draft = ProgramFactory(province=tree["province"], number="", slug="du-thao", status=Program.Status.DRAFT)
    TargetFactory(program=draft, label="3", numerator=figures["new_members"], value=Decimal(1000))
    return draft


def rows(user):
    compared = comparison.program_comparison(user=user, year=2025, quarter=2, include_submitted=False)
    table = comparison.comparison_table(compared, year=2025, quarter=2)
    return [[cell.text for cell in row[1:]] for row in table.rows]


def test_a_board_compares_the_province_totals(board_viewer, scenario, draft):
    assert rows(board_viewer) == [
        ["Dự thảo", "Lạng Sơn", "3. Kết nạp hội viên mới", "từ 1.000 trở lên", "600", "500", "120 %", "Đúng tiến độ"],
        ["115-CTr/TU", "Lạng Sơn", "1. Kết nạp hội viên mới", "từ 1.500 trở lên", "600", "750", "80 %", "Chậm"],
    ]


def test_the_approver_of_the_province_association_reads_the_whole_province(approver, scenario, draft):
    assert [row[1:5] for row in rows(approver)] == [
        ["Lạng Sơn", "3. Kết nạp hội viên mới", "từ 1.000 trở lên", "600"],
        ["Lạng Sơn", "1. Kết nạp hội viên mới", "từ 1.500 trở lên", "600"],
    ]


def test_a_commune_reporter_compares_only_their_commune(reporter, scenario, draft):
    assert rows(reporter) == [
        [
            "Dự thảo",
            "Hội Nông dân xã A",
            "3. Kết nạp hội viên mới",
            "từ 1.000 trở lên",
            "500",
            "500",
            "100 %",
            "Đúng tiến độ",
        ],
        [
            "115-CTr/TU",
            "Hội Nông dân xã A",
            "1. Kết nạp hội viên mới",
            "từ 1.500 trở lên",
            "500",
            "750",
            "66,7 %",
            "Chậm",
        ],
    ]


def test_someone_reporting_for_two_communes_sums_both(reporter, scenario, draft):
    MembershipFactory(user=reporter, organisation=scenario["b"], role=Membership.Role.REPORTER)
    _draft, issued = rows(reporter)
    assert issued[1:5] == [
        "Hội Nông dân xã A, Hội Nông dân xã B",
        "1. Kết nạp hội viên mới",
        "từ 1.500 trở lên",
        "600",
    ]


def test_the_page_never_shows_a_reporter_the_province_total(client, reporter, scenario, draft):
    client.force_login(reporter)
    response = client.get(reverse("dashboards:compare"), {"year": 2025, "quarter": 2})
    html = response.content.decode()
    assert response.context["table"].rows[0][5].text == "500"
    assert "Hội Nông dân xã A" in html
    assert ">600<" not in html and "Lạng Sơn</td>" not in html


def test_the_latest_quarter_is_the_latest_the_reader_may_see(reporter, board_viewer, scenario, draft):
    """Commune B's Q3 report is submitted (counted with submitted reports); commune A's subtree has none."""
    assert comparison.comparison_period(user=board_viewer, year=None, quarter=None, include_submitted=True) == (2025, 3)
    assert comparison.comparison_period(user=reporter, year=None, quarter=None, include_submitted=True) == (2025, 2)
