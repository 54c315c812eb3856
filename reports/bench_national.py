"""`bench --national`: the pages at national scale, each beside the SQL that computes the same numbers.

The data set (34 provinces of ~100 communes, every quarter of 2021–2030 approved, a program per
province with the bench's targets) is written in SQL inside the bench's transaction, which is rolled
back at the end: it takes minutes on PostgreSQL and leaves nothing behind. Each page is requested
`runs` times warm (median and p95), and so is its floor: a hand-written query returning the numbers
the page shows. The framework floor is a page that only checks the login. The ratio printed is
page / (floor + framework floor), the measure the targets are set in.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nongdan.numbers import format_number
from organisations.models import Membership, Organisation, Province
from reports.bench import FLOWS, STOCKS, _figures, _program, _targets
from reports.calendar import periods_ensure
from reports.loadtest import entry_form_data
from reports.models import Report
from targets.models import Target

FIRST_YEAR, LAST_YEAR = 2021, 2030


@dataclass(frozen=True)
class National:
    provinces: list[Province]
    program_slug: str
    province_id: int
    year: int
    quarter: int
    people: dict[str, object]
    entry_unit: int


def national_build(*, provinces: int, communes: int, write: Callable[[str], None]) -> National:
    """The national data set, in SQL: units, programs, approved reports and their values."""
    start = time.perf_counter()
    made = Province.objects.bulk_create(
        Province(name=f"Tỉnh quốc gia {n:02}", code=f"bench-quoc-gia-{n:02}") for n in range(provinces)
    )
    figures = _figures()
    roots, slugs = [], []
    for province in made:
        roots.append(
            Organisation.objects.create(province=province, kind="province_association", name=f"Hội ND {province.name}")
        )
        program = _program(province, years=LAST_YEAR - FIRST_YEAR + 1, first_year=FIRST_YEAR, slug=province.code)
        Target.objects.bulk_create(_targets(program, figures))
        slugs.append(program.slug)
    periods_ensure(range(FIRST_YEAR, LAST_YEAR + 1))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO organisations_organisation
                (province_id, parent_id, code, kind, name, short_name, professional, is_demo, path)
            SELECT root.province_id, root.id, 'QG' || root.id || '-' || n, 'commune_association',
                   'Xã ' || lpad(n::text, 3, '0'), '', false, false, ''
            FROM organisations_organisation root CROSS JOIN generate_series(1, %s) n
            WHERE root.id = ANY(%s)
            """,
            [communes, [r.pk for r in roots]],
        )
        cursor.execute(
            """
            UPDATE organisations_organisation unit SET path = root.path || lpad(unit.id::text, 8, '0') || '/'
            FROM organisations_organisation root WHERE unit.parent_id = root.id AND root.id = ANY(%s)
            """,
            [[r.pk for r in roots]],
        )
        cursor.execute(
            """
            INSERT INTO reports_report (unit_id, period_id, status, version, created_at, updated_at, return_reason)
            SELECT unit.id, period.id, 'approved', 1, now(), now(), ''
            FROM organisations_organisation unit CROSS JOIN reports_reportingperiod period
            WHERE unit.parent_id = ANY(%s) AND period.year BETWEEN %s AND %s
            """,
            [[r.pk for r in roots], FIRST_YEAR, LAST_YEAR],
        )
        cursor.execute(
            """
            INSERT INTO reports_reportvalue (report_id, figure_id, value, comment)
            SELECT report.id, figure.id, 10 + (report.unit_id + figure.id) %% 90, ''
            FROM reports_report report
            JOIN organisations_organisation unit ON unit.id = report.unit_id
            CROSS JOIN targets_figure figure
            WHERE unit.parent_id = ANY(%s) AND figure.code = ANY(%s)
            """,
            [[r.pk for r in roots], FLOWS + STOCKS],
        )
        values = cursor.rowcount
        cursor.execute("ANALYZE")
    people = _people(roots[0])
    entry_unit = Organisation.objects.filter(parent=roots[0]).order_by("pk").values_list("pk", flat=True).first()
    # The reporter's last quarter (still to come, so open) is a draft: the entry form and the save.
    Report.objects.filter(unit=entry_unit, period__year=LAST_YEAR, period__quarter=4).update(status=Report.Status.DRAFT)
    write(
        f"Quốc gia giả lập: {provinces} tỉnh × {communes} xã, {FIRST_YEAR}–{LAST_YEAR}, "
        f"{format_number(values)} giá trị đã duyệt ({time.perf_counter() - start:.0f} s)."
    )
    return National(made, slugs[0], made[0].pk, 2025, 4, people, entry_unit)


