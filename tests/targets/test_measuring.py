"""The measuring rules on their own: totals worked out by hand in, actual, expectation and status out."""

from decimal import Decimal

import pytest

from targets.measuring import Progress, Status, actual, figures_of
from targets.models import Figure, Target, TargetYearValue
from tests.factories import FigureFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_members():
    """Each year "kết nạp từ 1.500 hội viên mới trở lên": a flow."""
    return TargetFactory(value=Decimal(1500))


@pytest.fixture
def insured():
    """The target "100 % hội viên tham gia bảo hiểm y tế": insured members over members, both stocks."""
    return TargetFactory(ratio=True)


def test_a_count_target_is_its_figures_total(new_members):
    assert actual(new_members, {new_members.numerator_id: Decimal(600)}) == 600
    assert actual(new_members, {}) is None  # nothing reported is not zero


def test_a_ratio_divides_the_summed_numerator_by_the_summed_denominator(insured):
    # Two units: 90 of 450 and 495 of 500 insured. 585 / 950 = 61,58 %, not the mean of 20 % and 99 %.
    totals = {insured.numerator_id: Decimal(90 + 495), insured.denominator_id: Decimal(450 + 500)}
    assert actual(insured, totals).quantize(Decimal("0.01")) == Decimal("61.58")


def test_a_ratio_without_both_figures_has_no_actual(insured):
    assert actual(insured, {insured.numerator_id: Decimal(90)}) is None
    assert actual(insured, {insured.numerator_id: Decimal(90), insured.denominator_id: Decimal(0)}) is None


def test_a_ratio_per_member_uses_its_scale():
    per_member = TargetFactory(ratio=True, ratio_scale=1)
    totals = {per_member.numerator_id: Decimal(300), per_member.denominator_id: Decimal(1200)}
    assert actual(per_member, totals) == Decimal("0.25")


def test_an_annual_flow_is_expected_a_quarter_at_a_time(new_members):
    assert [Progress(new_members, 2025, q, None).expected for q in (1, 2, 3, 4)] == [375, 750, 1125, 1500]


def test_stocks_and_ratios_are_expected_at_their_target_from_the_first_quarter(insured):
    members = TargetFactory(measure=Target.Measure.STOCK_LATEST, numerator__kind=Figure.Kind.STOCK, value=1000)
    assert Progress(members, 2025, 1, None).expected == 1000
    assert Progress(insured, 2025, 1, None).expected == 100


def test_a_years_own_value_replaces_the_annual_one(new_members):
    TargetYearValue.objects.create(target=new_members, year=2025, value=Decimal(2000))
    assert Progress(new_members, 2025, 2, Decimal(800)).expected == 1000
    assert Progress(new_members, 2024, 2, Decimal(800)).expected == 750


def test_percent_achieved_is_against_what_is_expected_by_now(new_members):
    assert Progress(new_members, 2025, 2, Decimal(600)).percent_of_expected == 80  # 600 of 750
    assert Progress(new_members, 2025, 2, None).percent_of_expected is None
    nothing_asked = TargetFactory(value=Decimal(0))
    assert Progress(nothing_asked, 2025, 2, Decimal(5)).percent_of_expected is None


@pytest.mark.parametrize(
    ("quarter", "reached", "status"),
    [
        (2, None, Status.NO_DATA),
        (2, 600, Status.BEHIND),  # 600 < 750 expected by Q2
        (2, 750, Status.ON_TRACK),
        (2, 1500, Status.MET),  # the whole year's target, already
        (4, 1499, Status.NEARLY),  # short of 1.500 by less than a tenth (150)
        (4, 1350, Status.NEARLY),
        (4, 1349, Status.BEHIND),
        (2, 675, Status.NEARLY),  # 750 expected by Q2, a tenth is 75
        (2, 674, Status.BEHIND),
    ],
)
def test_how_a_flow_stands(new_members, quarter, reached, status):
    value = None if reached is None else Decimal(reached)
    assert Progress(new_members, 2025, quarter, value).status == status


def test_downward_flow_is_met_only_at_year_end():
    target = TargetFactory(comparator="lte", value=800)
    at_q2 = Progress(target, 2025, 2, Decimal(300))
    assert at_q2.status == Status.ON_TRACK  # 300 ≤ 400 so far
    assert Progress(target, 2025, 2, Decimal(500)).status == Status.BEHIND
    assert Progress(target, 2025, 4, Decimal(700)).status == Status.MET


def test_each_target_measured_from_the_same_totals(new_members, insured):
    totals = {new_members.numerator_id: Decimal(1600)}
    found = Progress.of([new_members, insured], totals, year=2025, quarter=2)
    assert [(p.target, p.actual, p.status) for p in found] == [
        (new_members, 1600, Status.MET),
        (insured, None, Status.NO_DATA),
    ]


def test_the_figures_a_target_needs_are_listed_once(new_members, insured):
    members_again = TargetFactory(measure=Target.Measure.STOCK_LATEST, numerator=insured.denominator)
    shared = FigureFactory()
    twice = [TargetFactory(numerator=shared), TargetFactory(numerator=shared)]
    figures = figures_of([new_members, insured, members_again, *twice])
    assert figures == [new_members.numerator, insured.numerator, insured.denominator, shared]


@pytest.mark.parametrize(
    ("quarter", "reached", "status"),
    [
        (4, 300, Status.NEARLY),  # "trên 300" with exactly 300 at year end: neither met nor on track
        (4, 301, Status.MET),
        (2, 300, Status.NEARLY),  # a stock is expected at its target all year
        (2, 301, Status.MET),
    ],
)
def test_a_strict_target_is_reached_only_when_exceeded(quarter, reached, status):
    target = TargetFactory(measure="stock_latest", comparator="gt", value=300)
    assert Progress(target, 2025, quarter, Decimal(reached)).status == status


