import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import FigureFactory, ProgramFactory, ReportingPeriodFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_is_submitted_returned_corrected_and_approved(login, live_server, reporter, approver, tree):
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU", slug="115-ctr-tu")
    TargetFactory(program=program, label="1", numerator=FigureFactory(code="new-members", name="Hội viên mới kết nạp"))
    today = timezone.localdate()
    period = ReportingPeriodFactory(
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        cutoff_date=today,
        deadline=today + datetime.timedelta(days=10),
    )
    cell = f"state-{tree['a'].pk}-{period.year}-{period.quarter}"
    figure = "Hội viên mới kết nạp (người)"

    page = login(reporter)
    page.get_by_role("link", name="Báo cáo quý").click()
    page.get_by_test_id(cell).get_by_role("link").click()
    page.get_by_label(figure).fill("1.500")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi báo cáo để duyệt.")
    expect(page.get_by_test_id("value-new-members")).to_contain_text("1.500")

    login(approver)
    page.get_by_role("link", name="Báo cáo quý").click()
    page.locator("#queue").get_by_role("link", name=tree["a"].name).click()
    page.get_by_label("Lý do trả lại").fill("Số hội viên mới chưa khớp sổ theo dõi")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("status")).to_have_text("Bị trả lại")

    login(reporter)
    page.get_by_role("link", name="Báo cáo quý").click()
    expect(page.get_by_test_id(cell)).to_contain_text("Số hội viên mới chưa khớp sổ theo dõi")
    page.get_by_test_id(cell).get_by_role("link").click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("Số hội viên mới chưa khớp sổ theo dõi")
    expect(page.get_by_label(figure)).to_have_value("1.500")
    page.get_by_label(figure).fill("1.450")
    page.get_by_role("button", name="Gửi lại báo cáo").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi, chờ duyệt")

    login(approver)
    page.get_by_role("link", name="Báo cáo quý").click()
    page.locator("#queue").get_by_role("link", name=tree["a"].name).click()
    page.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã duyệt")

    login(reporter)
    page.goto(f"{live_server.url}/reports/{tree['a'].pk}/{period.year}/{period.quarter}/")
    expect(page.get_by_test_id("lock-reason")).to_contain_text("đã được duyệt")
    expect(page.get_by_test_id("value-new-members")).to_contain_text("1.450")
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
