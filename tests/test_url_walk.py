"""Every page of the app, walked by every kind of visitor.

The list of URLs is read from the URL configuration itself, so a new page that nobody thought
to protect fails here: anonymous visitors must be sent to login, and someone from another
province must get a 404 (not a 403, which would confirm the object exists).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisations.models import UnitImport
from tests.factories import MembershipFactory, ProgramFactory, ReportingPeriodFactory

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
LISTS = {"home", "programs:list", "targets:index", "targets:compare", "reports:list"}
# Pages of no province that need a role the visitor lacks: 403.
ROLE_ONLY = {"organisations:index"}


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
    upload = UnitImport.objects.create(owner=program_admin, province=tree["province"], file_name="t.xlsx", content=b"")
    return {
        "slug": program.slug,
        "unit_id": tree["a"].pk,
        "year": period.year,
        "quarter": period.quarter,
        "province": tree["province"].code,
        "user_id": membership.user_id,
        "membership_id": membership.pk,
        "import_id": upload.pk,
    }


PATTERNS = dict(_named_patterns())
ALL = sorted(PATTERNS)


def _url(name, objects):
    return reverse(name, kwargs={key: objects[key] for key in PATTERNS[name]})


def test_the_walk_knows_every_page():
    assert {"programs:list", "programs:detail", "reports:detail", "targets:dashboard"} <= set(ALL)
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
    elif name in LISTS:
        assert response.status_code == 200
        assert "115-CTr/TU" not in response.content.decode()
        assert "Hội Nông dân xã A" not in response.content.decode()
    else:
        assert response.status_code == 404, name
        # Read-only pages refuse POST whoever asks (405), which tells nothing either.
        assert client.post(_url(name, objects)).status_code in (404, 405), name
