"""Time every page that grows with a province's data, on a synthetic province, inside a transaction
that is rolled back: the dashboards a board reads, and the report pages staff work in."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from organisations.bench import bench_import
from organisations.models import Membership
from reports.bench import people_by_role, synthetic_province
from reports.bench_national import national_build, national_measure
from reports.excel.bench import bench_import as bench_figures_import
from reports.models import Report, ReportValue


class Command(BaseCommand):
    help = "Đo số truy vấn và thời gian của các trang trên một tỉnh giả lập (không lưu lại gì)."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=200)
        parser.add_argument("--years", type=int, default=2, help="Số năm báo cáo (mỗi năm 4 quý).")
        parser.add_argument("--import-units", type=int, default=1000, help="Số đơn vị trong tệp Excel thử nhập.")
        parser.add_argument("--import-people", type=int, default=2000, help="Số người trong tệp Excel thử nhập.")
        parser.add_argument("--sheet-units", type=int, default=1000, help="Số đơn vị trong tệp số liệu Excel nhập thử.")
        parser.add_argument(
            "--national",
            action="store_true",
            help="Quy mô cả nước (34 tỉnh × --communes xã, 2021–2030), so với nền SQL; chỉ PostgreSQL, mất vài phút.",
        )
        parser.add_argument("--provinces", type=int, default=34)
        parser.add_argument("--runs", type=int, default=15, help="Số lần đo mỗi trang (--national).")

    def handle(self, *args, communes, years, import_units, import_people, sheet_units, national, provinces, runs, **_):
        if national:
            self._national(provinces=provinces, communes=communes, runs=runs)
            return
        with transaction.atomic():
            program, people = self._build(communes=communes, years=years)
            self._measure(program, people)
            bench_figures_import(write=self.stdout.write, units=sheet_units)
            bench_import(units=import_units, people=import_people, write=self.stdout.write)
            transaction.set_rollback(True)
        self.stdout.write("Đã hoàn tác toàn bộ dữ liệu giả lập.")

    def _national(self, *, provinces: int, communes: int, runs: int) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("--national chỉ chạy trên PostgreSQL (đặt DATABASE_URL).")
        with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
            found = national_build(provinces=provinces, communes=communes, write=self.stdout.write)
            national_measure(found, runs=runs, write=self.stdout.write)
            transaction.set_rollback(True)
        self.stdout.write("Đã hoàn tác toàn bộ dữ liệu giả lập.")

    def _build(self, *, communes: int, years: int):
        start = time.perf_counter()
        program, root, units = synthetic_province(communes=communes, years=years)
        people = people_by_role(province=program.province, root=root, commune=units[0])
        reports = Report.objects.filter(unit__in=units)
        self.stdout.write(
            f"Tỉnh giả lập: {communes} xã × {len(program.years) * 4} quý, {reports.count()} báo cáo, "
            f"{ReportValue.objects.filter(report__in=reports).count()} giá trị, {program.targets.count()} mục tiêu "
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
