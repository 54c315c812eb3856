"""Wrong passwords: counted per account and per address, locked for a while, logged; the rest unaffected."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LIMIT = 20


@pytest.fixture
def people(db):
    return UserFactory(username="can-bo-a"), UserFactory(username="can-bo-b")


def log_in(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, headers=headers
    )


def signed_in_as(client):
    return client.get(reverse("home")).wsgi_request.user.get_username()


def test_twenty_wrong_passwords_lock_the_account_with_a_message_in_vietnamese(client, people, caplog):
    person, other = people
    with caplog.at_level(logging.WARNING, logger="axes"):
        answers = [log_in(client, person.username, f"sai-{n}").status_code for n in range(LIMIT)]
    assert answers == [200] * (LIMIT - 1) + [429]
    response = log_in(client, person.username, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Mật khẩu đã bị nhập sai 20 lần cho tài khoản này hoặc từ máy này" in html
    assert "tạm ngừng cho đăng nhập trong 30 phút" in html
    assert signed_in_as(client) == ""
    assert f'Locking out {{username: "{person.username}"' in caplog.text.replace("'", '"')
    assert AccessFailureLog.objects.filter(username=person.username).count() == LIMIT + 1

    assert log_in(client, other.username, PASSWORD, address="10.0.0.2").status_code == 302
    assert signed_in_as(client) == other.username


def test_the_lock_follows_the_account_to_another_address_and_holds_the_address_for_other_accounts(client, people):
    person, other = people
    for n in range(LIMIT):
        log_in(client, person.username, f"sai-{n}")
    assert log_in(client, person.username, PASSWORD, address="10.9.9.9").status_code == 429
    assert log_in(client, other.username, PASSWORD, address="10.0.0.1").status_code == 429
    assert signed_in_as(client) == ""


def test_guesses_spread_over_accounts_from_one_address_are_counted_together(client, people):
    for n in range(LIMIT):
        log_in(client, f"doan-ten-{n}", "123456")
    person, _other = people
    assert log_in(client, person.username, PASSWORD).status_code == 429


def test_after_the_cool_off_the_right_password_works_again(client, people, settings):
    person, _other = people
    for n in range(LIMIT):
        log_in(client, person.username, f"sai-{n}")
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME)
    assert log_in(client, person.username, PASSWORD).status_code == 302
    assert signed_in_as(client) == person.username


def test_behind_a_proxy_the_forwarded_address_counts_and_a_forged_one_does_not(client, people, settings):
    settings.REVERSE_PROXY_COUNT = 1
    person, other = people
    for n in range(LIMIT):
        log_in(client, f"doan-ten-{n}", "123456", address="127.0.0.1", x_forwarded_for=f"1.2.3.{n}, 203.0.113.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    assert (
        log_in(client, other.username, PASSWORD, address="127.0.0.1", x_forwarded_for="203.0.113.7").status_code == 429
    )
    assert (
        log_in(client, person.username, PASSWORD, address="127.0.0.1", x_forwarded_for="198.51.100.4").status_code
        == 302
    )
