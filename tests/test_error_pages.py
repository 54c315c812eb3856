import pytest
from django.urls import reverse

from tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def test_a_page_that_is_not_there_says_so_in_vietnamese(client, settings, board_viewer):
    settings.DEBUG = False
    client.force_login(board_viewer)
    response = client.get(reverse("programs:detail", args=["khong-co"]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert "Về trang chính" in response.content.decode()


def test_a_refused_action_says_so_in_vietnamese(client, settings, board_viewer, tree):
    settings.DEBUG = False
    period = ReportingPeriodFactory()
    client.force_login(board_viewer)
    response = client.post(reverse("reports:detail", args=[tree["a"].pk, period.year, period.quarter]), {})
    assert response.status_code == 403
    assert "Không được phép" in response.content.decode()
