"""Excel in: entry templates, uploads checked by a dry run with the entry form's rules, then saved at once.

Files are filled with openpyxl, standing in for a person with Excel or LibreOffice.
"""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from openpyxl.xml import DEFUSEDXML

from organisations.models import Membership
from reports.models import Report, ReportEvent, ReportUpload, ReportValue
from reports.services import Entry, report_save
from tests.factories import (
    FigureFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgramFactory,
    ProvinceFactory,
    ReportFactory,
    ReportingPeriodFactory,
    ReportValueFactory,
    TargetFactory,
    UserFactory,
)

DATA = "Số liệu"


def url(name, unit, period):
    return reverse(f"reports:{name}", args=[unit.pk, period.year, period.quarter])


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content))


def xlsx(book, name="so-lieu-quy.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def validations(sheet):
    return sheet.data_validations.dataValidation


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def problems(html):
    return [text(item) for item in re.findall(r'data-testid="problem">(.*?)</li>', html, re.S)]


def upload(client, target, book, name="so-lieu-quy.xlsx"):
    """Upload the workbook; returns the dry run page's response (after the redirect)."""
    response = client.post(target, {"file": xlsx(book, name)})
    assert response.status_code == 302, text(response.content.decode())
    return client.get(response.url)


@pytest.fixture
def reporter_file(client, reporter, tree, program, period, previous_period, figures):
    """Commune A's template for the current quarter, downloaded by its reporter, with last quarter's figures."""
    earlier = ReportFactory(unit=tree["a"], period=previous_period, status=Report.Status.APPROVED)
    ReportValueFactory(report=earlier, figure=figures["new_members"], value=1200)
    ReportValueFactory(report=earlier, figure=figures["farmer_households"], value=900)
    client.force_login(reporter)
    return workbook(client.get(url("excel-unit", tree["a"], period)))


ROWS = {"new_members": 6, "registered": 7, "farmer_households": 8, "achieved": 9, "area": 10}


class TestUnitTemplate:
    def test_a_row_per_figure_of_the_entry_form(self, reporter_file, period, previous_period):
        sheet = reporter_file[DATA]
        assert sheet["A1"].value == f"Số liệu báo cáo quý: Hội Nông dân xã A — {period}"
        assert [c.value for c in sheet[5]] == [
            "Mục tiêu",
            "Số liệu",
            "Định nghĩa",
            "Đơn vị tính",
            "Loại",
            f"{previous_period} (quý trước)",
            f"{period}: số liệu",
            "Ghi chú",
        ]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=11)]
        assert rows == [
            ["1. Kết nạp hội viên mới", "Hội viên mới kết nạp", "Định nghĩa thử nghiệm", "người",
             "Phát sinh trong kỳ", 1200, None, None],
            ["6a. Hộ đăng ký SXKD giỏi", "Hộ đăng ký SXKD giỏi", "Định nghĩa thử nghiệm", "hộ",
             "Có đến cuối kỳ", None, None, None],
            ["6a. Hộ đăng ký SXKD giỏi", "Hộ nông dân", "Định nghĩa thử nghiệm", "hộ", "Có đến cuối kỳ", 900, None,
             None],
            ["6b. Hộ đạt danh hiệu", "Hộ đạt danh hiệu", "Định nghĩa thử nghiệm", "hộ", "Có đến cuối kỳ", None,
             None, None],
            ["9. Liên kết sản xuất", "Diện tích liên kết", "Định nghĩa thử nghiệm", "ha", "Phát sinh trong kỳ",
             None, None, None],
            [None] * 8,
        ]  # fmt: skip

    def test_cells_to_fill_are_validated_and_the_rest_locked(self, reporter_file):
        sheet = reporter_file[DATA]
        rules = {rule.type: (str(rule.sqref), rule.formula1, rule.errorStyle) for rule in validations(sheet)}
        assert rules == {"whole": ("G6 G7 G8 G9", "0", "stop"), "decimal": ("G10", "0", "stop")}
        assert sheet.protection.sheet
        assert not sheet["G6"].protection.locked and not sheet["H6"].protection.locked
        assert sheet["B6"].protection.locked and sheet["F6"].protection.locked
        assert (sheet["G6"].number_format, sheet["G10"].number_format) == ("#,##0", "#,##0.00")

    def test_a_hidden_block_says_what_the_file_is_for(self, reporter_file, tree, period):
        meta = reporter_file["Thông tin tệp"]
        assert meta.sheet_state == "hidden" and meta.protection.sheet
        rows = {row[0]: row[1:] for row in meta.iter_rows(values_only=True) if row[0] != "so_lieu"}
        assert rows["tinh"][:2] == (tree["province"].pk, "Lạng Sơn")
        assert rows["ky"][:3] == (period.year, period.quarter, str(period))
        assert rows["don_vi"][:3] == (tree["a"].pk, "Hội Nông dân xã A", 0)

    def test_saved_values_and_comments_are_filled_in(self, client, reporter, tree, program, period, figures):
        report = ReportFactory(unit=tree["a"], period=period, version=4)
        ReportValueFactory(report=report, figure=figures["area"], value=Decimal("7.50"), comment="đo lại")
        client.force_login(reporter)
        response = client.get(url("excel-unit", tree["a"], period))
        assert (
            f'filename="mau-nhap-hoi-nong-dan-xa-a-quy-{period.quarter}-{period.year}.xlsx"'
            in (response["Content-Disposition"])
        )
        book = workbook(response)
        assert (book[DATA]["G10"].value, book[DATA]["H10"].value) == (7.5, "đo lại")
        versions = [row[3] for row in book["Thông tin tệp"].iter_rows(values_only=True) if row[0] == "don_vi"]
        assert versions == [4]


