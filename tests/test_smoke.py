import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("programs:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
