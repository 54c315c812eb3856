"""A small Lạng Sơn with numbers worked out by hand (see `scenario`)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reports.models import Report, ReportValue
from targets.models import Figure, Target
from tests.factories import (
    BaselineFactory,
    FigureFactory,
    OrganisationFactory,
    ProgramFactory,
    ReportFactory,
    ReportingPeriodFactory,
    TargetFactory,
)


def add_report(unit, year, quarter, status, values=None, submitted_at=None, **fields):
    """One quarterly report with its values ({figure: number})."""
    period = ReportingPeriodFactory(year=year, quarter=quarter)
    if status in (Report.Status.SUBMITTED, Report.Status.APPROVED) and submitted_at is None:
        submitted_at = timezone.make_aware(datetime.datetime.combine(period.deadline, datetime.time(9)))
    if status == Report.Status.RETURNED:
        fields.setdefault("return_reason", "Thiếu số liệu")
    report = ReportFactory(unit=unit, period=period, status=status, submitted_at=submitted_at, **fields)
    ReportValue.objects.bulk_create(
        ReportValue(report=report, figure=figure, value=Decimal(value)) for figure, value in (values or {}).items()
    )
    return report


@pytest.fixture
def figures(db):
    stock = Figure.Kind.STOCK
    return {
        "new_members": FigureFactory(code="new_members", name="Hội viên mới kết nạp"),
        "members": FigureFactory(code="members", name="Hội viên", kind=stock),
        "insured": FigureFactory(code="members_health_insured", name="Hội viên có bảo hiểm y tế", kind=stock),
    }


@pytest.fixture
def program(tree, figures):
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU", slug="115-ctr-tu", start_year=2024)
    TargetFactory(program=program, label="1", order=1, numerator=figures["new_members"], value=Decimal(1500))
    TargetFactory(
        program=program,
        label="2",
        order=2,
        short_name="Hội viên",
        measure=Target.Measure.STOCK_LATEST,
        numerator=figures["members"],
        value=Decimal(1000),
    )
    TargetFactory(
        program=program,
        label="7a",
        order=3,
        ratio=True,
        short_name="Hội viên tham gia bảo hiểm y tế",
        numerator=figures["insured"],
        denominator=figures["members"],
    )
    BaselineFactory(program=program, label="Hộ đăng ký SXKD giỏi", value=Decimal("7.7"), unit_of_measure="%")
    return program


@pytest.fixture
def scenario(tree, figures, program):
    """Reporting units: the branch under commune A, commune B, commune C (never reports).

    | unit   | quarter | status    | new members | members | insured |
    | branch | Q1/2025 | approved  | 200         | 400     |         |
    | branch | Q2/2025 | approved  | 300         | 450     | 90      |
    | B      | Q1/2025 | approved  | 100         | 500     | 495     |
    | B      | Q2/2025 | submitted | 150         | 520     | 520     |
    | B      | Q3/2025 | submitted late, no values                    |
    | C      | Q3/2025 | returned                                     |

    As of Q2/2025, approved only: new members 600 (expected 750: 80 %); members 450 + 500 = 950
    (a stock: the branch's Q1 400 is not added); insured (90 + 495) / 950 = 61,6 %, whereas the
    average of the units' percentages (20 % and 99 %) would be 59,5 %.
    With submitted reports: 750 (100 % of expected); 970; (90 + 520) / 970 = 62,9 %.
    """
    c = OrganisationFactory(parent=tree["root"], name="Hội Nông dân xã C")
    f = figures
    approved, submitted = Report.Status.APPROVED, Report.Status.SUBMITTED
    add_report(tree["branch"], 2025, 1, approved, {f["new_members"]: 200, f["members"]: 400})
    add_report(tree["branch"], 2025, 2, approved, {f["new_members"]: 300, f["members"]: 450, f["insured"]: 90})
    add_report(tree["b"], 2025, 1, approved, {f["new_members"]: 100, f["members"]: 500, f["insured"]: 495})
    add_report(tree["b"], 2025, 2, submitted, {f["new_members"]: 150, f["members"]: 520, f["insured"]: 520})
    q3 = ReportingPeriodFactory(year=2025, quarter=3)
    late = timezone.make_aware(datetime.datetime.combine(q3.deadline + datetime.timedelta(days=3), datetime.time(9)))
    add_report(tree["b"], 2025, 3, submitted, submitted_at=late)
    add_report(c, 2025, 3, Report.Status.RETURNED)
    return {**tree, "c": c}
