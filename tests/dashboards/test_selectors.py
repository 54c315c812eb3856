"""Dashboard numbers against figures worked out by hand (the table in conftest's `scenario`)."""

import datetime
from decimal import Decimal

import pytest

from reports.dashboards import comparison, completeness, trend, units
from reports.dashboards.base import shown_rounding, value_cell
from reports.dashboards.progress import program_dashboard
from reports.dashboards.reporting import Submission
from reports.dashboards.reporting import completeness as reporting_completeness
from reports.dashboards.scope import dashboard_scope
from targets.measuring import Progress, Status
from tests.dashboards.conftest import add_report
from tests.factories import AllocationFactory, OrganisationFactory, ProgramFactory, TargetFactory

pytestmark = pytest.mark.django_db


def scope_for(user, program, *, unit=None, year=2025, quarter=2, include_submitted=False):
    return dashboard_scope(
        user=user,
        program=program,
        unit_id=unit.pk if unit else None,
        year=year,
        quarter=quarter,
        include_submitted=include_submitted,
    )


def by_label(dashboard):
    return {p.target.label: p for p in dashboard.progress}


def texts(table):
    return [[cell.text for cell in row] for row in table.rows]


def test_approved_only_at_q2(board_viewer, program, scenario):
    progress = by_label(program_dashboard(scope=scope_for(board_viewer, program)))
    flow, stock, ratio = progress["1"], progress["2"], progress["7a"]
    assert flow.actual == 600
    assert flow.expected == 750  # half of 1.500 at Q2
    assert flow.percent_of_expected == 80
    assert flow.status == Status.BEHIND
    assert stock.actual == 950  # latest per unit (450 + 500), never 400 + 450 + 500
    assert stock.expected == 1000
    assert stock.status == Status.NEARLY  # 950: short of 1.000 by 50, less than a tenth
    assert ratio.actual.quantize(Decimal("0.01")) == Decimal("61.58")  # 585 / 950, not (20 + 99) / 2
    assert (ratio.numerator, ratio.denominator) == (585, 950)
    assert ratio.status == Status.BEHIND


def test_submitted_reports_switched_in(board_viewer, program, scenario):
    progress = by_label(program_dashboard(scope=scope_for(board_viewer, program, include_submitted=True)))
    assert progress["1"].actual == 750
    assert progress["1"].status == Status.ON_TRACK
    assert progress["2"].actual == 970
    assert progress["7a"].actual.quantize(Decimal("0.01")) == Decimal("62.89")  # 610 / 970


def test_dashboard_table_shows_the_same_numbers_in_words(board_viewer, program, scenario):
    table = program_dashboard(scope=scope_for(board_viewer, program)).table
    assert texts(table) == [
        ["1", "Kết nạp hội viên mới", "từ 1.500 trở lên", "người", "600", "750", "80 %", "Chậm", "", ""],
        ["2", "Hội viên", "từ 1.000 trở lên", "người", "950", "1.000", "95 %", "Gần đạt tiến độ", "", ""],
        ["7a", "Hội viên tham gia bảo hiểm y tế", "100 %", "%", "61,6 %", "100 %", "61,6 %", "Chậm", "585", "950"],
    ]


def test_stock_reported_in_several_quarters_is_the_latest_not_a_sum(board_viewer, program, scenario):
    q1 = by_label(program_dashboard(scope=scope_for(board_viewer, program, quarter=1)))
    assert q1["2"].actual == 900  # 400 + 500
    assert q1["1"].expected == 375


def test_met_when_the_annual_flow_is_reached(board_viewer, program, scenario, figures):
    add_report(scenario["c"], 2025, 2, "approved", {figures["new_members"]: 1000})
    progress = by_label(program_dashboard(scope=scope_for(board_viewer, program)))
    assert progress["1"].actual == 1600
    assert progress["1"].status == Status.MET


def test_no_data_and_default_period(board_viewer, program, tree):
    scope = dashboard_scope(user=board_viewer, program=program)
    assert not scope.has_data
    progress = program_dashboard(scope=scope).progress
    assert {p.status for p in progress} == {Status.NO_DATA}


