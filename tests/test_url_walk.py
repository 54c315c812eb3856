"""Every page of the app, walked by every kind of visitor.

The list of URLs is read from the URL configuration itself, so a new page that nobody thought
to protect fails here: anonymous visitors must be sent to login, and someone from another
province must get a 404 (not a 403, which would confirm the object exists).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.models import ReportUpload
from tests.factories import ProgramFactory, ReportingPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

# URLs outside the app's own pages: Django's admin and auth keep their own rules.
NOT_OURS = {"admin", "login", "logout", "set_language"}
# Pages that list what the visitor may see: they answer 200 with nothing of another province.
LISTS = {"home", "programs:list", "targets:index", "targets:compare", "reports:list"}
# Pages about no province in particular, for people who may act: anyone else gets a 403.
ACTING = {"reports:import"}


def _named_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from _named_patterns(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in NOT_OURS:
            yield prefix + entry.name


@pytest.fixture
def objects(tree):
    program = ProgramFactory(province=tree["province"], slug="115-ctr-tu", number="115-CTr/TU")
    period = ReportingPeriodFactory(year=2025, quarter=3)
    upload = ReportUpload.objects.create(owner=UserFactory(), file_name="so-lieu.xlsx", content=b"")
    return {
        "slug": program.slug,
        "unit_id": tree["a"].pk,
        "year": period.year,
        "quarter": period.quarter,
        "upload_id": upload.pk,
    }


def _url(name, objects):
    if name in LISTS | ACTING:
        return reverse(name)
    unit_period = ["unit_id", "year", "quarter"]
    pattern_keys = {
        "programs:detail": ["slug"],
        "reports:detail": ["unit_id", "year", "quarter"],
        "reports:decide": ["unit_id", "year", "quarter"],
        "reports:reopen": ["unit_id", "year", "quarter"],
        "reports:excel-unit": unit_period,
        "reports:excel-units": unit_period,
        "reports:import-unit": unit_period,
        "reports:import-check": ["upload_id"],
    }
    keys = pattern_keys.get(name, ["slug"])
    return reverse(name, kwargs={key: objects[key] for key in keys})


ALL = sorted(set(_named_patterns()))


def test_the_walk_knows_every_page():
    assert {"programs:list", "programs:detail", "reports:detail", "targets:dashboard"} <= set(ALL)


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
    if name in LISTS:
        assert response.status_code == 200
        assert "115-CTr/TU" not in response.content.decode()
        assert "Hội Nông dân xã A" not in response.content.decode()
    elif name in ACTING:
        assert response.status_code == 403, name
        assert client.post(_url(name, objects)).status_code == 403, name
    else:
        assert response.status_code == 404, name
        # Read-only pages refuse POST whoever asks (405), which tells nothing either.
        assert client.post(_url(name, objects)).status_code in (404, 405), name
