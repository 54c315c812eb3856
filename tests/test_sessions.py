"""A session lasts SESSION_COOKIE_AGE (8 hours) from the last request, not from signing in."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

EIGHT_HOURS = datetime.timedelta(hours=8)


@pytest.fixture
def signed_in(client, board_viewer):
    client.force_login(board_viewer)
    return client


def last_used(ago: datetime.timedelta) -> None:
    """Pretend the session was last saved `ago`."""
    Session.objects.update(expire_date=timezone.now() - ago + EIGHT_HOURS)


def page(client):
    return client.get(reverse("programs:list"))


def test_the_default_is_a_working_day():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_using_the_app_keeps_the_session_alive(signed_in):
    last_used(datetime.timedelta(hours=7, minutes=50))
    response = page(signed_in)
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    expires = Session.objects.get().expire_date
    assert abs(expires - (timezone.now() + EIGHT_HOURS)) < datetime.timedelta(minutes=1)


def test_eight_idle_hours_end_it(signed_in):
    last_used(EIGHT_HOURS + datetime.timedelta(seconds=1))
    response = page(signed_in)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_pages_a_minute_apart_write_the_session_once(signed_in):
    response = page(signed_in)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    last_used(datetime.timedelta(minutes=2))
    assert settings.SESSION_COOKIE_NAME in page(signed_in).cookies
    assert settings.SESSION_COOKIE_NAME not in page(signed_in).cookies
