"""A synthetic province for measuring: communes with approved quarterly figures of a program, and
one person per role. Used by `bench` (inside a transaction it rolls back) and `loadtest --setup`."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from organisations.models import Membership, Organisation, Province
from programs.models import Program, Resolution
from reports.models import Report, ReportingPeriod, ReportValue
from targets.models import Figure, Target

FLOWS = ["new_members", "vocational_trained", "good_farmers_upskilled", "new_professional_groups", "new_cooperatives"]
STOCKS = ["members", "officials", "officials_trained", "members_health_insured"]
RATIOS = [("officials_trained", "officials"), ("members_health_insured", "members")]
FIRST_YEAR = 2024


def synthetic_province(*, communes: int, years: int, first_year: int = FIRST_YEAR, code: str = "bench-thu-tai"):
    """A province association with `communes` communes, each with an approved report for every quarter
    of the program's `years` years. Returns the program, the province association and the communes."""
    province = Province.objects.create(name=f"Tỉnh thử tải ({code})", code=code)
    root = Organisation.objects.create(province=province, kind="province_association", name="Hội Nông dân tỉnh thử")
    units = [  # one by one: saving a unit places it in the tree
        Organisation.objects.create(province=province, parent=root, kind="commune_association", name=f"Xã {n:03}")
        for n in range(communes)
    ]
    figures = _figures()
    program = _program(province, years=years, first_year=first_year, slug=code)
    Target.objects.bulk_create(_targets(program, figures))
    periods = _periods(program.years)
    reports = Report.objects.bulk_create(
        Report(unit=unit, period=period, status=Report.Status.APPROVED) for unit in units for period in periods
    )
    ReportValue.objects.bulk_create(
        ReportValue(report=report, figure=figure, value=Decimal(10 + (report.unit_id + index) % 90))
        for report in reports
        for index, figure in enumerate(figures.values())
    )
    return program, root, units


def _figures() -> dict[str, Figure]:
    figures = {}
    for code in FLOWS + STOCKS:
        figures[code], _created = Figure.objects.get_or_create(
            code=code,
            defaults={
                "name": code,
                "definition": code,
                "kind": "flow" if code in FLOWS else "stock",
                "unit_of_measure": "người",
            },
        )
    return figures


def _program(province: Province, *, years: int, first_year: int, slug: str) -> Program:
    resolution, _created = Resolution.objects.get_or_create(
        number="46-NQ/TW", defaults={"title": "46", "issuing_body": "Bộ Chính trị", "issued_on": "2023-12-20"}
    )
    return Program.objects.create(
        resolution=resolution,
        province=province,
        slug=slug,
        number="1-CTr/TU",
        title="Thử tải",
        issuing_body="Ban Thường vụ Tỉnh ủy",
        issued_on="2024-04-15",
        status="issued",
        start_year=first_year,
        end_year=first_year + years - 1,
    )


def _targets(program: Program, figures: dict[str, Figure]) -> list[Target]:
    """A flow target per flow, one stock, and the ratios."""
    common = {"program": program, "unit_of_measure": "người"}
    targets = [
        Target(
            **common,
            label=str(n),
            order=n,
            text=code,
            short_name=code,
            measure="flow_total",
            numerator=figures[code],
            value=Decimal(1500),
        )
        for n, code in enumerate(FLOWS, start=1)
    ]
    targets.append(
        Target(
            **common,
            label="m",
            order=20,
            text="members",
            short_name="members",
            measure="stock_latest",
            numerator=figures["members"],
            value=Decimal(50000),
        )
    )
    return targets + [
        Target(
            program=program,
            label=f"r{n}",
            order=30 + n,
            text=num,
            short_name=num,
            measure="ratio",
            numerator=figures[num],
            denominator=figures[den],
            comparator="eq",
            value=Decimal(100),
            unit_of_measure="%",
        )
        for n, (num, den) in enumerate(RATIOS)
    ]


def _periods(years: range) -> list[ReportingPeriod]:
    periods = []
    for year in years:
        for quarter in range(1, 5):
            cutoff, deadline = ReportingPeriod.default_dates(year, quarter)
            period, _created = ReportingPeriod.objects.get_or_create(
                year=year, quarter=quarter, defaults={"cutoff_date": cutoff, "deadline": deadline}
            )
            periods.append(period)
    return periods


def people_by_role(*, province: Province, root: Organisation, commune: Organisation) -> dict[str, object]:
    """A board viewer, an approver at the province association and a reporter at a commune."""
    board = Organisation.objects.create(province=province, kind="party_board", name="Ban thử tải")
    roles = {
        Membership.Role.BOARD_VIEWER: board,
        Membership.Role.APPROVER: root,
        Membership.Role.REPORTER: commune,
    }
    people = {role: get_user_model().objects.create_user(f"bench-{role}") for role in roles}
    Membership.objects.bulk_create(
        Membership(user=people[role], organisation=organisation, role=role) for role, organisation in roles.items()
    )
    return people
