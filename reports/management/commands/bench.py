"""Time every page that grows with a province's data, on a synthetic province, inside a transaction
that is rolled back: the dashboards a board reads, and the report pages staff work in."""

import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from organisations.bench import bench_import
from organisations.models import Membership, Organisation, Province
from programs.models import Program, Resolution
from reports.excel.bench import bench_import as bench_figures_import
from reports.models import Report, ReportingPeriod, ReportValue
from targets.models import Figure, Target

FLOWS = ["new_members", "vocational_trained", "good_farmers_upskilled", "new_professional_groups", "new_cooperatives"]
STOCKS = ["members", "officials", "officials_trained", "members_health_insured"]
RATIOS = [("officials_trained", "officials"), ("members_health_insured", "members")]
FIRST_YEAR = 2024


class Command(BaseCommand):
    help = "Đo số truy vấn và thời gian của các trang trên một tỉnh giả lập (không lưu lại gì)."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=200)
        parser.add_argument("--years", type=int, default=2, help="Số năm báo cáo (mỗi năm 4 quý).")
        parser.add_argument("--import-units", type=int, default=1000, help="Số đơn vị trong tệp Excel thử nhập.")
        parser.add_argument("--import-people", type=int, default=2000, help="Số người trong tệp Excel thử nhập.")
        parser.add_argument("--sheet-units", type=int, default=1000, help="Số đơn vị trong tệp số liệu Excel nhập thử.")

    def handle(self, *args, communes, years, import_units, import_people, sheet_units, **options):
        with transaction.atomic():
            program, people = self._build(communes=communes, years=years)
            self._measure(program, people)
            bench_figures_import(write=self.stdout.write, units=sheet_units)
            bench_import(units=import_units, people=import_people, write=self.stdout.write)
            transaction.set_rollback(True)
        self.stdout.write("Đã hoàn tác toàn bộ dữ liệu giả lập.")

    def _build(self, *, communes: int, years: int):
        start = time.perf_counter()
        province = Province.objects.create(name="Tỉnh thử tải", code="bench-thu-tai")
        root = Organisation.objects.create(province=province, kind="province_association", name="Hội Nông dân tỉnh thử")
        units = [
            Organisation.objects.create(province=province, parent=root, kind="commune_association", name=f"Xã {n:03}")
            for n in range(communes)
        ]
        figures = _figures()
        program = _program(province, years=years)
        targets = Target.objects.bulk_create(_targets(program, figures))
        periods = _periods(program.years)
        reports = Report.objects.bulk_create(
            Report(unit=unit, period=period, status=Report.Status.APPROVED) for unit in units for period in periods
        )
        ReportValue.objects.bulk_create(
            ReportValue(report=report, figure=figure, value=Decimal(10 + (report.unit_id + index) % 90))
            for report in reports
            for index, figure in enumerate(figures.values())
        )
        people = _people(province=province, root=root, commune=units[0])
        self.stdout.write(
            f"Tỉnh giả lập: {communes} xã × {len(periods)} quý, {len(reports)} báo cáo, "
            f"{len(reports) * len(figures)} giá trị, {len(targets)} mục tiêu "
            f"({time.perf_counter() - start:.1f} s)."
        )
        return program, people

    def _measure(self, program, people):
        last = program.end_year
        reporter_unit = people[Membership.Role.REPORTER].memberships.get().organisation_id
        pages = [
            ("Kết quả theo mục tiêu", reverse("dashboards:dashboard", args=[program.slug])),
            ("  — CSV", reverse("dashboards:dashboard", args=[program.slug]) + "?format=csv"),
            ("  — XLSX", reverse("dashboards:dashboard", args=[program.slug]) + "?format=xlsx"),
            ("Bản in", reverse("dashboards:print", args=[program.slug])),
            ("Theo đơn vị", reverse("dashboards:units", args=[program.slug])),
            ("  — XLSX", reverse("dashboards:units", args=[program.slug]) + "?format=xlsx"),
            ("Diễn biến theo quý", reverse("dashboards:trend", args=[program.slug])),
            ("Tình hình gửi báo cáo", reverse("dashboards:completeness", args=[program.slug])),
            ("So sánh giữa các chương trình", reverse("dashboards:compare")),
        ]
        pages = [(Membership.Role.BOARD_VIEWER, label, url) for label, url in pages] + [
            (Membership.Role.APPROVER, "Báo cáo quý (người duyệt)", reverse("reports:list") + f"?year={last}"),
            (Membership.Role.REPORTER, "Báo cáo quý (cán bộ nhập)", reverse("reports:list") + f"?year={last}"),
            (Membership.Role.REPORTER, "Trang nhập số liệu", reverse("reports:detail", args=[reporter_unit, last, 4])),
        ]
        client = Client()
        self.stdout.write(f"{'Trang':<32}{'HTTP':>6}{'truy vấn':>10}{'ms':>10}")
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for role, label, url in pages:
                client.force_login(people[role])
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url, secure=True)
                    elapsed = (time.perf_counter() - start) * 1000
                self.stdout.write(f"{label:<32}{response.status_code:>6}{len(queries):>10}{elapsed:>10.0f}")


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


def _program(province: Province, *, years: int) -> Program:
    resolution, _created = Resolution.objects.get_or_create(
        number="46-NQ/TW", defaults={"title": "46", "issuing_body": "Bộ Chính trị", "issued_on": "2023-12-20"}
    )
    return Program.objects.create(
        resolution=resolution,
        province=province,
        slug="bench-thu-tai",
        number="1-CTr/TU",
        title="Thử tải",
        issuing_body="Ban Thường vụ Tỉnh ủy",
        issued_on="2024-04-15",
        status="issued",
        start_year=FIRST_YEAR,
        end_year=FIRST_YEAR + years - 1,
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


def _people(*, province: Province, root: Organisation, commune: Organisation) -> dict[str, object]:
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
