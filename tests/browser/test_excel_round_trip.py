"""A reporter's round trip through Excel: download the sheet, fill it, upload, fix two errors, confirm.

openpyxl fills the file, standing in for the person's Excel or LibreOffice.
"""

import datetime

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import FigureFactory, ProgramFactory, ReportingPeriodFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reporter_fills_the_downloaded_sheet_fixes_two_errors_and_confirms(login, reporter, tree, tmp_path):
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU", slug="115-ctr-tu")
    TargetFactory(program=program, label="1", numerator=FigureFactory(code="new-members", name="Hội viên mới kết nạp"))
    area = FigureFactory(code="area", name="Diện tích liên kết", unit_of_measure="ha", allows_decimals=True)
    TargetFactory(program=program, label="9", numerator=area, short_name="Liên kết sản xuất")
    today = timezone.localdate()
    period = ReportingPeriodFactory(
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        cutoff_date=today,
        deadline=today + datetime.timedelta(days=10),
    )

    page = login(reporter)
    page.get_by_role("link", name="Báo cáo quý").click()
    page.get_by_test_id(f"state-{tree['a'].pk}-{period.year}-{period.quarter}").get_by_role("link").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp Excel để nhập").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    book = openpyxl.load_workbook(path)
    sheet = book["Số liệu"]
    assert (sheet["B6"].value, sheet["B7"].value) == ("Hội viên mới kết nạp", "Diện tích liên kết")
    sheet["G6"], sheet["G7"], sheet["H7"] = "12a", "7,555", "đo bằng GPS"
    book.save(path)

    page.get_by_role("link", name="Nhập từ tệp Excel").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    problems = page.get_by_test_id("problem")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("Số liệu!G6")
    expect(problems.nth(0)).to_contain_text("“12a” không phải là một số")
    expect(problems.nth(1)).to_contain_text("Số liệu!G7")
    expect(problems.nth(1)).to_contain_text("tối đa 2 chữ số thập phân")
    expect(page.get_by_role("button", name="Xác nhận: lưu nháp")).to_have_count(0)

    sheet["G6"], sheet["G7"] = "1.500", 7.5
    book.save(path)
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("problem")).to_have_count(0)
    expect(page.get_by_test_id("change-new-members")).to_contain_text("— → 1.500")
    page.get_by_role("button", name="Xác nhận: lưu nháp").click()

    expect(page.get_by_role("status").first).to_contain_text("Đã lưu nháp 1 báo cáo từ tệp")
    expect(page.get_by_label("Hội viên mới kết nạp (người)")).to_have_value("1.500")
    expect(page.get_by_label("Diện tích liên kết (ha)")).to_have_value("7,5")
    expect(page.get_by_test_id("event").last).to_contain_text("Nhập từ tệp")
