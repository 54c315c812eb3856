"""Every page of the app, walked by every kind of visitor.

The list of URLs is read from the URL configuration itself, so a new page that nobody thought
to protect fails here: anonymous visitors must be sent to login, and someone from another
province must get a 404 (not a 403, which would confirm the object exists).
"""

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from simple_history.admin import SimpleHistoryAdmin

from organisations.admin_scoping import ProvinceScopedAdminMixin, SharedCatalogueAdminMixin
from organisations.models import UnitImport
from reports.models import Notification, Report, ReportUpload
from tests.admin_forms import admin_form_data
from tests.factories import AssignmentFactory, MembershipFactory, ProgramFactory, ReportingPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

# URLs outside the app's own pages: Django's admin and auth keep their own rules (choosing a
# password from a mailed link is for people who cannot sign in yet).
NOT_OURS = {
    "admin",
    "login",
    "logout",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Pages that list what the visitor may see: they answer 200 with nothing of another province.
LISTS = {"home", "programs:list", "dashboards:index", "dashboards:compare", "reports:list"}
# Pages of no province that need a role the visitor lacks: 403.
ROLE_ONLY = {"organisations:index", "reports:import", "reports:reopen-many"}


def _named_patterns(resolver=None, prefix="", keys=()):
    """Every page's name, with the names of the values its URL needs."""
    for entry in (resolver or get_resolver()).url_patterns:
        own = (*keys, *getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _named_patterns(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix, own)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in NOT_OURS:
            yield prefix + entry.name, own


@pytest.fixture
def objects(tree, program_admin):
    program = ProgramFactory(province=tree["province"], slug="115-ctr-tu", number="115-CTr/TU")
    period = ReportingPeriodFactory(year=2025, quarter=3)
    membership = MembershipFactory(organisation=tree["a"])
    unit_import = UnitImport.objects.create(
        owner=program_admin, province=tree["province"], file_name="t.xlsx", content=b""
    )
    upload = ReportUpload.objects.create(owner=UserFactory(), file_name="so-lieu.xlsx", content=b"")
    return {
        "slug": program.slug,
        "unit_id": tree["a"].pk,
        "year": period.year,
        "quarter": period.quarter,
        "province": tree["province"].code,
        "user_id": membership.user_id,
        "membership_id": membership.pk,
        "import_id": unit_import.pk,
        "upload_id": upload.pk,
        "assignment_id": AssignmentFactory(program=program).pk,
    }


PATTERNS = dict(_named_patterns())
ALL = sorted(PATTERNS)


def _url(name, objects):
    return reverse(name, kwargs={key: objects[key] for key in PATTERNS[name]})


def test_the_walk_knows_every_page():
    assert {"programs:list", "programs:detail", "reports:detail", "dashboards:dashboard"} <= set(ALL)
    assert {"organisations:tree", "organisations:person", "organisations:import_review"} <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_anonymous_visitors_are_sent_to_login(client, objects, name):
    url = _url(name, objects)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (name, method)
        assert response.url.startswith(reverse("login")), name


@pytest.mark.parametrize("name", ALL)
def test_another_province_sees_nothing(client, objects, outsider, name):
    client.force_login(outsider)
    response = client.get(_url(name, objects), follow=True)
    if name in ROLE_ONLY:
        assert response.status_code == 403, name
        assert client.post(_url(name, objects)).status_code in (403, 405), name
    elif name in LISTS:
        assert response.status_code == 200
        assert "115-CTr/TU" not in response.content.decode()
        assert "Hội Nông dân xã A" not in response.content.decode()
    else:
        assert response.status_code == 404, name
        # Read-only pages refuse POST whoever asks (405), which tells nothing either.
        assert client.post(_url(name, objects)).status_code in (404, 405), name


# --- The Django admin -------------------------------------------------------------------------------
#
# Every registered model admin, read from the admin site itself: a new one is walked as soon as it
# is registered (and fails until `admin_world` has a record of its model). Lạng Sơn's program admin
# holds every permission on the app's models; scoping alone must keep Lai Châu from them.

ADMINS = sorted(admin.site._registry, key=lambda model: model._meta.label)
PROVINCE_BOUND = [model for model in ADMINS if isinstance(admin.site.get_model_admin(model), ProvinceScopedAdminMixin)]
CATALOGUE = [model for model in ADMINS if isinstance(admin.site.get_model_admin(model), SharedCatalogueAdminMixin)]
# Users and groups, and django-axes' login attempts: a superuser's business.
NOT_OURS = [model for model in ADMINS if model._meta.app_label in ("auth", "axes")]
# Reports change only through the workflow, and emails are only sent: the admin shows them read-only.
READ_ONLY = {Report, Notification}
OTHER = "Lai Châu"


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _record_urls(model, record) -> dict[str, str]:
    """The admin pages of one record: change, history, delete and (with simple-history) an old version."""
    urls = {view: _admin_url(model, view, record.pk) for view in ("change", "history", "delete")}
    if isinstance(admin.site.get_model_admin(model), SimpleHistoryAdmin):
        urls["history_form"] = _admin_url(model, "simple_history", record.pk, record.history.first().history_id)
    return urls


def _all_urls(model, record) -> list[str]:
    return [_admin_url(model, "changelist"), _admin_url(model, "add"), *_record_urls(model, record).values()]


def _changes_logged(model, record) -> int:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(record.pk), action_flag=CHANGE
    ).count()


def _listed(client, model, *, hidden: str = OTHER) -> list:
    """The records the change list shows; `hidden` appears nowhere on it (in a filter neither)."""
    response = client.get(_admin_url(model, "changelist"))
    assert response.status_code == 200, model
    assert hidden not in response.content.decode(), model
    return list(response.context["cl"].result_list)


def test_the_admin_walk_has_a_record_of_every_registered_model(admin_world):
    assert set(ADMINS) == set(admin_world["own"]) | set(admin_world["shared"])
    assert set(PROVINCE_BOUND) == set(admin_world["own"]) == set(admin_world["other"])
    assert set(ADMINS) == set(PROVINCE_BOUND) | set(CATALOGUE) | set(NOT_OURS)


@pytest.mark.parametrize("model", ADMINS, ids=lambda model: model._meta.label)
def test_the_admin_sends_anonymous_visitors_and_non_staff_to_its_login(client, admin_world, board_viewer, model):
    urls = _all_urls(model, admin_world["own"].get(model) or admin_world["shared"][model])
    for user in (None, board_viewer):
        if user:
            client.force_login(user)
        for url in urls:
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code == 302, (url, user)
                assert response.url.startswith((reverse("login"), reverse("admin:login"))), url


@pytest.mark.parametrize("model", PROVINCE_BOUND, ids=lambda model: model._meta.label)
def test_another_provinces_records_are_not_found_on_any_admin_page(client, admin_world, model):
    own, other = admin_world["own"][model], admin_world["other"][model]
    client.force_login(admin_world["admin"])
    own_form = admin_form_data(client.get(_admin_url(model, "change", own.pk)))
    assert other not in _listed(client, model)
    for view, url in _record_urls(model, other).items():
        assert client.get(url).status_code == 404, view
        assert client.post(url, {**own_form, "post": "yes"}).status_code == 404, view
    assert model.objects.filter(pk=other.pk).exists()
    assert _changes_logged(model, other) == 0


@pytest.mark.parametrize("model", PROVINCE_BOUND, ids=lambda model: model._meta.label)
def test_own_records_work_on_every_admin_page(client, admin_world, model):
    own = admin_world["own"][model]
    client.force_login(admin_world["admin"])
    assert own in _listed(client, model)
    add = client.get(_admin_url(model, "add"))
    assert add.status_code == (403 if model in READ_ONLY else 200)
    assert OTHER not in add.content.decode()
    urls = _record_urls(model, own)
    for view, url in urls.items():
        response = client.get(url)
        assert response.status_code == (403 if model in READ_ONLY and view == "history_form" else 200), view
        assert OTHER not in response.content.decode(), view
    for view in ("change", "history_form"):
        if view not in urls:
            continue
        logged = _changes_logged(model, own)
        if model in READ_ONLY:
            assert client.post(urls[view], {"status": "approved"}).status_code == 403, view
            assert _changes_logged(model, own) == logged
        else:
            response = client.post(urls[view], admin_form_data(client.get(urls[view])))
            assert response.status_code == 302, (view, response.context and response.context["errors"])
            assert _changes_logged(model, own) == logged + 1, view


def test_a_superuser_sees_both_provinces_in_the_admin(client, admin_world):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for model in PROVINCE_BOUND:
        listed = _listed(client, model, hidden="Tỉnh không có")
        assert admin_world["own"][model] in listed and admin_world["other"][model] in listed, model


@pytest.mark.parametrize("model", CATALOGUE, ids=lambda model: model._meta.label)
def test_the_shared_catalogue_is_read_only_for_a_province_admin(client, admin_world, model):
    record = admin_world["shared"][model]
    client.force_login(admin_world["admin"])
    assert record in _listed(client, model)
    assert client.get(_admin_url(model, "add")).status_code == 403
    urls = _record_urls(model, record)
    for view in ("change", "history"):
        assert client.get(urls[view]).status_code == 200, view
    assert client.post(urls["change"], admin_form_data(client.get(urls["change"]))).status_code == 403
    for view in ("history_form", "delete"):
        if view in urls:
            assert client.get(urls[view]).status_code == 403, view
            assert client.post(urls[view], {"post": "yes"}).status_code == 403, view
    assert _changes_logged(model, record) == 0


@pytest.mark.parametrize("model", NOT_OURS, ids=lambda model: model._meta.label)
def test_users_groups_and_login_attempts_are_not_a_program_admins_business(client, admin_world, model):
    client.force_login(admin_world["admin"])
    for url in _all_urls(model, admin_world["shared"][model]):
        assert client.get(url).status_code == 403, url