def test_default_period_is_the_latest_with_counted_data(board_viewer, program, scenario):
    assert dashboard_scope(user=board_viewer, program=program).quarter == 2
    with_submitted = dashboard_scope(user=board_viewer, program=program, include_submitted=True)
    assert (with_submitted.year, with_submitted.quarter) == (2025, 3)


def test_default_unit_is_the_highest_the_user_may_see(board_viewer, reporter, program, scenario):
    assert dashboard_scope(user=board_viewer, program=program).unit == scenario["root"]
    reporter_scope = dashboard_scope(user=reporter, program=program)
    assert reporter_scope.unit == scenario["a"]
    assert by_label(program_dashboard(scope=reporter_scope))["1"].actual == 500  # the branch below A


def test_breakdown_by_child_unit_behind_first(board_viewer, program, scenario):
    """Commune A was allocated 600 new members for 2025, B 400; nobody was allocated members.

    A: 500 of 600 = 83,3 %, B: 100 of 400 = 25 % (behind the 200 expected by Q2); the province: 600 of
    its own 1.500 = 40 %, members 950 of 1.000 = 95 %.
    """
    target = program.targets.get(label="1")
    AllocationFactory(target=target, unit=scenario["a"], value=600)
    AllocationFactory(target=target, unit=scenario["b"], value=400)
    scope = scope_for(board_viewer, program)
    table = units.breakdown_table(units.unit_breakdown(scope=scope), scope=scope, unit_url=lambda unit: f"/u/{unit.pk}")
    assert texts(table) == [
        ["Hội Nông dân xã C", "3", "", "", "", "", "", "", "", "Chưa có số liệu", "", ""],
        ["Hội Nông dân xã B", "2", "100", "400", "25 %", "500", "", "", "99 %", "Gần đạt tiến độ", "495", "500"],
        ["Hội Nông dân xã A", "1", "500", "600", "83,3 %", "450", "", "", "20 %", "Chậm", "90", "450"],
    ]  # insured of members: B 495 / 500, A (its branch) 90 / 450
    assert table.rows[2][0].url == f"/u/{scenario['a'].pk}"
    footer = [c.text for c in table.footer[0]][2:]
    assert footer == ["600", "1.500", "40 %", "950", "1.000", "95 %", "61,6 %", "Chậm", "585", "950"]


def test_trend_quarter_by_quarter(board_viewer, program, scenario):
    scope = scope_for(board_viewer, program)
    flow, stock = list(program.targets.all())[:2]
    rows = texts(trend.trend_page(scope=scope, target=flow).table)
    assert len(rows) == 6  # 2024 Q1–Q4, 2025 Q1–Q2
    assert rows[0][:3] == ["Quý I/2024", "", ""] and rows[0][-1] == "Chưa có số liệu"
    assert rows[4][:5] == ["Quý I/2025", "300", "300", "từ 1.500 trở lên", "375"]
    assert rows[5][:5] == ["Quý II/2025", "300", "600", "từ 1.500 trở lên", "750"]
    stock_rows = texts(trend.trend_page(scope=scope, target=stock).table)
    assert [r[1] for r in stock_rows[4:]] == ["900", "950"]  # B's Q1 value carried into Q2
    chart = trend.trend_page(scope=scope, target=flow).chart
    assert chart["data"]["datasets"][0]["data"][4:] == [300.0, 600.0]


def test_completeness_of_reporting_units(board_viewer, program, scenario):
    scope = scope_for(board_viewer, program, quarter=3)  # the quarters up to the "as of" one
    found = reporting_completeness(scope=scope)
    matrix = completeness.matrix_table(found, scope=scope, unit_url=lambda unit: "")
    summary = completeness.summary_table(found)
    # Commune A has a branch below it, so the branch reports, not A; the province reports nothing.
    assert [row[0].text for row in matrix.rows] == ["Chi Hội thôn 1", "Hội Nông dân xã B", "Hội Nông dân xã C"]
    assert [[c.text for c in row[1:]] for row in matrix.rows] == [
        [Submission.APPROVED.label, Submission.APPROVED.label, Submission.MISSING.label],
        [Submission.APPROVED.label, Submission.ON_TIME.label, Submission.LATE.label],
        [Submission.MISSING.label, Submission.MISSING.label, Submission.RETURNED.label],
    ]
    assert [row[-1].text for row in summary.rows] == ["66,7 %", "66,7 %", "33,3 %"]


