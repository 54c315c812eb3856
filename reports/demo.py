"""Demo data: a small unit tree for Lạng Sơn and Lai Châu, one user per role, and plausible quarterly
figures for the eight quarters up to the day it is loaded, so the demo never ages: the older quarters
approved, the last finished one still in the workflow (approved, waiting for a decision, returned and
reopened), the current one open with drafts. The same day gives the same figures. Everything it
creates is marked `is_demo`."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from organisations.models import Membership, Organisation
from organisations.services import program_admin_access_sync
from reports.models import Report, ReportEvent, ReportingPeriod, ReportReopening, ReportValue
from targets.loader import programs_load
from targets.models import Allocation, Figure, Target

DEMO_PASSWORD = "demo-46nqtw"  # noqa: S105 - printed on purpose; demo data refuses to load without DEBUG
SEED = 46
QUARTERS = 8  # the quarters with data, today's included
REOPEN_DAYS = 10  # a returned report of a closed quarter is reopened for its unit this long

LANG_SON = "Hội Nông dân tỉnh Lạng Sơn"
LAI_CHAU = "Hội Nông dân tỉnh Lai Châu"
# (name, parent name, kind, professional, size: a share of the province's annual figures)
UNITS = [
    ("Hội Nông dân phường Lương Văn Tri", LANG_SON, "commune_association", False, 0.26),
    ("Hội Nông dân xã Cao Lộc", LANG_SON, "commune_association", False, 0.24),
    ("Hội Nông dân xã Hữu Lũng", LANG_SON, "commune_association", False, 0.22),
    ("Hội Nông dân xã Bình Gia", LANG_SON, "commune_association", False, 0.0),
    ("Chi Hội nông dân thôn Bản Quyền", "Hội Nông dân xã Bình Gia", "branch", False, 0.15),
    ("Chi Hội nghề nghiệp trồng na Chi Lăng", "Hội Nông dân xã Bình Gia", "branch", True, 0.13),
    ("Hội Nông dân phường Tân Phong", LAI_CHAU, "commune_association", False, 0.40),
    ("Hội Nông dân xã Tam Đường", LAI_CHAU, "commune_association", False, 0.32),
    ("Hội Nông dân xã Phong Thổ", LAI_CHAU, "commune_association", False, 0.28),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    organisation: str


USERS = [
    DemoUser("demo-baocao", "Hoàng Thị Mai", Membership.Role.REPORTER, "Hội Nông dân phường Lương Văn Tri"),
    DemoUser("demo-baocao-chihoi", "Nông Văn Tùng", Membership.Role.REPORTER, "Chi Hội nông dân thôn Bản Quyền"),
    DemoUser("demo-duyet", "Lương Văn Hòa", Membership.Role.APPROVER, LANG_SON),
    DemoUser("demo-ban", "Vi Thị Hạnh", Membership.Role.BOARD_VIEWER, "Ban Tuyên giáo và Dân vận Tỉnh ủy Lạng Sơn"),
    DemoUser("demo-quantri", "Đinh Văn Nam", Membership.Role.PROGRAM_ADMIN, LANG_SON),
    DemoUser("demo-baocao-laichau", "Lò Văn Pành", Membership.Role.REPORTER, "Hội Nông dân phường Tân Phong"),
    DemoUser("demo-duyet-laichau", "Tao Thị Xuân", Membership.Role.APPROVER, LAI_CHAU),
    DemoUser(
        "demo-ban-laichau", "Giàng A Chơ", Membership.Role.BOARD_VIEWER, "Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu"
    ),
]
SUPERUSER = DemoUser("demo-admin", "Quản trị hệ thống", "", "")
# Every other reporting unit gets a reporter of its own: demo-donvi-1, demo-donvi-2, …
UNIT_REPORTER_PREFIX = "demo-donvi-"

# Per province, per year: a plausible annual total for each flow, and levels for each stock.
ANNUAL_FLOWS = {
    "new_members": 1550,
    "vocational_trained": 1000,
    "good_farmers_upskilled": 1400,
    "new_professional_groups": 20,
    "new_professional_branches": 10,
    "members_joined_coops": 340,
    "new_coop_groups": 18,
    "new_cooperatives": 11,
    "members_joined_voluntary_si": 110,
}
PROVINCE_MEMBERS = 70000
PROVINCE_OFFICIALS = 2400
PROVINCE_HOUSEHOLDS = 60000


def demo_quarters(today: datetime.date) -> list[tuple[int, int]]:
    """The QUARTERS quarters up to today's, oldest first: (year, quarter)."""
    current = today.year * 4 + (today.month - 1) // 3
    return [divmod(index, 4) for index in range(current - QUARTERS + 1, current + 1)]


