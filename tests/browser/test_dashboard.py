import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from reports.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_viewer_reads_the_115_dashboard_and_downloads_it(live_server, page):
    call_command("load_programs")
    call_command("load_demo", force=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("demo-ban")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Theo dõi kết quả").first.click()
    page.get_by_role("link", name="115-CTr/TU").click()
    assert "115-CTr/TU" in page.locator("h1").inner_text()

    expect(page.get_by_test_id("counted-units")).to_contain_text("đơn vị đã báo cáo")
    expect(page.get_by_test_id("headline")).to_contain_text("Đạt và vượt")
    statuses = page.locator("#ket-qua .status-badge")
    assert statuses.count() == 13
    assert set(statuses.all_inner_texts()) <= {"Đạt", "Đúng tiến độ", "Gần đạt tiến độ", "Chậm", "Chưa có số liệu"}
    chart = page.locator("canvas[data-chart='progress-chart']")
    chart.wait_for()
    page.wait_for_function("document.querySelector(\"canvas[data-chart='progress-chart']\").dataset.ready === 'true'")
    assert chart.bounding_box()["height"] > 100

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert book.sheetnames[0] == "Thông tin"  # what the file holds, then the table
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert rows[0][0] == "Số"
    assert [row[0] for row in rows[1:14]] == [
        "1", "2", "3a", "3b", "4a", "4b", "5a", "5b", "5c", "6a", "6b", "7a", "7b"
    ]  # fmt: skip
    first_shown = page.locator("#ket-qua tbody tr").first.locator("td").nth(3).inner_text()
    assert first_shown.replace(".", "") == str(rows[1][4])