class TestUnitsTemplate:
    def test_a_row_per_unit_below_and_a_column_per_figure(self, client, approver, tree, program, period, figures):
        ReportValueFactory(
            report=ReportFactory(unit=tree["b"], period=period, status=Report.Status.SUBMITTED),
            figure=figures["registered"],
            value=40,
        )
        client.force_login(approver)
        book = workbook(client.get(url("excel-units", tree["root"], period)))
        sheet = book[DATA]
        header = [c.value for c in sheet[5]]
        assert header[:4] == ["Đơn vị", "Trạng thái", "Hội viên mới kết nạp (người)", "Hộ đăng ký SXKD giỏi (hộ)"]
        assert header[7:9] == ["Ghi chú: Hội viên mới kết nạp", "Ghi chú: Hộ đăng ký SXKD giỏi"]
        assert [(r[0].value, r[1].value, r[3].value) for r in sheet.iter_rows(min_row=6, max_row=8)] == [
            ("Hội Nông dân xã A", "Chưa nhập", None),
            ("Chi Hội thôn 1", "Chưa nhập", None),
            ("Hội Nông dân xã B", "Đã gửi, chờ duyệt", 40),
        ]
        assert sheet["A9"].value is None
        guide = book["Giải thích"]
        assert [c.value for c in guide[6]] == [
            "9. Liên kết sản xuất", "Diện tích liên kết", "Định nghĩa thử nghiệm", "ha", "Phát sinh trong kỳ", "Được"
        ]  # fmt: skip
        rules = {rule.type: str(rule.sqref) for rule in validations(sheet)}
        assert rules == {"whole": "C6:C8 D6:D8 E6:E8 F6:F8", "decimal": "G6:G8"}

    def test_the_report_list_links_to_each_quarter(self, client, approver, tree, program, period):
        client.force_login(approver)
        html = client.get(reverse("reports:list")).content.decode()
        assert url("excel-units", tree["root"], period) in html


def fill(book, values: dict[str, object]):
    for cell, value in values.items():
        book[DATA][cell] = value
    return book