# --- Shapes the documents use -------------------------------------------------------------------


@pytest.fixture
def overdue_debt():
    """ "Tỷ lệ nợ quá hạn dưới 0,5 %": overdue loans over loans, both stocks; it must stay low."""
    return TargetFactory(ratio=True, comparator="lt", value=Decimal("0.5"))


@pytest.mark.parametrize(
    ("reached", "percent", "status"),
    [
        ("0.4", Decimal(125), Status.MET),  # 0,5 allowed / 0,4 reached = 125 %
        ("0.5", Decimal(100), Status.NEARLY),  # "dưới 0,5": exactly 0,5 is not below it
        ("1", Decimal(50), Status.BEHIND),  # twice what is allowed: 50 %, never 200 %
        ("0", None, Status.MET),  # nothing overdue: met, with no % to divide by
    ],
)
def test_a_falling_target_scores_what_is_allowed_over_what_happened(overdue_debt, reached, percent, status):
    progress = Progress(overdue_debt, 2025, 2, Decimal(reached))
    assert (progress.percent_of_expected, progress.status) == (percent, status)
    assert progress.goal_text == "dưới 0,5 %"


def test_a_falling_target_above_its_value_scores_less_the_higher_it_goes(overdue_debt):
    worse = [Progress(overdue_debt, 2025, 2, Decimal(v)).percent_of_expected for v in ("0.6", "0.8", "2")]
    assert worse == sorted(worse, reverse=True) and all(p < 100 for p in worse)


@pytest.mark.parametrize(
    ("quarter", "reached", "expected", "percent", "status"),
    [
        (1, 20, None, None, Status.AT_YEAR_END),  # 20 % of units rated strong after Q1: not red, not measured
        (2, None, None, None, Status.AT_YEAR_END),  # nothing rated yet: still not "no data"
        (3, 94, None, None, Status.AT_YEAR_END),
        (4, 96, 95, Decimal(96) * 100 / 95, Status.MET),  # assessed at the year's end, without pro-rating
        (4, 90, 95, Decimal(90) * 100 / 95, Status.NEARLY),  # 5 short of 95: within a tenth of it (9,5)
        (4, 80, 95, Decimal(80) * 100 / 95, Status.BEHIND),  # 15 short: more than a tenth
    ],
)
def test_a_year_end_target_is_only_assessed_in_the_last_quarter(quarter, reached, expected, percent, status):
    """ "95 % cơ sở hội vững mạnh": units are rated once a year."""
    strong = TargetFactory(ratio=True, value=95, timing=Target.Timing.YEAR_END)
    progress = Progress(strong, 2025, quarter, None if reached is None else Decimal(reached))
    assert (progress.expected, progress.percent_of_expected) == (expected, percent)
    assert progress.status == status


def test_a_year_end_flow_is_not_pro_rated():
    """Households reaching the good-producer title, counted once a year: 300 by year end, not 75 a quarter."""
    titles = TargetFactory(value=300, timing=Target.Timing.YEAR_END)
    assert Progress(titles, 2025, 4, Decimal(240)).expected == 300
    assert Progress(titles, 2025, 4, Decimal(240)).status == Status.BEHIND  # 60 short: more than a tenth


def test_a_years_own_comparator_replaces_the_targets_for_that_year_only():
    """The document asks "từ 300 trở lên" each year but "trên 300" in 2026."""
    target = TargetFactory(measure="stock_latest", comparator="gte", value=300)
    TargetYearValue.objects.create(target=target, year=2026, value=300, comparator="gt")
    assert Progress(target, 2025, 4, Decimal(300)).status == Status.MET
    assert Progress(target, 2026, 4, Decimal(300)).status == Status.NEARLY
    assert (target.describe(300, 2025), target.describe(300, 2026)) == ("từ 300 trở lên", "trên 300")


@pytest.fixture
def fund_growth():
    """ "Quỹ hỗ trợ nông dân tăng trưởng 15 % trở lên" each year: the fund (a stock) against its end of last year."""
    return TargetFactory(measure=Target.Measure.GROWTH, numerator__kind=Figure.Kind.STOCK, value=15)


@pytest.mark.parametrize(
    ("quarter", "now", "before", "grown", "status"),
    [
        (4, 1150, 1000, Decimal(15), Status.MET),  # 1.000 → 1.150: 15 %
        (4, 1120, 1000, Decimal(12), Status.BEHIND),  # 12 %: 3 short of 15, more than a tenth (1,5)
        (2, 1080, 1000, Decimal(8), Status.ON_TRACK),  # 8 % by mid-year against 7,5 % expected
        (2, 1080, None, None, Status.NO_DATA),  # nothing at the end of last year: no growth to measure
        (2, 1080, 0, None, Status.NO_DATA),
    ],
)
def test_a_growth_target_compares_the_stock_with_the_end_of_last_year(fund_growth, quarter, now, before, grown, status):
    totals = {fund_growth.numerator_id: Decimal(now)}
    if before is not None:
        totals[-fund_growth.numerator_id] = Decimal(before)
    progress = Progress.of([fund_growth], totals, year=2025, quarter=quarter)[0]
    assert (progress.actual, progress.status) == (grown, status)
    assert (progress.numerator, progress.denominator) == (now, before)
    assert progress.goal_text == "từ 15 % trở lên"
