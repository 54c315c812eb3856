import pytest

from organisations.models import Organisation
from targets.loader import programs_load
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_logs_in_and_opens_115_ctr_tu(login, live_server):
    programs_load()
    board = Organisation.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lạng Sơn")
    page = login(MembershipFactory(organisation=board, role="board_viewer").user)
    page.get_by_role("navigation").get_by_role("link", name="Chương trình", exact=True).click()
    page.get_by_role("link", name="115-CTr/TU").click()
    assert "Chương trình 115-CTr/TU — Lạng Sơn" in page.locator("h1").inner_text()
    assert page.locator("#targets tbody tr").count() == 13
    assert page.get_by_test_id("target-1").inner_text() == "từ 1.500 trở lên"
    assert page.get_by_test_id("target-6a").inner_text() == "từ 45 % trở lên"
