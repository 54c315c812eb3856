"""Shared fixtures: a small province with a unit tree and one person per role."""

import pytest

from organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, ProvinceFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def tree(db):
    """Lạng Sơn-like tree: province association → two communes → a branch under the first."""
    province = ProvinceFactory(name="Lạng Sơn", code="lang-son")
    root = OrganisationFactory(province=province, name="Hội Nông dân tỉnh Lạng Sơn")
    commune_a = OrganisationFactory(parent=root, name="Hội Nông dân xã A")
    commune_b = OrganisationFactory(parent=root, name="Hội Nông dân xã B")
    branch = OrganisationFactory(parent=commune_a, kind=Organisation.Kind.BRANCH, name="Chi Hội thôn 1")
    board = OrganisationFactory(
        province=province, kind=Organisation.Kind.PARTY_BOARD, name="Ban Tuyên giáo và Dân vận Tỉnh ủy"
    )
    return {"province": province, "root": root, "a": commune_a, "b": commune_b, "branch": branch, "board": board}


def _person(role, organisation, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def reporter(tree):
    """Enters figures for commune A."""
    return _person(Membership.Role.REPORTER, tree["a"], "reporter")


@pytest.fixture
def approver(tree):
    """Approves everything below the province association."""
    return _person(Membership.Role.APPROVER, tree["root"], "approver")


@pytest.fixture
def board_viewer(tree):
    return _person(Membership.Role.BOARD_VIEWER, tree["board"], "board")


@pytest.fixture
def program_admin(tree):
    return _person(Membership.Role.PROGRAM_ADMIN, tree["root"], "admin")


@pytest.fixture
def outsider(db):
    """Someone with a role in another province."""
    other = OrganisationFactory(province=ProvinceFactory(name="Lai Châu", code="lai-chau"))
    return _person(Membership.Role.BOARD_VIEWER, other, "outsider")


def pytest_addoption(parser):
    group = parser.getgroup("fuzz", "tests/test_fuzz.py: requests over every URL, form and query string")
    group.addoption("--fuzz-requests", type=int, default=2000, help="how many requests (default 2000)")
    group.addoption("--fuzz-seed", type=int, default=46, help="the random seed, to replay a run (default 46)")