class TestReporterUpload:
    def test_nothing_is_saved_until_confirmed_then_all_is_saved_as_a_draft_with_its_source(
        self, client, reporter, reporter_file, tree, period, figures
    ):
        fill(reporter_file, {"G6": "1.500", "G10": 7.5, "H10": "đo bằng GPS", "G8": 900, "G7": "400"})
        page = upload(client, url("import-unit", tree["a"], period), reporter_file, name="Số liệu quý.xlsx")
        html = page.content.decode()
        assert problems(html) == []
        assert not Report.objects.filter(period=period).exists()
        change = text(re.search(r'data-testid="change-new-members">(.*?)</li>', html, re.S).group(1))
        assert change == "Hội viên mới kết nạp (G6) : — → 1.500"
        assert "Diện tích liên kết (G10) : — → 7,5 — đo bằng GPS" in text(html)

        response = client.post(page.request["PATH_INFO"])
        assert response.status_code == 302
        assert response.url == url("detail", tree["a"], period)
        report = tree["a"].reports.get(period=period)
        assert report.status == Report.Status.DRAFT
        assert dict(report.values.values_list("figure__code", "value")) == {
            "new-members": Decimal(1500),
            "registered": Decimal(400),
            "farmer-households": Decimal(900),
            "area": Decimal("7.5"),
        }
        assert [(e.action, e.by, e.note) for e in report.events.all()] == [
            (ReportEvent.Action.SAVED, reporter, "Nhập từ tệp Số liệu quý.xlsx")
        ]
        history = ReportValue.history.filter(report_id=report.pk)
        assert {(h.history_user, h.history_change_reason) for h in history} == {
            (reporter, "Nhập từ tệp Số liệu quý.xlsx")
        }
        assert not ReportUpload.objects.exists()
        page = client.get(url("detail", tree["a"], period)).content.decode()
        assert "Đã lưu nháp 1 báo cáo từ tệp Số liệu quý.xlsx." in page
        assert "Nhập từ tệp Số liệu quý.xlsx" in text(page)

    def test_every_problem_is_listed_by_cell_value_and_reason(self, client, reporter_file, tree, period):
        fill(reporter_file, {"G6": "12a", "G7": "44,962.000", "G8": -3, "G10": 7.555, "H9": "ghi chú thừa"})
        html = upload(client, url("import-unit", tree["a"], period), reporter_file).content.decode()
        assert problems(html) == [
            "Số liệu!G6 · Hội viên mới kết nạp · “12a” “12a” không phải là một số. Hãy nhập chữ số, ví dụ 1.500 "
            "hoặc 7,5.",
            "Số liệu!G7 · Hộ đăng ký SXKD giỏi · “44,962.000” “44,962.000” có dấu chấm đứng sau dấu phẩy (cách viết "
            "số của nước ngoài) nên không rõ là số nào. Hãy viết theo kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, "
            "dấu phẩy trước phần thập phân, ví dụ 44.962 hoặc 7,5.",
            "Số liệu!G8 · Hộ nông dân · “-3” Số liệu không được là số âm.",
            "Số liệu!H9 · Hộ đạt danh hiệu · “ghi chú thừa” Ghi chú đi kèm một số liệu: hãy nhập số liệu hoặc xóa "
            "ghi chú.",
            "Số liệu!G10 · Diện tích liên kết · “7,555” Chỉ được nhập tối đa 2 chữ số thập phân.",
        ]
        assert 'data-testid="confirm"' not in html
        check = re.search(r'action="([^"]*)"', html)
        assert check  # the form to upload the corrected file is on the page
        assert client.post(reverse("reports:import-check", args=[ReportUpload.objects.get().pk])).status_code == 409
        assert not Report.objects.filter(period=period).exists()

    def test_whole_numbers_typed_with_a_decimal_part_are_refused(self, client, reporter_file, tree, period):
        fill(reporter_file, {"G6": "7,5", "G7": 12.5})
        found = problems(upload(client, url("import-unit", tree["a"], period), reporter_file).content.decode())
        assert [p.split(" · ")[0] for p in found] == ["Số liệu!G6", "Số liệu!G7"]
        assert all("số nguyên" in p for p in found)

    def test_submitting_checks_ratios_and_sends_the_report(self, client, reporter_file, tree, period, reporter):
        fill(reporter_file, {"G6": 1000, "G7": 500, "G8": 400})
        page = upload(client, url("import-unit", tree["a"], period), reporter_file)
        check_url = page.request["PATH_INFO"]
        html = client.get(check_url, {"submit": "on"}).content.decode()
        assert (
            problems(html)
            == problems(page.content.decode())
            == [  # as a draft or submitted alike
                "Số liệu!G7 · Hộ đăng ký SXKD giỏi · “500” Không được lớn hơn “Hộ nông dân” (400, trong báo cáo này)."
            ]
        )
        reporter_file[DATA]["G8"] = 600
        page = upload(client, url("import-unit", tree["a"], period), reporter_file)
        check_url = page.request["PATH_INFO"]
        assert client.post(check_url, {"submit": "on"}).status_code == 302
        report = tree["a"].reports.get(period=period)
        assert (report.status, report.submitted_by) == (Report.Status.SUBMITTED, reporter)
        assert [(e.action, e.note) for e in report.events.all()] == [
            (ReportEvent.Action.SUBMITTED, "Nhập từ tệp so-lieu-quy.xlsx")
        ]

    def test_unusual_values_need_the_confirmation_and_a_comment(self, client, reporter_file, tree, period):
        fill(reporter_file, {"G6": 5000})
        page = upload(client, url("import-unit", tree["a"], period), reporter_file)
        check_url = page.request["PATH_INFO"]
        html = page.content.decode()
        assert problems(html) == [
            "Số liệu!G6 · Hội viên mới kết nạp · “5.000” Khác nhiều so với quý trước (1.200). Nếu số này đúng, hãy "
            "đánh dấu ô xác nhận ở cuối trang và ghi chú lý do."
        ]
        assert 'name="confirm_unusual"' in html
        html = client.get(check_url, {"confirm_unusual": "on"}).content.decode()
        assert problems(html) == [
            "Số liệu!H6 · Hội viên mới kết nạp Số này khác nhiều so với quý trước: hãy ghi chú lý do."
        ]
        reporter_file[DATA]["H6"] = "Đợt kết nạp lớn"
        check_url = upload(client, url("import-unit", tree["a"], period), reporter_file).request["PATH_INFO"]
        assert client.post(check_url, {"confirm_unusual": "on"}).status_code == 302
        assert tree["a"].reports.get(period=period).values.get().comment == "Đợt kết nạp lớn"

    def test_an_unchanged_file_has_nothing_to_save(self, client, reporter_file, tree, period):
        html = upload(client, url("import-unit", tree["a"], period), reporter_file).content.decode()
        assert "không có gì để lưu" in html
        assert 'data-testid="confirm"' not in html


