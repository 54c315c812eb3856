"""A Lạng Sơn-like program with count and percentage targets, and quarters around today."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from targets.models import Figure, Target
from tests.factories import FigureFactory, ProgramFactory, ReportingPeriodFactory, TargetFactory


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_before(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


@pytest.fixture
def figures(db):
    stock = Figure.Kind.STOCK
    return {
        "new_members": FigureFactory(code="new-members", name="Hội viên mới kết nạp", order=1),
        "farmer_households": FigureFactory(
            code="farmer-households", name="Hộ nông dân", kind=stock, unit_of_measure="hộ", order=2
        ),
        "registered": FigureFactory(
            code="registered", name="Hộ đăng ký SXKD giỏi", kind=stock, unit_of_measure="hộ", order=3
        ),
        "achieved": FigureFactory(code="achieved", name="Hộ đạt danh hiệu", kind=stock, unit_of_measure="hộ", order=4),
        "area": FigureFactory(
            code="area", name="Diện tích liên kết", unit_of_measure="ha", allows_decimals=True, order=5
        ),
    }


@pytest.fixture
def program(tree, figures):
    """Targets 1 (count), 6a and 6b (percentages sharing "registered"), and one with decimals."""
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU", slug="115-ctr-tu")
    TargetFactory(program=program, label="1", order=1, numerator=figures["new_members"])
    TargetFactory(
        program=program,
        label="6a",
        order=2,
        ratio=True,
        text="Từ 45% số hộ nông dân trở lên đăng ký danh hiệu nông dân SXKD giỏi các cấp",
        short_name="Hộ đăng ký SXKD giỏi",
        numerator=figures["registered"],
        denominator=figures["farmer_households"],
        value=Decimal("45"),
        comparator=Target.Comparator.GTE,
    )
    TargetFactory(
        program=program,
        label="6b",
        order=3,
        ratio=True,
        text="Từ 70% trở lên số hộ đăng ký đạt danh hiệu",
        short_name="Hộ đạt danh hiệu",
        numerator=figures["achieved"],
        denominator=figures["registered"],
        value=Decimal("70"),
        comparator=Target.Comparator.GTE,
    )
    TargetFactory(
        program=program,
        label="9",
        order=9,
        numerator=figures["area"],
        short_name="Liên kết sản xuất",
        unit_of_measure="ha",
    )
    return program


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(db, today):
    """The current quarter, open: its deadline is ten days away."""
    year, quarter = quarter_of(today)
    return ReportingPeriodFactory(
        year=year, quarter=quarter, cutoff_date=today, deadline=today + datetime.timedelta(days=10)
    )


@pytest.fixture
def previous_period(db, period):
    """The quarter before, closed a month ago (dates set from today so the test never straddles a deadline)."""
    year, quarter = quarter_before(period.year, period.quarter)
    closed = period.cutoff_date - datetime.timedelta(days=30)
    return ReportingPeriodFactory(year=year, quarter=quarter, cutoff_date=closed, deadline=closed)


@pytest.fixture
def closed_period(db, previous_period):
    """Two quarters back: its deadline and grace days are over."""
    year, quarter = quarter_before(previous_period.year, previous_period.quarter)
    closed = previous_period.cutoff_date - datetime.timedelta(days=90)
    return ReportingPeriodFactory(year=year, quarter=quarter, cutoff_date=closed, deadline=closed)