def _people(root: Organisation) -> dict[str, object]:
    """A board viewer, an approver and a reporter in the first province; a superuser comparing all 34."""
    board = Organisation.objects.create(province=root.province, kind="party_board", name="Ban thử tải quốc gia")
    commune = Organisation.objects.filter(parent=root).order_by("pk").first()
    roles = {Membership.Role.BOARD_VIEWER: board, Membership.Role.APPROVER: root, Membership.Role.REPORTER: commune}
    model = get_user_model()
    people = {role: model.objects.create_user(f"bench-qg-{role}") for role in roles}
    Membership.objects.bulk_create(
        Membership(user=people[role], organisation=organisation, role=role) for role, organisation in roles.items()
    )
    people["national"] = model.objects.create_superuser("bench-qg-admin")
    return people


def _timed(run: Callable[[], object], runs: int) -> tuple[float, float]:
    run()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def _floor(sql: str, params: list) -> Callable[[], object]:
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else cursor.rowcount

    return run


# The numbers each page shows, in one hand-written query each: the floor no page can go under.
DASHBOARD_FLOOR = """
    SELECT value.figure_id, sum(value.value) FROM reports_reportvalue value
    JOIN reports_report report ON report.id = value.report_id
    JOIN reports_reportingperiod period ON period.id = report.period_id
    WHERE report.unit_id IN (SELECT id FROM organisations_organisation WHERE province_id = %s)
      AND report.status = 'approved'
      AND period.year = %s AND period.quarter <= %s
    GROUP BY value.figure_id
"""
BREAKDOWN_FLOOR = """
    SELECT report.unit_id, value.figure_id, sum(value.value) FROM reports_reportvalue value
    JOIN reports_report report ON report.id = value.report_id
    JOIN reports_reportingperiod period ON period.id = report.period_id
    WHERE report.unit_id IN (SELECT id FROM organisations_organisation WHERE province_id = %s)
      AND report.status = 'approved'
      AND period.year = %s AND period.quarter <= %s
    GROUP BY report.unit_id, value.figure_id
"""
COMPLETENESS_FLOOR = """
    SELECT report.period_id, report.status, count(*) FROM reports_report report
    JOIN reports_reportingperiod period ON period.id = report.period_id
    WHERE report.unit_id IN (SELECT id FROM organisations_organisation WHERE province_id = %s)
      AND period.year = %s GROUP BY 1, 2
"""
COMPARISON_FLOOR = """
    SELECT unit.province_id, value.figure_id, sum(value.value) FROM reports_reportvalue value
    JOIN reports_report report ON report.id = value.report_id
    JOIN reports_reportingperiod period ON period.id = report.period_id
    JOIN organisations_organisation unit ON unit.id = report.unit_id
    WHERE report.status = 'approved' AND period.year = %s AND period.quarter <= %s
    GROUP BY 1, 2
"""
LIST_FLOOR = """
    SELECT report.unit_id, report.period_id, report.status FROM reports_report report
    JOIN reports_reportingperiod period ON period.id = report.period_id
    WHERE report.unit_id IN (SELECT id FROM organisations_organisation WHERE province_id = %s) AND period.year = %s
"""
ENTRY_FLOOR = """
    SELECT value.figure_id, value.value, value.comment FROM reports_reportvalue value
    JOIN reports_report report ON report.id = value.report_id
    JOIN reports_reportingperiod period ON period.id = report.period_id
    WHERE report.unit_id = %s AND period.year = %s AND period.quarter IN (%s, %s)
"""


