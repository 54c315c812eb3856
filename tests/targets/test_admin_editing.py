"""Program admins edit targets in the Django admin; two of them never silently overwrite each other."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.factories import TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(tree, program_admin):
    second = UserFactory(username="admin2", is_staff=True)
    second.memberships.create(organisation=tree["root"], role="program_admin")
    permissions = Permission.objects.filter(content_type__app_label__in=["programs", "targets"])
    for user in (program_admin, second):
        user.is_staff = True
        user.save()
        user.user_permissions.set(permissions)
    return program_admin, second


def test_a_second_admin_saving_an_old_copy_is_stopped_and_keeps_what_they_typed(client, admins, tree):
    first, second = admins
    target = TargetFactory(program__province=tree["province"], value=Decimal("1500"))
    url = reverse("admin:targets_target_change", args=[target.pk])

    client.force_login(second)
    stale = admin_form_data(client.get(url))

    client.force_login(first)
    fresh = admin_form_data(client.get(url))
    fresh["value"] = "1600"
    assert client.post(url, fresh).status_code == 302

    client.force_login(second)
    stale["value"] = "1700"
    response = client.post(url, stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "đã sửa bản ghi này lúc" in page and "admin" in page
    assert 'value="1700"' in page
    target.refresh_from_db()
    assert target.value == Decimal("1600")
    assert [h.history_user.username for h in target.history.all()[:1]] == ["admin"]


def test_a_program_admin_cannot_edit_another_provinces_target(client, admins):
    other = TargetFactory()  # another province
    client.force_login(admins[0])
    response = client.get(reverse("admin:targets_target_change", args=[other.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("typed", "saved"), [("1.500", Decimal("1500")), ("1 800", Decimal("1800")), ("45,5", Decimal("45.5"))]
)
def test_target_values_are_typed_the_vietnamese_way_in_the_admin(client, admins, tree, typed, saved):
    target = TargetFactory(program__province=tree["province"], value=Decimal("1200"))
    url = reverse("admin:targets_target_change", args=[target.pk])
    client.force_login(admins[0])
    data = admin_form_data(client.get(url))
    assert data["value"] == "1.200"  # shown the Vietnamese way, not 1200.00
    data["value"] = typed
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.value == saved


def test_a_wrong_target_value_gets_a_vietnamese_message_and_keeps_the_typing(client, admins, tree):
    target = TargetFactory(program__province=tree["province"])
    url = reverse("admin:targets_target_change", args=[target.pk])
    client.force_login(admins[0])
    data = admin_form_data(client.get(url))
    data["value"] = "1.5oo"
    page = client.post(url, data).content.decode()
    assert "“1.5oo” không phải là một số" in page and 'value="1.5oo"' in page