class TestRefusedFiles:
    def test_a_file_for_another_unit_or_quarter_is_refused_by_name(
        self, client, reporter, tree, program, period, previous_period
    ):
        MembershipFactory(user=reporter, organisation=tree["b"], role=Membership.Role.REPORTER)
        client.force_login(reporter)
        book = workbook(client.get(url("excel-unit", tree["b"], period)))
        html = upload(client, url("import-unit", tree["a"], period), fill(book, {"G6": 5})).content.decode()
        refusal = text(re.search(r'data-testid="refusal">(.*?)</div>', html, re.S).group(1))
        assert refusal == (
            f"Không dùng được tệp này; chưa có gì được lưu. Tệp này dành cho Hội Nông dân xã B, {period}, "
            f"không phải Hội Nông dân xã A, {period}."
        )
        book = workbook(client.get(url("excel-unit", tree["a"], previous_period)))
        html = upload(client, url("import-unit", tree["a"], period), fill(book, {"G6": 5})).content.decode()
        assert f"Tệp này dành cho Hội Nông dân xã A, {previous_period}, không phải" in html
        assert not Report.objects.exists()

    def test_a_file_for_a_unit_one_does_not_report_for_is_refused_by_name(
        self, client, reporter, approver, tree, program, period
    ):
        client.force_login(approver)
        book = fill(workbook(client.get(url("excel-unit", tree["b"], period))), {"G6": 5})
        client.force_login(reporter)
        html = upload(client, reverse("reports:import"), book).content.decode()
        assert (
            "Tệp này dành cho Hội Nông dân xã B, không phải đơn vị anh/chị nhập số liệu (Hội Nông dân xã A)."
        ) in html

    def test_a_file_for_another_province_is_refused_by_name(self, client, reporter, tree, program, period):
        other = OrganisationFactory(
            parent=OrganisationFactory(province=ProvinceFactory(name="Lai Châu", code="lai-chau")),
            name="Hội Nông dân phường Tân Phong",
        )
        stranger = UserFactory(username="stranger")
        MembershipFactory(user=stranger, organisation=other, role=Membership.Role.REPORTER)
        client.force_login(stranger)
        book = fill(workbook(client.get(url("excel-unit", other, period))), {})
        client.force_login(reporter)
        html = upload(client, reverse("reports:import"), book).content.decode()
        assert "Tệp này dành cho Lai Châu, không phải Lạng Sơn." in text(html), text(html)[-800:]

    def test_rows_moved_in_the_file_are_refused(self, client, reporter_file, tree, period):
        sheet = reporter_file[DATA]
        sheet["B6"], sheet["B7"] = sheet["B7"].value, sheet["B6"].value
        html = upload(client, url("import-unit", tree["a"], period), reporter_file).content.decode()
        assert "Ô B6 của trang “Số liệu” phải là “Hội viên mới kết nạp” nhưng tệp ghi “Hộ đăng ký SXKD giỏi”" in html

    def test_any_other_spreadsheet_is_refused(self, client, reporter, tree, program, period):
        client.force_login(reporter)
        book = openpyxl.Workbook()
        book.active["A1"] = "Số liệu của tôi"
        html = upload(client, url("import-unit", tree["a"], period), book).content.decode()
        assert "Tệp này không phải tệp mẫu nhập số liệu của hệ thống" in html
        junk = io.BytesIO(b"not a spreadsheet")
        junk.name = "so-lieu.xlsx"
        response = client.post(url("import-unit", tree["a"], period), {"file": junk})
        assert "không phải tệp Excel (.xlsx)" in client.get(response.url).content.decode()

    def test_only_xlsx_files_are_taken(self, client, reporter, tree, program, period):
        client.force_login(reporter)
        old = io.BytesIO(b"\xd0\xcf\x11\xe0")
        old.name = "so-lieu.xls"
        response = client.post(url("import-unit", tree["a"], period), {"file": old})
        assert response.status_code == 200
        assert "Hãy chọn tệp .xlsx." in response.content.decode()
        assert not ReportUpload.objects.exists()

    def test_a_figure_added_since_the_download_asks_for_a_new_template(
        self, client, reporter_file, tree, period, program
    ):
        TargetFactory(program=program, label="10", numerator=FigureFactory(code="insured", name="Hội viên có BHYT"))
        html = upload(client, url("import-unit", tree["a"], period), fill(reporter_file, {"G6": 1})).content.decode()
        assert "Các số liệu cần báo cáo đã thay đổi sau khi tải tệp mẫu (nay thêm: Hội viên có BHYT)" in html