def _quarter_of(pair: tuple[int, int]) -> tuple[int, int]:
    year, index = pair
    return year, index + 1


def _stocks(rng: random.Random, share: float, year: int, quarter: int, members: int) -> dict[str, int]:
    """End-of-quarter states; the "from the start of the year" stocks rise through the year."""
    progress = quarter / 4
    officials = round(PROVINCE_OFFICIALS * share)
    households = round(PROVINCE_HOUSEHOLDS * share * (1 + 0.01 * (year % 10)))
    registered = round(households * rng.uniform(0.38, 0.50) * min(1, 0.6 + progress))
    return {
        "members": members,
        "officials": officials,
        "officials_trained": round(officials * min(1, progress * rng.uniform(0.85, 1.05))),
        "farmer_households": households,
        "households_registered": registered,
        "households_achieved": round(registered * rng.uniform(0.6, 0.8) * progress) if quarter >= 2 else 0,
        "members_health_insured": round(members * rng.uniform(0.9, 0.99)),
        "members_informed": round(members * min(1, progress * rng.uniform(0.9, 1.1))),
    }


def _flows(rng: random.Random, share: float) -> dict[str, int]:
    return {code: max(0, round(total * share / 4 * rng.uniform(0.6, 1.35))) for code, total in ANNUAL_FLOWS.items()}


def _status(rng: random.Random, *, age: int) -> str | None:
    """By the quarter's age (0: today's): older quarters approved, the last finished one in the workflow,
    today's open with drafts and gaps. None: no report."""
    if age == 0:
        return rng.choice([Report.Status.DRAFT, Report.Status.DRAFT, None])
    if age == 1:
        return rng.choice(
            [Report.Status.APPROVED, Report.Status.SUBMITTED, Report.Status.SUBMITTED, Report.Status.RETURNED]
        )
    return Report.Status.APPROVED


def demo_exists() -> bool:
    return Organisation.objects.filter(is_demo=True).exists()


@transaction.atomic
def demo_load(*, today: datetime.date | None = None) -> list[DemoUser]:
    """Create the demo tree, users and reports as of `today` (the local date unless given).

    Run once; `demo_exists()` tells whether it was.
    """
    today = today or timezone.localdate()
    programs_load()
    rng = random.Random(f"{SEED}-{today.isoformat()}")
    units = _units()
    reporters, approvers = _users(units)
    quarters = [_quarter_of(pair) for pair in demo_quarters(today)]
    periods = _periods(years=range(quarters[0][0], today.year + 2))
    figures = {f.code: f for f in Figure.objects.all()}
    values = []
    for name, _parent, _kind, _professional, share in UNITS:
        if not share:
            continue  # the commune reports through its branches
        unit = units[name]
        members = round(PROVINCE_MEMBERS * share)
        for index, (year, quarter) in enumerate(quarters):
            flows = _flows(rng, share)
            members += flows["new_members"] - round(flows["new_members"] * 0.4)
            status = _status(rng, age=len(quarters) - 1 - index)
            if status is None:
                continue
            report = _report(
                rng,
                unit,
                periods[year, quarter],
                status,
                reporter=reporters[name],
                approver=approvers[unit.province_id],
                today=today,
            )
            numbers = {**flows, **_stocks(rng, share, year, quarter, members)}
            values += [
                ReportValue(report=report, figure=figures[code], value=Decimal(number))
                for code, number in numbers.items()
            ]
    ReportValue.objects.bulk_create(values)
    Allocation.objects.bulk_create(_allocations(units, years=sorted({year for year, _q in quarters})))
    return USERS


def _allocations(units: dict[str, Organisation], *, years: list[int]) -> list[Allocation]:
    """115-CTr/TU's count targets shared among Lạng Sơn's demo communes by their size, for the board to see
    allocated against actual. The communes are demo units, so their allocations go with them.
    """
    province_association = units[LANG_SON]
    shares = {name: share for name, parent, _k, _p, share in UNITS if parent == LANG_SON}
    for _name, parent, _k, _p, share in UNITS:
        if parent in shares:
            shares[parent] += share  # a commune reporting through its branches is as big as they are
    targets = Target.objects.filter(
        program__number="115-CTr/TU", program__province=province_association.province
    ).exclude(measure__in=[Target.Measure.RATIO, Target.Measure.GROWTH])
    return [
        Allocation(target=target, unit=units[name], year=year, value=round(target.value_for(year) * Decimal(share)))
        for target in targets.prefetch_related("year_values")
        for year in years
        for name, share in shares.items()
    ]


