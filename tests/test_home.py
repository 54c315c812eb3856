import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("person", "lands_on"),
    [
        ("reporter", "reports:list"),
        ("approver", "reports:list"),
        ("board_viewer", "dashboards:index"),
        ("program_admin", "programs:list"),
    ],
)
def test_each_role_starts_where_its_work_is(client, request, person, lands_on):
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse(lands_on)


def test_logging_in_goes_home(client, reporter):
    response = client.post(reverse("login"), {"username": "reporter", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302 and response.url == reverse("home")