class TestConcurrentEditsAndLocks:
    def test_a_report_saved_after_the_download_is_not_overwritten(
        self, client, reporter_file, reporter, tree, period, figures
    ):
        report_save(
            unit=tree["a"], period=period, by=reporter, entries={figures["new_members"]: Entry(Decimal(1300))},
            loaded_version=0,
        )  # fmt: skip
        html = upload(client, url("import-unit", tree["a"], period), fill(reporter_file, {"G6": 1250})).content.decode()
        [problem] = problems(html)
        assert problem.startswith("Số liệu!A1 Báo cáo của đơn vị đã được lưu lúc ")
        assert "Hãy tải tệp mẫu mới" in problem
        assert tree["a"].reports.get(period=period).values.get().value == Decimal(1300)

    def test_a_report_saved_between_the_dry_run_and_the_confirmation_saves_nothing(
        self, client, reporter_file, reporter, tree, period, figures
    ):
        page = upload(client, url("import-unit", tree["a"], period), fill(reporter_file, {"G6": 1250}))
        report_save(
            unit=tree["a"], period=period, by=reporter, entries={figures["area"]: Entry(Decimal(3))}, loaded_version=0
        )
        response = client.post(page.request["PATH_INFO"])
        assert response.status_code == 409
        assert "Báo cáo của đơn vị đã được lưu lúc" in response.content.decode()
        assert dict(tree["a"].reports.get(period=period).values.values_list("figure__code", "value")) == {
            "area": Decimal(3)
        }

    def test_a_closed_quarter_says_why(self, client, reporter, tree, program, closed_period):
        client.force_login(reporter)
        book = fill(workbook(client.get(url("excel-unit", tree["a"], closed_period))), {"G6": 12})
        response = client.post(reverse("reports:import"), {"file": xlsx(book)})
        assert "Đã quá hạn nộp" in problems(client.get(response.url).content.decode())[0]