def national_measure(national: National, *, runs: int, write: Callable[[str], None]) -> None:
    slug, province, year, quarter = national.program_slug, national.province_id, national.year, national.quarter
    as_of = f"?year={year}&quarter={quarter}"
    client = Client()
    dashboard = reverse("dashboards:dashboard", args=[slug]) + as_of
    pages = [
        ("Kết quả theo mục tiêu", Membership.Role.BOARD_VIEWER, dashboard,
         DASHBOARD_FLOOR, [province, year, quarter]),
        ("  — XLSX", Membership.Role.BOARD_VIEWER, dashboard + "&format=xlsx",
         DASHBOARD_FLOOR, [province, year, quarter]),
        ("Theo đơn vị", Membership.Role.BOARD_VIEWER, reverse("dashboards:units", args=[slug]) + as_of,
         BREAKDOWN_FLOOR, [province, year, quarter]),
        ("Tình hình gửi báo cáo", Membership.Role.BOARD_VIEWER, reverse("dashboards:completeness", args=[slug]) + as_of,
         COMPLETENESS_FLOOR, [province, year]),
        (f"So sánh {len(national.provinces)} tỉnh", "national", reverse("dashboards:compare") + as_of,
         COMPARISON_FLOOR, [year, quarter]),
        ("Báo cáo quý (người duyệt)", Membership.Role.APPROVER, reverse("reports:list") + f"?year={year}",
         LIST_FLOOR, [province, year]),
        ("Trang nhập số liệu", Membership.Role.REPORTER,
         reverse("reports:detail", args=[national.entry_unit, LAST_YEAR, 4]),
         ENTRY_FLOOR, [national.entry_unit, LAST_YEAR, 4, 3]),
    ]  # fmt: skip
    client.force_login(national.people[Membership.Role.BOARD_VIEWER])
    framework, _p95 = _timed(lambda: client.get(reverse("home"), secure=True), runs)
    write(f"Khung (trang chỉ kiểm tra đăng nhập): {framework:.0f} ms")
    write(f"{'Trang':<28}{'truy vấn':>9}{'trung vị':>10}{'p95':>8}{'nền SQL':>9}{'tỉ lệ':>7}")
    for label, role, url, sql, params in pages:
        client.force_login(national.people[role])
        reset_queries()  # DEBUG keeps the last 9.000 queries: a full log would count none
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url, secure=True).status_code
        median, p95 = _timed(lambda url=url: client.get(url, secure=True), runs)
        floor, _floor_p95 = _timed(_floor(sql, params), runs)
        write(
            f"{label:<28}{len(queries):>9}{median:>8.0f}ms{p95:>6.0f}ms{floor:>7.0f}ms"
            f"{median / (floor + framework):>7.1f}" + ("" if status == 200 else f"  HTTP {status}")
        )
    _measure_save(national, client, framework, runs, write)


def _measure_save(national: National, client: Client, framework: float, runs: int, write) -> None:
    """The reporter saves a draft of every figure of the entry form, through the page; the floor is one
    UPDATE of the report's values."""
    client.force_login(national.people[Membership.Role.REPORTER])
    url = reverse("reports:detail", args=[national.entry_unit, LAST_YEAR, 4])
    values = iter(range(10, 10**6))
    counted = []

    def save():
        data = entry_form_data(client.get(url, secure=True).content.decode(), value=next(values))
        reset_queries()  # DEBUG keeps the last 9.000 queries: a full log would count none
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data, secure=True)
        if response.status_code != 302:
            raise RuntimeError(f"Lưu nháp không thành công (HTTP {response.status_code}).")
        counted.append(len(queries))
        return data

    data = save()
    median, p95 = _timed(save, runs)
    report_id = Report.objects.get(unit=national.entry_unit, period__year=LAST_YEAR, period__quarter=4).pk
    floor, _p95 = _timed(_floor("UPDATE reports_reportvalue SET value = value WHERE report_id = %s", [report_id]), runs)
    label = f"Lưu nháp {sum(1 for name in data if name.startswith('value_'))} số liệu"
    ratio = median / (floor + framework)
    write(f"{label:<28}{counted[0]:>9}{median:>8.0f}ms{p95:>6.0f}ms{floor:>7.0f}ms{ratio:>7.1f}  (mở trang rồi lưu)")
