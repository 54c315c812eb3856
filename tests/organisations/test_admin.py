"""The admin, province by province: drop-downs, autocompletes and list filters; the shared catalogue's role."""

import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from organisations.admin_scoping import ProvinceScopedAdminMixin, ProvinceScopedChoicesMixin
from organisations.permissions import CATALOGUE_EDITORS
from programs.models import Program, Resolution
from reports.admin import ReadOnlyInline
from reports.models import Report
from targets.models import Figure, Target
from tests.admin_forms import admin_form_data
from tests.factories import ProgramFactory, TargetFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHER = "Lai Châu"
# (model, autocomplete field) of every registered admin and of its inlines
AUTOCOMPLETES = sorted(
    {
        (model_admin.model, field)
        for model, registered in admin.site._registry.items()
        if model._meta.app_label != "auth"
        for model_admin in [registered, *(inline(model, admin.site) for inline in registered.inlines)]
        for field in model_admin.autocomplete_fields
    },
    key=lambda pair: (pair[0]._meta.label, pair[1]),
)


def test_every_inline_that_edits_scopes_its_choices():
    inlines = {inline for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    editing = {inline for inline in inlines if not issubclass(inline, ReadOnlyInline)}
    assert editing and all(issubclass(inline, ProvinceScopedChoicesMixin) for inline in editing)


def _province_bound(model) -> bool:
    return admin.site.is_registered(model) and isinstance(admin.site.get_model_admin(model), ProvinceScopedAdminMixin)


@pytest.mark.parametrize(("model", "field"), AUTOCOMPLETES, ids=lambda value: getattr(value, "__name__", value))
def test_autocompletes_offer_only_the_admins_province(client, admin_world, model, field):
    client.force_login(admin_world["admin"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "", "app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field},
    )
    remote = model._meta.get_field(field).related_model
    if remote._meta.app_label == "auth":  # users belong to no province: program admins may not look them up
        assert response.status_code == 403
        return
    offered = [row["text"] for row in response.json()["results"]]
    assert offered and not [text for text in offered if OTHER in text]
    if _province_bound(remote):
        assert str(admin_world["own"][remote]) in offered


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (model, field)
        for model, field in AUTOCOMPLETES
        if _province_bound(model) and _province_bound(model._meta.get_field(field).related_model)
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_another_provinces_record_typed_into_an_autocomplete_is_refused(client, admin_world, model, field):
    """An autocomplete shows only what it offers; what is posted is checked against the same choices."""
    remote = model._meta.get_field(field).related_model
    own = admin_world["own"][model]
    client.force_login(admin_world["admin"])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[own.pk])
    data = admin_form_data(client.get(url))
    data[field] = admin_world["other"][remote].pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    own.refresh_from_db()
    assert getattr(own, f"{field}_id") != admin_world["other"][remote].pk


def _filter_choices(client, model, field_path) -> list[str] | None:
    """The choices of a change list's filter; None when Django shows no filter (fewer than two choices)."""
    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    specs = [spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", "") == field_path]
    return [label for _pk, label in specs[0].lookup_choices] if specs else None


def test_list_filters_offer_only_the_admins_province(client, admin_world, tree):
    second = ProgramFactory(province=tree["province"], number="200-CTr/TU")
    client.force_login(admin_world["admin"])
    assert set(_filter_choices(client, Target, "program")) == {str(admin_world["own"][Program]), str(second)}
    assert _filter_choices(client, Report, "unit__province") is None  # one province: nothing to choose

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert len(_filter_choices(client, Target, "program")) == 3
    assert _filter_choices(client, Report, "unit__province") == ["Lai Châu", "Lạng Sơn"]


def test_drop_downs_and_filters_of_programs_keep_a_fixed_number_of_queries(
    client, admin_world, tree, django_assert_max_num_queries
):
    client.force_login(admin_world["admin"])
    pages = ["admin:programs_task_changelist", "admin:targets_target_changelist", "admin:programs_task_add"]
    for more in (0, 15):
        for _ in range(more):
            TaskFactory(program=TargetFactory(program__province=tree["province"]).program)
        for page in pages:
            with django_assert_max_num_queries(11):
                assert client.get(reverse(page)).status_code == 200


def test_a_target_cannot_be_moved_into_another_provinces_program(client, admin_world):
    target = admin_world["own"][Target]
    url = reverse("admin:targets_target_change", args=[target.pk])
    client.force_login(admin_world["admin"])
    page = client.get(url)
    assert list(page.context["adminform"].form.fields["program"].queryset) == [admin_world["own"][Program]]
    data = admin_form_data(page)
    data["program"] = admin_world["other"][Program].pk
    assert "program" in client.post(url, data).context["adminform"].form.errors
    target.refresh_from_db()
    assert target.program == admin_world["own"][Program]


@pytest.fixture
def catalogue_editor(tree):
    run_migration = importlib.import_module("reports.migrations.0003_catalogue_editors").create_catalogue_editors
    run_migration(apps, None)
    editor = UserFactory(username="danhmuc", is_staff=True)
    editor.groups.add(Group.objects.get(name=CATALOGUE_EDITORS))
    return editor


def test_the_catalogue_role_edits_figures_and_resolutions(client, admin_world, catalogue_editor):
    client.force_login(catalogue_editor)
    figure = admin_world["shared"][Figure]
    url = reverse("admin:targets_figure_change", args=[figure.pk])
    data = admin_form_data(client.get(url))
    data["name"] = "Hội viên mới kết nạp trong quý"
    assert client.post(url, data).status_code == 302
    figure.refresh_from_db()
    assert figure.name == "Hội viên mới kết nạp trong quý"
    assert figure.history.first().history_user == catalogue_editor

    added = client.post(
        reverse("admin:programs_resolution_add"),
        {"number": "57-NQ/TW", "title": "về đột phá phát triển khoa học", "issuing_body": "Bộ Chính trị"}
        | {"issued_on": "22/12/2024"},
    )
    assert added.status_code == 302
    assert Resolution.objects.filter(number="57-NQ/TW").exists()


def test_the_migration_takes_catalogue_editing_from_everyone_but_its_role(tree):
    editing = Permission.objects.filter(codename__in=["change_figure", "delete_resolution"])
    viewing = Permission.objects.get(codename="view_figure")
    program_admin = UserFactory(username="quantri")
    program_admin.user_permissions.set([*editing, viewing])
    old_group = Group.objects.create(name="Quản trị cũ")
    old_group.permissions.set(editing)
    superuser = UserFactory(username="root", is_superuser=True)
    superuser.user_permissions.set(editing)

    importlib.import_module("reports.migrations.0003_catalogue_editors").create_catalogue_editors(apps, None)

    assert list(program_admin.user_permissions.all()) == [viewing]
    assert not old_group.permissions.exists()
    assert superuser.user_permissions.count() == 2
    granted = Group.objects.get(name=CATALOGUE_EDITORS).permissions.values_list("codename", flat=True)
    assert {"add_figure", "change_resolution", "delete_reportingperiod", "view_figure"} <= set(granted)
    assert len(granted) == 12
