"""Odd values in the admin's addresses and forms are a form error or a 404, never a server error."""

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETES = sorted(
    (
        (model, field)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label != "auth"
        for field in model_admin.autocomplete_fields
    ),
    key=lambda pair: (pair[0]._meta.label, pair[1]),
)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999"])
@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETES, ids=lambda p: getattr(p, "__name__", p))
def test_a_value_that_is_no_id_is_a_form_error(superuser_client, model, field, value):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    data = admin_form_data(superuser_client.get(url)) | {field: value}
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors


@pytest.mark.parametrize("version", ["1.5", "abc", " ", "99999999999999999999"])
def test_a_history_version_that_is_no_id_is_not_found(superuser_client, version):
    program = ProgramFactory()
    url = reverse("admin:programs_program_simple_history", args=[program.pk, version])
    assert superuser_client.get(url).status_code == 404
    own = reverse("admin:programs_program_simple_history", args=[program.pk, program.history.get().history_id])
    assert superuser_client.get(own).status_code == 200


@pytest.mark.parametrize("page", ["change", "delete", "history"])
def test_an_empty_to_field_means_by_id(superuser_client, page):
    """Django's admin fails on `?_to_field=` (empty) on every page of a record; here it is the page by id."""
    program = ProgramFactory()
    url = reverse(f"admin:programs_program_{page}", args=[program.pk])
    assert superuser_client.get(url, {"_to_field": ""}).status_code == 200
    failure = AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1", user_agent="", path_info="/")
    url = reverse("admin:axes_accessfailurelog_change", args=[failure.pk])
    assert superuser_client.get(url, {"_to_field": ""}).status_code == 200


def test_an_empty_to_field_posted_saves_as_by_id(superuser_client):
    program = ProgramFactory(title="Cũ")
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = admin_form_data(superuser_client.get(url)) | {"title": "Mới", "_to_field": ""}
    assert superuser_client.post(url, data).status_code == 302
    program.refresh_from_db()
    assert program.title == "Mới"
