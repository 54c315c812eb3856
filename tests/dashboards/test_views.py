"""Dashboard pages: who may open what, exports carrying the numbers on screen, fixed query counts."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from nongdan.numbers import parse_number
from reports.models import Report
from tests.dashboards.conftest import add_report
from tests.factories import FigureFactory, OrganisationFactory, TargetFactory

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "units", "trend", "completeness", "print"]


def url(name, program=None, **params):
    path = reverse(f"dashboards:{name}", args=[program.slug] if program else [])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize("page", [*PAGES, "compare", "index"])
def test_anonymous_visitors_go_to_login(client, program, page):
    response = client.get(url(page, None if page in ("compare", "index") else program))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["board_viewer", "program_admin", "approver", "reporter"])
def test_every_role_of_the_province_opens_every_page(client, request, scenario, program, role, page):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(page, program)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_another_province_is_a_404(client, outsider, program, page):
    client.force_login(outsider)
    assert client.get(url(page, program)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_unit_outside_the_reporters_subtree_opens_their_own_instead(client, reporter, scenario, program, page):
    client.force_login(reporter)
    response = client.get(url(page, program, unit=scenario["b"].pk))
    assert response.status_code == 200
    assert response.context["scope"].unit == scenario["a"]
    assert "Hội Nông dân xã B" not in response.content.decode()
    assert client.get(url(page, program, unit=scenario["branch"].pk)).context["scope"].unit == scenario["branch"]


def test_a_unit_of_another_province_is_never_shown_even_to_a_board_viewer(
    client, board_viewer, tree, program, outsider
):
    client.force_login(board_viewer)
    other_unit = outsider.memberships.get().organisation
    response = client.get(url("dashboard", program, unit=other_unit.pk))
    assert response.status_code == 200
    assert response.context["scope"].unit == tree["root"]
    assert other_unit.name not in response.content.decode()


def test_reporter_sees_their_own_unit_by_default(client, reporter, scenario, program):
    client.force_login(reporter)
    response = client.get(url("dashboard", program))
    assert response.context["scope"].unit == scenario["a"]


@pytest.mark.parametrize(
    "params",
    [
        {"year": 1999},
        {"year": "abc"},
        {"year": "²⁰²⁵"},
        {"quarter": 9},
        {"quarter": "٢"},
        {"counted": "xyz"},
        {"unit": "99999999999999999999"},
        {"unit": "-1"},
        {"target": 999999},
    ],
)
@pytest.mark.parametrize("page", [*PAGES, "compare"])
def test_bad_parameters_fall_back_to_the_defaults(client, board_viewer, scenario, program, page, params):
    """An address edited by hand or cut short opens the page as if the bad value were not there."""
    client.force_login(board_viewer)
    slug = None if page == "compare" else program
    expected = client.get(url(page, slug)).context
    response = client.get(url(page, slug, **params))
    assert response.status_code == 200
    for name in ("scope", "period_label", "trend"):
        if name in expected:
            assert response.context[name] == expected[name], name


def test_a_good_parameter_is_kept_beside_a_bad_one(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    scope = client.get(url("dashboard", program, year=2025, quarter=9, counted="submitted")).context["scope"]
    assert (scope.year, scope.include_submitted) == (2025, True)


def test_comparison_shows_only_programs_the_user_may_see(client, outsider, program, scenario):
    client.force_login(outsider)
    response = client.get(url("compare"))
    assert response.status_code == 200
    assert "115-CTr/TU" not in response.content.decode()


def _screen_rows(html: str, table_id: str) -> list[list[str]]:
    """The cells of one rendered table, as text."""
    body = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def _plain(text: str) -> str:
    """A number shown the Vietnamese way ("1.500", "80 %") as the CSV writes it ("1500", "80")."""
    try:
        number = parse_number(text.removesuffix(" %"))
    except ValidationError:  # not a number: text, as shown
        return text
    return text if number is None else format(number.normalize(), "f")


@pytest.mark.parametrize(
    ("page", "table_id"),
    [
        ("dashboard", "ket-qua"),
        ("units", "theo-don-vi"),
        ("trend", "dien-bien"),
        ("completeness", "tinh-hinh-gui-bao-cao"),
    ],
)
def test_exports_carry_the_numbers_on_screen(client, board_viewer, scenario, program, page, table_id):
    client.force_login(board_viewer)
    screen = _screen_rows(client.get(url(page, program, quarter=2)).content.decode(), table_id)
    screen = [[text.replace("—", "") for text in row] for row in screen]

    exported_csv = client.get(url(page, program, quarter=2, format="csv"))
    assert exported_csv["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(exported_csv.content.decode("utf-8-sig"))))
    # Q2, approved only: of the branch, B and C, only the branch (B sent, not yet approved).
    assert lines[0] == ["Thông tin"] and ["Đơn vị đã báo cáo", "1/3 đơn vị đã báo cáo Quý II/2025"] in lines
    plain = [[_plain(text) for text in row] for row in screen]  # CSV is for machines: 1500, 80
    start = next(n for n, line in enumerate(lines) if [_plain(text) for text in line] == plain[0])
    assert [[_plain(text) for text in line] for line in lines[start : start + len(plain)]] == plain
    assert not any(re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text) for line in lines for text in line)  # no "1.500"

    exported = client.get(url(page, program, quarter=2, format="xlsx"))
    book = load_workbook(io.BytesIO(exported.content))
    assert book.worksheets[0].title == "Thông tin"
    assert ("Kỳ", "6 tháng đầu năm 2025") in book.worksheets[0].iter_rows(values_only=True)
    sheet = next(ws for ws in book.worksheets[1:] if ws.cell(row=2, column=1).value == screen[0][0])
    cells = [list(row) for row in sheet.iter_rows(min_row=2, max_row=1 + len(screen), values_only=True)]
    for shown, written in zip(screen, cells, strict=True):
        for text, value in zip(shown, written, strict=True):
            if isinstance(value, int | float):
                assert Decimal(str(value)) == parse_number(text.removesuffix(" %"))
            else:
                assert (value or "") == text


def test_dashboard_page_has_status_words_chart_data_and_baseline(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    html = client.get(url("dashboard", program, quarter=2)).content.decode()
    assert 'class="badge text-bg-danger status-badge">Chậm</span>' in html
    assert 'id="progress-chart"' in html and 'data-chart="progress-chart"' in html
    assert "7,7 %" in html  # the baseline
    assert "Chỉ báo cáo đã duyệt" in html


def test_switch_to_submitted_reports_changes_the_numbers(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    approved = client.get(url("dashboard", program, quarter=2, format="csv")).content.decode("utf-8-sig")
    submitted = client.get(url("dashboard", program, quarter=2, counted="submitted", format="csv"))
    assert "Kết nạp hội viên mới,từ 1.500 trở lên,người,600,750" in approved
    assert "Kết nạp hội viên mới,từ 1.500 trở lên,người,750,750" in submitted.content.decode("utf-8-sig")


def test_print_view_is_an_a4_report(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    html = client.get(url("print", program, quarter=3)).content.decode()
    assert "kết quả thực hiện Chương trình số 115-CTr/TU" in html and "9 tháng năm 2025" in html
    assert "TỈNH ỦY LẠNG SƠN" in html and "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    assert "css/print.css" in html and "navbar" not in html


def _grow(scenario, program, *, communes: int):
    """More units, quarters, figures and targets: the number of queries must not move."""
    extra_figures = [FigureFactory(kind="stock" if n % 2 else "flow") for n in range(4)]
    for n, figure in enumerate(extra_figures):
        TargetFactory(
            program=program,
            label=f"x{n}",
            measure="stock_latest" if figure.kind == "stock" else "flow_total",
            numerator=figure,
        )
    for n in range(communes):
        commune = OrganisationFactory(parent=scenario["root"])
        branch = OrganisationFactory(parent=commune, kind="branch")
        for year in (2024, 2025):
            for quarter in (1, 2, 3, 4):
                add_report(branch, year, quarter, Report.Status.APPROVED, dict.fromkeys(extra_figures, n + 1))


@pytest.mark.parametrize("communes", [0, 12])
@pytest.mark.parametrize(
    ("page", "params", "max_queries"),
    [
        # Every page also counts the units that reported (4 queries: units, reports, calendar, quarters),
        # and, with no quarter asked, finds the latest one complete enough (1 more: the units due).
        ("dashboard", {}, 16),
        ("dashboard", {"format": "xlsx"}, 16),
        # The board's report: the dashboard's 11, the units due to report (4, as the completeness page),
        # the program's kept letterhead, its assignments and what the bodies wrote.
        ("print", {}, 23),
        (
            "document",
            {
                "download": "docx",
                "issuer": "BAN",
                "number_suffix": "BC/TU",
                "place": "Lạng Sơn",
                "signer_title": "TRƯỞNG BAN",
                "style": "party",
            },
            23,
        ),
        # One more than the dashboard's: the children's allocations, in one query whatever their number.
        ("units", {}, 18),
        ("units", {"format": "csv"}, 18),
        ("trend", {}, 15),
        ("completeness", {}, 18),  # with the province's reporting calendar
        ("compare", {}, 10),
    ],
)
def test_query_count_is_fixed(
    client, board_viewer, scenario, program, communes, page, params, max_queries, django_assert_max_num_queries
):
    _grow(scenario, program, communes=communes)
    client.force_login(board_viewer)
    target = url(page, None if page == "compare" else program, **params)
    with django_assert_max_num_queries(max_queries):
        assert client.get(target).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_pages_only_read(client, board_viewer, program, page):
    client.force_login(board_viewer)
    assert client.post(url(page, program)).status_code == 405


def test_drill_down_links_open_the_childs_own_dashboard(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    table = client.get(url("units", program, quarter=2)).context["table"]
    child_url = next(row[0].url for row in table.rows if row[0].text == "Hội Nông dân xã A")
    response = client.get(child_url)
    assert response.context["scope"].unit == scenario["a"]
    assert response.context["scope"].quarter == 2
    assert [p.actual for p in response.context["dashboard"].progress][:2] == [500, 450]
