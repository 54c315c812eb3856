"""The board reads the dashboard on a 360 px phone: the actual, the % and the status in view, no sideways
scrolling."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reports.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_fits_a_phone(live_server, page):
    call_command("load_programs")
    call_command("load_demo", force=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("demo-ban")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/dashboards/115-ctr-tu/")

    expect(page.get_by_test_id("headline")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    table = page.locator("#ket-qua")
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")  # no sideways scroll
    for row in table.locator("tbody tr").all()[:5]:
        cells = row.locator("td:visible")
        box = cells.last.bounding_box()  # the status
        assert box and box["x"] + box["width"] <= 360
    headers = [text.strip() for text in table.locator("thead th:visible").all_inner_texts()]
    assert headers[:2] == ["Số", "Mục tiêu"] and headers[-1] == "Tình trạng" and len(headers) == 5

    # WCAG AA: the navigation links in full white on the green bar (4,5:1), and the counting switch's
    # unselected choice in grey (4,7:1), not Bootstrap's pale yellow outline (1,6:1).
    page.set_viewport_size({"width": 1280, "height": 800})
    link = page.locator(".navbar .nav-link").first
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(255, 255, 255)"
    choice = page.get_by_role("link", name="Đã duyệt và đã gửi chờ duyệt")
    assert choice.evaluate("a => getComputedStyle(a).color") == "rgb(108, 117, 125)"
