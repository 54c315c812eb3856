"""The entry form on a keyboard: Enter goes from number to number, comments show on demand, a failed save
puts the focus on the list of errors, and leaving with unsaved input asks first."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import FigureFactory, ProgramFactory, ReportingPeriodFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_quarter_s_figures_with_the_keyboard(login, live_server, reporter, tree):
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU", slug="115-ctr-tu")
    TargetFactory(program=program, label="1", order=1, numerator=FigureFactory(code="new-members", name="Hội viên mới"))
    TargetFactory(program=program, label="2", order=2, numerator=FigureFactory(code="trained", name="Được dạy nghề"))
    today = timezone.localdate()
    period = ReportingPeriodFactory(
        year=today.year, quarter=(today.month - 1) // 3 + 1, cutoff_date=today, deadline=today + datetime.timedelta(10)
    )
    page = login(reporter)
    page.goto(f"{live_server.url}/reports/{tree['a'].pk}/{period.year}/{period.quarter}/")

    first, second = page.get_by_label("Hội viên mới (người)"), page.get_by_label("Được dạy nghề (người)")
    expect(page.get_by_label("Ghi chú cho “Hội viên mới”")).to_be_hidden()
    first.fill("1.500")
    first.press("Enter")
    expect(second).to_be_focused()
    second.fill("abc")
    second.press("Enter")
    expect(page.get_by_role("button", name="Lưu nháp")).to_be_focused()
    page.get_by_role("button", name="+ Thêm ghi chú").first.click()
    expect(page.get_by_label("Ghi chú cho “Hội viên mới”")).to_be_focused()

    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(first).to_have_value("1.500")  # nothing typed is lost

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    first.fill("1.600")
    page.get_by_role("link", name="Báo cáo quý").first.click()
    assert dialogs == ["beforeunload"]
    expect(first).to_have_value("1.600")  # still here: the person chose to stay
