"""Every report URL × every role × GET/POST: 404 outside one's provinces, 403 where one may read but not act."""

import pytest
from django.urls import reverse

from organisations.models import Membership
from organisations.permissions import Action, can, people_who_can
from tests.factories import MembershipFactory, ReportFactory, UserFactory

OK = "ok"
LOGIN = "login"

ROLES = ["anonymous", "reporter", "reporter_b", "approver", "board_viewer", "program_admin", "outsider"]

# url name → method → role → expected. "ok" is any answer that is not a denial (200, 302 back to the page…).
EXPECTED = {
    "list": {
        "get": dict.fromkeys(ROLES, OK) | {"anonymous": LOGIN},
        "post": dict.fromkeys(ROLES, 405) | {"anonymous": LOGIN},
    },
    "detail": {
        "get": {
            "anonymous": LOGIN,
            "reporter": OK,
            "reporter_b": 403,
            "approver": OK,
            "board_viewer": OK,
            "program_admin": OK,
            "outsider": 404,
        },
        "post": {
            "anonymous": LOGIN,
            "reporter": OK,
            "reporter_b": 403,
            "approver": 403,
            "board_viewer": 403,
            "program_admin": 403,
            "outsider": 404,
        },
    },
    "decide": {
        "get": {
            "anonymous": LOGIN,
            "reporter": 405,
            "reporter_b": 403,
            "approver": 405,
            "board_viewer": 405,
            "program_admin": 405,
            "outsider": 404,
        },
        "post": {
            "anonymous": LOGIN,
            "reporter": 403,
            "reporter_b": 403,
            "approver": OK,
            "board_viewer": 403,
            "program_admin": 403,
            "outsider": 404,
        },
    },
    "reopen": {
        "get": {
            "anonymous": LOGIN,
            "reporter": 405,
            "reporter_b": 403,
            "approver": 405,
            "board_viewer": 405,
            "program_admin": 405,
            "outsider": 404,
        },
        "post": {
            "anonymous": LOGIN,
            "reporter": 403,
            "reporter_b": 403,
            "approver": 403,
            "board_viewer": 403,
            "program_admin": OK,
            "outsider": 404,
        },
    },
}

POSTS = {
    "list": {},
    "detail": {"version": 1, "action": "save"},
    "decide": {"version": 1, "decision": "approve"},
    "reopen": {"until": "2099-01-01", "reason": "Mất điện"},
}


@pytest.fixture
def people(request, tree, reporter, approver, board_viewer, program_admin, outsider):
    reporter_b = UserFactory(username="reporter-b")
    MembershipFactory(user=reporter_b, organisation=tree["b"], role=Membership.Role.REPORTER)
    return {
        "anonymous": None,
        "reporter": reporter,
        "reporter_b": reporter_b,
        "approver": approver,
        "board_viewer": board_viewer,
        "program_admin": program_admin,
        "outsider": outsider,
    }


@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_every_role(client, tree, program, period, people, name, method, role):
    ReportFactory(unit=tree["a"], period=period, status="submitted")
    url = reverse(f"reports:{name}", args=[] if name == "list" else [tree["a"].pk, period.year, period.quarter])
    if people[role]:
        client.force_login(people[role])
    response = getattr(client, method)(url, POSTS[name] if method == "post" else None)
    expected = EXPECTED[name][method][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif expected == OK:
        assert response.status_code in (200, 302, 409), response.status_code
        assert not response.get("Location", "").startswith(reverse("login"))
    else:
        assert response.status_code == expected


def test_a_unit_that_is_not_an_association_or_a_missing_quarter_is_404(client, tree, reporter, period):
    client.force_login(reporter)
    assert (
        client.get(reverse("reports:detail", args=[tree["board"].pk, period.year, period.quarter])).status_code == 404
    )
    assert client.get(reverse("reports:detail", args=[tree["a"].pk, 1999, 1])).status_code == 404


def test_nobody_decides_on_their_own_unit(tree):
    own = UserFactory(username="approver-a")
    MembershipFactory(user=own, organisation=tree["a"], role=Membership.Role.APPROVER)
    assert can(own, Action.APPROVE, tree["a"])
    assert not can(own, Action.DECIDE, tree["a"])
    assert can(own, Action.DECIDE, tree["branch"])


def test_people_who_can_decide_sit_above_the_unit(tree, approver, reporter):
    own = UserFactory(username="approver-a")
    MembershipFactory(user=own, organisation=tree["a"], role=Membership.Role.APPROVER)
    assert list(people_who_can(Action.DECIDE, tree["a"])) == [approver]
    assert list(people_who_can(Action.DECIDE, tree["branch"])) == [approver, own]
    assert list(people_who_can(Action.REPORT, tree["a"])) == [reporter]
    assert list(people_who_can(Action.REPORT, tree["b"])) == []