@pytest.fixture
def clerk(tree):
    """Reports for communes A and B (and nothing else): uploads one file for both."""
    user = UserFactory(username="clerk")
    for unit in (tree["a"], tree["b"]):
        MembershipFactory(user=user, organisation=unit, role=Membership.Role.REPORTER)
    return user


class TestManyUnits:
    @pytest.fixture
    def units_file(self, client, approver, clerk, tree, program, period):
        """Downloaded by the provincial approver, filled and uploaded by the clerk."""
        client.force_login(approver)
        book = workbook(client.get(url("excel-units", tree["root"], period)))
        client.force_login(clerk)
        return book

    def test_every_unit_is_saved_in_one_go(self, client, clerk, units_file, tree, period):
        # Rows: A (6), branch (7), B (8); columns C.. values, H.. comments.
        fill(units_file, {"C6": 10, "G6": 2.5, "C8": "1.200", "H8": "theo sổ"})
        page = upload(client, reverse("reports:import"), units_file)
        html = page.content.decode()
        assert problems(html) == []
        assert "Dành cho 3 đơn vị thuộc Hội Nông dân tỉnh Lạng Sơn (Lạng Sơn)" in text(html)
        assert f'data-testid="import-{tree["branch"].pk}"' not in html
        response = client.post(page.request["PATH_INFO"])
        assert response.status_code == 302
        assert response.url == reverse("reports:list") + f"?year={period.year}"
        saved = ReportValue.objects.filter(report__period=period).values_list(
            "report__unit__name", "figure__code", "value", "comment"
        )
        assert sorted(saved) == [
            ("Hội Nông dân xã A", "area", Decimal("2.5"), ""),
            ("Hội Nông dân xã A", "new-members", Decimal(10), ""),
            ("Hội Nông dân xã B", "new-members", Decimal(1200), "theo sổ"),
        ]
        assert not tree["branch"].reports.exists()

    def test_one_unit_with_a_problem_keeps_every_unit_unsaved(self, client, clerk, units_file, tree, period):
        fill(units_file, {"C6": 10, "C7": 4, "C8": "mười"})
        html = upload(client, reverse("reports:import"), units_file).content.decode()
        assert problems(html) == [
            "Số liệu!A7 · Chi Hội thôn 1 Anh/chị không được nhập số liệu cho đơn vị này.",
            "Số liệu!C8 · Hội Nông dân xã B · Hội viên mới kết nạp · “mười” “mười” không phải là một số. "
            "Hãy nhập chữ số, ví dụ 1.500 hoặc 7,5.",
        ]
        assert client.post(reverse("reports:import-check", args=[ReportUpload.objects.get().pk])).status_code == 409
        assert not Report.objects.filter(period=period).exists()

    def test_a_conflict_at_confirmation_saves_no_unit(self, client, clerk, units_file, tree, period, figures):
        page = upload(client, reverse("reports:import"), fill(units_file, {"C6": 10, "C8": 20}))
        ReportFactory(unit=tree["b"], period=period, version=1)  # someone started B's report meanwhile
        response = client.post(page.request["PATH_INFO"])
        assert response.status_code == 409
        assert ReportValue.objects.count() == 0
        assert not tree["a"].reports.exists()


