"""A login form posted by a script, not a person, is a wrong login like any other, never a server error."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [reverse("login"), reverse("admin:login")])
def test_a_username_longer_than_any_account_is_counted_as_a_wrong_login(client, url):
    name = "x" * 300
    response = client.post(url, {"username": name, "password": "sai"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert AccessAttempt.objects.get().username == name[:255]
    assert AccessFailureLog.objects.get().username == name[:255]
