"""Odd values posted to the admin's autocomplete fields are a form error, never a server error."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.factories import UserFactory

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


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999"])
@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETES, ids=lambda p: getattr(p, "__name__", p))
def test_a_value_that_is_no_id_is_a_form_error(client, model, field, value):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    data = admin_form_data(client.get(url)) | {field: value}
    response = client.post(url, data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
