"""Counting over the tree: a unit and a unit below it never both counted; retired units only while active.

The tree (conftest): province → communes A and B; A → branch "thôn 1". Added here: branch "thôn 2"
under A, merged into "thôn 1" on 01/07/2025. All reports approved.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import Organisation
from reports.models import Report
from tests.dashboards.conftest import add_report
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
APPROVED = Report.Status.APPROVED


def page(client, name, program, unit, quarter):
    return client.get(
        reverse(f"dashboards:{name}", args=[program.slug]), {"year": 2025, "quarter": quarter, "unit": unit.pk}
    )


def actuals(client, program, unit, quarter) -> list:
    return [p.actual for p in page(client, "dashboard", program, unit, quarter).context["dashboard"].progress]


def test_a_commune_and_its_branch_both_reporting_count_once(client, board_viewer, tree, figures, program):
    """Q1/2025 new members: branch 600; commune A 300 of its own (its branch's, entered again); B 100.

    The lowest reporting units count: A = 600, the province 600 + 100 = 700 (not 1.000).
    """
    f = figures["new_members"]
    add_report(tree["branch"], 2025, 1, APPROVED, {f: 600})
    add_report(tree["a"], 2025, 1, APPROVED, {f: 300})
    add_report(tree["b"], 2025, 1, APPROVED, {f: 100})
    client.force_login(board_viewer)
    assert actuals(client, program, tree["a"], 1)[0] == 600
    assert actuals(client, program, tree["root"], 1)[0] == 700
    table = page(client, "units", program, tree["root"], 1).context["table"]
    by_unit = {row[0].value: row[2].value for row in table.rows}
    assert by_unit == {"Hội Nông dân xã A": 600, "Hội Nông dân xã B": 100}
    assert table.footer[0][2].value == 700


@pytest.fixture
def merged(tree, figures):
    """Thôn 2 merged into thôn 1 on 01/07/2025, with its members.

    | unit   | quarter | members | new members |
    | thôn 1 | Q1      | 400     | 10          |
    | thôn 2 | Q1      | 200     | 5           |
    | thôn 1 | Q2      | 410     | 10          |
    | thôn 2 | Q2      | 210     | 5           |
    | thôn 1 | Q3      | 630     | 20          |  (thôn 2's 210 members now in thôn 1)
    | thôn 2 | Q3      | 210     | 7           |  (filed after the merger: does not count)
    """
    second = OrganisationFactory(parent=tree["a"], kind=Organisation.Kind.BRANCH, name="Chi Hội thôn 2")
    members, new = figures["members"], figures["new_members"]
    for unit, quarter, stock, flow in [
        (tree["branch"], 1, 400, 10),
        (second, 1, 200, 5),
        (tree["branch"], 2, 410, 10),
        (second, 2, 210, 5),
        (tree["branch"], 3, 630, 20),
        (second, 3, 210, 7),
    ]:
        add_report(unit, 2025, quarter, APPROVED, {members: stock, new: flow})
    add_report(tree["b"], 2025, 3, Report.Status.SUBMITTED, {new: 1})
    second.retired_on = datetime.date(2025, 7, 1)
    second.merged_into = tree["branch"]
    second.save()
    return second


def test_a_merged_branch_counts_only_while_it_was_active(client, board_viewer, tree, program, merged):
    """As of Q2: members 410 + 210 = 620, new members 10 + 5 + 10 + 5 = 30.

    As of Q3: members 630 (thôn 2's stock stops at the merger), new members 30 + 20 = 50 (thôn 2's Q3
    report does not count).
    """
    client.force_login(board_viewer)
    assert actuals(client, program, tree["a"], 2)[:2] == [30, 620]
    assert actuals(client, program, tree["a"], 3)[:2] == [50, 630]


def test_completeness_of_a_past_quarter_counts_the_units_active_then(client, board_viewer, tree, program, merged):
    """Reporting units of 2025: thôn 1, thôn 2, B (A has branches). Only approved reports counted as sent.

    Q2: thôn 1 and thôn 2 sent, B did not: 2 of 3 due, 66,7 % (with today's units it would read 1 of 2).
    Q3: thôn 2 is no longer due: thôn 1 approved, B submitted on time: 2 of 2, 100 %.
    """
    client.force_login(board_viewer)
    summary = page(client, "completeness", program, tree["root"], 3).context["summary"]
    rate = {row[0].value: (row[2].value, row[-1].value) for row in summary.rows}
    assert rate["Quý II/2025"] == (3, Decimal("66.7"))
    assert rate["Quý III/2025"] == (2, 100)
    matrix = page(client, "completeness", program, tree["root"], 3).context["matrix"]
    thon_2 = next(row for row in matrix.rows if row[0].value == "Chi Hội thôn 2")
    assert [cell.value for cell in thon_2[1:]] == ["Đã duyệt", "Đã duyệt", "Đã ngừng hoạt động"]


def test_the_trend_counts_as_the_dashboard_does(client, board_viewer, tree, figures, program, merged):
    """Members of commune A at the end of each quarter: Q1 400 + 200 = 600, Q2 620, Q3 630 (not 630 + 210).

    Commune A also enters 700 members of its own in Q3: its branches' figures count instead.
    """
    add_report(tree["a"], 2025, 3, APPROVED, {figures["members"]: 700})
    target = program.targets.get(label="2")
    client.force_login(board_viewer)
    response = client.get(
        reverse("dashboards:trend", args=[program.slug]),
        {"year": 2025, "quarter": 3, "unit": tree["a"].pk, "target": target.pk},
    )
    members = {row[0].value: row[1].value for row in response.context["trend"].table.rows}
    assert [members[f"Quý {q}/2025"] for q in ("I", "II", "III")] == [600, 620, 630]