class TestWhoMayDoWhat:
    def test_board_viewers_download_but_may_not_upload(self, client, board_viewer, tree, program, period):
        client.force_login(board_viewer)
        assert client.get(url("excel-unit", tree["a"], period)).status_code == 200
        assert client.get(url("import-unit", tree["a"], period)).status_code == 403
        assert client.post(url("import-unit", tree["a"], period)).status_code == 403
        assert client.get(reverse("reports:import")).status_code == 403
        assert client.post(reverse("reports:import")).status_code == 403

    def test_approvers_upload_only_for_units_they_report_for(self, client, approver, tree, program, period):
        client.force_login(approver)
        book = fill(workbook(client.get(url("excel-units", tree["root"], period))), {"C6": 3})
        assert client.get(url("import-unit", tree["a"], period)).status_code == 403
        assert client.get(reverse("reports:import")).status_code == 403
        assert not ReportUpload.objects.exists()
        assert book  # they may download it to pass on

    def test_another_province_is_a_404(self, client, outsider, tree, program, period):
        client.force_login(outsider)
        for name in ("excel-unit", "excel-units", "import-unit"):
            assert client.get(url(name, tree["a"], period)).status_code == 404

    def test_an_upload_is_seen_only_by_its_owner_and_for_a_few_hours(
        self, client, reporter_file, reporter, tree, period
    ):
        page = upload(client, url("import-unit", tree["a"], period), reporter_file)
        check_url = page.request["PATH_INFO"]
        colleague = UserFactory(username="colleague")
        MembershipFactory(user=colleague, organisation=tree["a"], role=Membership.Role.REPORTER)
        client.force_login(colleague)
        assert client.get(check_url).status_code == 404
        assert client.post(check_url).status_code == 404
        client.force_login(reporter)
        ReportUpload.objects.update(uploaded_at=ReportUpload.objects.get().uploaded_at - datetime.timedelta(hours=4))
        assert client.get(check_url).status_code == 404


def test_the_report_page_links_to_the_template_and_the_upload(client, reporter, board_viewer, tree, program, period):
    client.force_login(reporter)
    html = client.get(url("detail", tree["a"], period)).content.decode()
    assert url("excel-unit", tree["a"], period) in html and url("import-unit", tree["a"], period) in html
    assert reverse("reports:import") in client.get(reverse("reports:list")).content.decode()
    client.force_login(board_viewer)
    html = client.get(url("detail", tree["a"], period)).content.decode()
    assert url("excel-unit", tree["a"], period) in html and url("import-unit", tree["a"], period) not in html


@pytest.mark.parametrize("size", [2, 12])
def test_query_counts_do_not_grow_with_the_units(
    client, approver, clerk, tree, program, period, previous_period, figures, django_assert_max_num_queries, size
):
    for n in range(size):
        unit = OrganisationFactory(parent=tree["b"], name=f"Chi Hội {n:02}")
        MembershipFactory(user=clerk, organisation=unit, role=Membership.Role.REPORTER)
        for quarter in (previous_period, period):
            ReportValueFactory(report=ReportFactory(unit=unit, period=quarter), figure=figures["new_members"], value=10)
    client.force_login(approver)
    with django_assert_max_num_queries(14):
        book = workbook(client.get(url("excel-units", tree["root"], period)))
    with django_assert_max_num_queries(14):
        workbook(client.get(url("excel-unit", tree["a"], period)))
    for row in range(6, 6 + 3 + size):
        book[DATA].cell(row=row, column=3, value=11)
    client.force_login(clerk)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:import")).status_code == 200
    with django_assert_max_num_queries(10):
        response = client.post(reverse("reports:import"), {"file": xlsx(book)})
    with django_assert_max_num_queries(17):
        html = client.get(response.url).content.decode()
    assert problems(html) == ["Số liệu!A7 · Chi Hội thôn 1 Anh/chị không được nhập số liệu cho đơn vị này."]
    book[DATA]["C7"] = None
    response = client.post(reverse("reports:import"), {"file": xlsx(book)})
    with django_assert_max_num_queries(37):
        assert client.post(response.url).status_code == 302
    assert ReportValue.objects.filter(report__period=period, value=11).count() == 2 + size


LIBREOFFICE_FILE = Path(__file__).parent / "data" / "libreoffice-quy-3-2025.xlsx"