def _units() -> dict[str, Organisation]:
    units = {o.name: o for o in Organisation.objects.filter(name__in=[LANG_SON, LAI_CHAU])}
    for name, parent_name, kind, professional, _share in UNITS:
        parent = units[parent_name]
        units[name] = Organisation.objects.create(
            province=parent.province, parent=parent, name=name, kind=kind, professional=professional, is_demo=True
        )
    return units


def _users(units: dict[str, Organisation]) -> tuple[dict[str, AbstractUser], dict[int, AbstractUser]]:
    """The listed demo users, plus a reporter for every reporting unit that has none listed.

    Returns each reporting unit's reporter (by unit name) and each province's approver.
    """
    model = get_user_model()
    reporters, approvers = {}, {}
    bodies = {o.name: o for o in Organisation.objects.bodies()}
    for demo in USERS:
        first, _space, last = demo.full_name.rpartition(" ")
        user = model.objects.create_user(demo.username, password=DEMO_PASSWORD, first_name=first, last_name=last)
        Membership.objects.create(
            user=user, organisation=units.get(demo.organisation) or bodies[demo.organisation], role=demo.role
        )
        if demo.role == Membership.Role.PROGRAM_ADMIN:
            program_admin_access_sync(users=[user])
        elif demo.role == Membership.Role.REPORTER:
            reporters[demo.organisation] = user
        elif demo.role == Membership.Role.APPROVER:
            approvers[units[demo.organisation].province_id] = user
    unlisted = [name for name, *_rest, share in UNITS if share and name not in reporters]
    for number, name in enumerate(unlisted, start=1):
        user = model.objects.create_user(
            f"{UNIT_REPORTER_PREFIX}{number}", password=DEMO_PASSWORD, first_name="Cán bộ", last_name=name
        )
        Membership.objects.create(user=user, organisation=units[name], role=Membership.Role.REPORTER)
        reporters[name] = user
    model.objects.create_superuser(SUPERUSER.username, password=DEMO_PASSWORD, first_name=SUPERUSER.full_name)
    return reporters, approvers


def _periods(*, years: range) -> dict[tuple[int, int], ReportingPeriod]:
    periods = {}
    for year in years:
        for quarter in range(1, 5):
            cutoff, deadline = ReportingPeriod.default_dates(year, quarter)
            periods[year, quarter], _created = ReportingPeriod.objects.get_or_create(
                year=year, quarter=quarter, defaults={"cutoff_date": cutoff, "deadline": deadline}
            )
    return periods


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _report(rng, unit, period, status, *, reporter, approver, today: datetime.date) -> Report:
    """A report with the workflow steps that led to its status, as the app would have recorded them,
    none of them after `today`. A returned report of a quarter already closed is reopened for its unit,
    as a program admin would, so the demo reporter can correct it."""
    if status == Report.Status.DRAFT:
        return Report.objects.create(unit=unit, period=period, status=status)
    submitted_on = min(max(period.deadline + datetime.timedelta(days=rng.randint(-6, 4)), period.cutoff_date), today)
    decided_on = min(submitted_on + datetime.timedelta(days=rng.randint(1, 5)), today)
    submitted, decided = _at(submitted_on, 8), _at(decided_on, 10)
    is_decided = status in (Report.Status.APPROVED, Report.Status.RETURNED)
    reason = "Số hộ đăng ký danh hiệu SXKD giỏi tăng bất thường, đề nghị kiểm tra lại."
    report = Report.objects.create(
        unit=unit,
        period=period,
        status=status,
        submitted_at=submitted,
        submitted_by=reporter,
        decided_at=decided if is_decided else None,
        decided_by=approver if is_decided else None,
        return_reason=reason if status == Report.Status.RETURNED else "",
    )
    events = [ReportEvent(report=report, action=ReportEvent.Action.SUBMITTED, by=reporter, at=submitted)]
    if is_decided:
        events.append(
            ReportEvent(
                report=report,
                action=ReportEvent.Action(status),
                by=approver,
                at=decided,
                note=report.return_reason,
            )
        )
    ReportEvent.objects.bulk_create(events)
    if status == Report.Status.RETURNED and today > period.closes_on:
        ReportReopening.objects.create(
            unit=unit,
            period=period,
            until=today + datetime.timedelta(days=REOPEN_DAYS),
            by=approver,
            at=decided,
            reason="Mở lại để đơn vị sửa số liệu theo yêu cầu khi trả lại báo cáo.",
        )
    return report
