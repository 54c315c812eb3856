import pytest

from tests.factories import ProgramFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_viewer_logs_in_and_opens_a_program(login, live_server, board_viewer, tree):
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU", slug="115-ctr-tu")
    TargetFactory(program=program, label="1")
    page = login(board_viewer)
    page.get_by_role("link", name="115-CTr/TU").click()
    assert "115-CTr/TU" in page.locator("h1").inner_text()
    assert page.get_by_test_id("target-1").inner_text() == "từ 1.500 trở lên"