@pytest.fixture
def fixed_ids(db):
    """The objects a committed file was made for: ids fixed, so the file's hidden block matches them.

    The file was made from this world's template of Quý III/2025 for "Hội Nông dân xã Mẫu Sơn",
    filled with openpyxl (G6 = the text "1.500", G7 = 7,5, H7 = "đo bằng GPS") and saved again by
    LibreOffice Calc 7.4: `soffice --headless --convert-to xlsx --outdir out mau.xlsx`.
    """
    province = ProvinceFactory(pk=901, name="Lạng Sơn", code="lang-son")
    root = OrganisationFactory(pk=902, province=province, name="Hội Nông dân tỉnh Lạng Sơn")
    unit = OrganisationFactory(pk=903, parent=root, name="Hội Nông dân xã Mẫu Sơn")
    today = datetime.date.today()  # before the program, which makes its quarters with the default dates
    period = ReportingPeriodFactory(year=2025, quarter=3, cutoff_date=today, deadline=today + datetime.timedelta(10))
    program = ProgramFactory(pk=904, province=province, number="115-CTr/TU", slug="115-ctr-tu")
    members = FigureFactory(pk=911, code="new-members", name="Hội viên mới kết nạp")
    area = FigureFactory(pk=912, code="area", name="Diện tích liên kết", unit_of_measure="ha", allows_decimals=True)
    TargetFactory(program=program, label="1", order=1, numerator=members)
    TargetFactory(program=program, label="9", order=9, numerator=area, short_name="Liên kết sản xuất")
    reporter = UserFactory(username="mau-son")
    MembershipFactory(user=reporter, organisation=unit, role=Membership.Role.REPORTER)
    return {"unit": unit, "period": period, "reporter": reporter}


def test_a_file_saved_by_libreoffice_is_read_and_saved(client, fixed_ids):
    unit, period = fixed_ids["unit"], fixed_ids["period"]
    client.force_login(fixed_ids["reporter"])
    file = io.BytesIO(LIBREOFFICE_FILE.read_bytes())  # the bytes LibreOffice wrote, not re-saved by openpyxl
    file.name = "mau.xlsx"
    page = client.get(client.post(url("import-unit", unit, period), {"file": file}).url)
    html = page.content.decode()
    assert problems(html) == []
    assert "Hội viên mới kết nạp (G6) : — → 1.500" in text(html)
    assert client.post(page.request["PATH_INFO"]).status_code == 302
    saved = unit.reports.get(period=period).values.values_list("figure__code", "value", "comment")
    assert sorted(saved) == [("area", Decimal("7.5"), "đo bằng GPS"), ("new-members", Decimal(1500), "")]


def test_text_that_looks_like_a_formula_stays_text(client, reporter, tree, program, period, figures):
    report = ReportFactory(unit=tree["a"], period=period)
    ReportValueFactory(report=report, figure=figures["area"], value=3, comment='=HYPERLINK("http://x","bấm")')
    figures["new_members"].name = "=1+1"
    figures["new_members"].save()
    client.force_login(reporter)
    book = workbook(client.get(url("excel-unit", tree["a"], period)))
    assert (book[DATA]["B6"].value, book[DATA]["B6"].data_type) == ("=1+1", "s")
    assert (book[DATA]["H10"].value, book[DATA]["H10"].data_type) == ('=HYPERLINK("http://x","bấm")', "s")
    html = upload(client, url("import-unit", tree["a"], period), fill(book, {"G6": 5})).content.decode()
    assert problems(html) == []


def test_uploads_are_parsed_without_xml_entity_expansion():
    assert DEFUSEDXML  # defusedxml is a dependency: openpyxl refuses entity bombs in uploaded files


def test_names_and_comments_with_control_characters_still_make_a_workbook(
    client, reporter, approver, tree, program, period, figures
):
    """A vertical tab pasted from a word processor: XML cannot carry it, so the file drops it, and the
    file still imports back to the same unit."""
    tree["a"].name = "Hội Nông dân\x0b xã A"
    tree["a"].save()
    report = ReportFactory(unit=tree["a"], period=period)
    ReportValueFactory(report=report, figure=figures["area"], value=3, comment="đo\x0c lại")
    client.force_login(reporter)
    book = workbook(client.get(url("excel-unit", tree["a"], period)))
    assert book[DATA]["A1"].value == f"Số liệu báo cáo quý: Hội Nông dân xã A — {period}"
    assert book[DATA]["H10"].value == "đo lại"
    assert problems(upload(client, url("import-unit", tree["a"], period), fill(book, {"G6": 5})).content.decode()) == []

    client.force_login(approver)
    below = workbook(client.get(url("excel-units", tree["root"], period)))
    assert "Hội Nông dân xã A" in [cell.value for cell in below[DATA]["A"]]