def test_retired_units_do_not_report(board_viewer, program, scenario):
    scenario["c"].retired_on = "2025-01-01"
    scenario["c"].save()
    scope = scope_for(board_viewer, program)
    matrix = completeness.matrix_table(reporting_completeness(scope=scope), scope=scope, unit_url=lambda unit: "")
    assert "Hội Nông dân xã C" not in [row[0].text for row in matrix.rows]


def test_comparison_across_programs_the_user_may_see(board_viewer, program, scenario, figures, outsider):
    lai_chau = outsider.memberships.get().organisation
    other = ProgramFactory(province=lai_chau.province, number="45-CTr/TU", slug="45-ctr-tu")
    TargetFactory(program=other, label="2", numerator=figures["new_members"], value=Decimal(1200))
    add_report(OrganisationFactory(parent=lai_chau), 2025, 1, "approved", {figures["new_members"]: 700})
    board_viewer.memberships.create(organisation=lai_chau, role="board_viewer")

    compared = comparison.program_comparison(user=board_viewer, year=2025, quarter=2, include_submitted=False)
    table = comparison.comparison_table(compared, year=2025, quarter=2)
    assert [[c.text for c in row[1:]] for row in table.rows] == [
        [
            "45-CTr/TU",
            "Lai Châu",
            "2. Kết nạp hội viên mới",
            "từ 1.200 trở lên",
            "700",
            "600",
            "116,7 %",
            "Đúng tiến độ",
        ],
        ["115-CTr/TU", "Lạng Sơn", "1. Kết nạp hội viên mới", "từ 1.500 trở lên", "600", "750", "80 %", "Chậm"],
    ]
    assert comparison.program_comparison(user=outsider, year=2025, quarter=2, include_submitted=False) == []

    other.archived_on = datetime.date(2025, 10, 1)
    other.save()  # archived: nothing left to compare with
    assert comparison.program_comparison(user=board_viewer, year=2025, quarter=2, include_submitted=False) == []


def test_rounding_never_contradicts_the_status(board_viewer, program, scenario, figures):
    """A percentage target of 95 % reached at 94,97 %: "Gần đạt tiến độ", shown as 94,9 %, never as the
    "95 %" that usual rounding gives; 61,58 % is still shown 61,6 % (far from 95 %, nothing to contradict)."""
    target = program.targets.get(label="7a")
    target.value = Decimal(95)
    target.save()
    progress = Progress(target, 2025, 2, Decimal("94.97"), numerator=Decimal(585), denominator=Decimal(616))
    assert progress.status == Status.NEARLY
    assert (
        value_cell(progress, progress.actual, shown_rounding(progress, progress.actual, progress.expected)).text
        == "94,9 %"
    )
    assert (
        value_cell(progress, Decimal("61.58"), shown_rounding(progress, Decimal("61.58"), progress.expected)).text
        == "61,6 %"
    )


def test_the_default_quarter_is_the_latest_complete_enough(client, board_viewer, program, scenario, figures):
    """Reporting units: the branch, B and C. Approved: Q1 the branch and B (2 of 3, 66,7 %), Q2 the branch
    alone (1 of 3). Neither reaches 80 %: the latest with data, Q2, as before. Once C's Q1 is approved,
    Q1 has 3 of 3 and becomes the default, though Q2 has newer (thinner) data."""
    assert scope_for(board_viewer, program, quarter=None).quarter == 2
    add_report(scenario["c"], 2025, 1, "approved", {figures["new_members"]: 10})
    scope = scope_for(board_viewer, program, quarter=None)
    assert (scope.year, scope.quarter, scope.chosen_by_default) == (2025, 1, True)
    client.force_login(board_viewer)
    html = client.get(f"/dashboards/{program.slug}/").content.decode()
    assert "3/3 đơn vị đã báo cáo Quý I/2025" in html and "Kỳ mặc định: quý gần nhất có từ 80 %" in html
    html = client.get(f"/dashboards/{program.slug}/?year=2025&quarter=2").content.decode()
    assert "1/3 đơn vị đã báo cáo Quý II/2025" in html and "Kỳ mặc định" not in html
