"""The front page: each role starts its day where its work is.

It names the pages of every app, so it lives in the top layer; nongdan/urls.py includes it by name.
"""

from django.shortcuts import redirect
from django.urls import path

from organisations.models import Membership
from organisations.permissions import memberships_of

# Where each role starts its day: staff at their reports, the boards at the dashboards.
HOME_BY_ROLE = [
    (Membership.Role.REPORTER, "reports:list"),
    (Membership.Role.APPROVER, "reports:list"),
    (Membership.Role.BOARD_VIEWER, "dashboards:index"),
]


def home(request):
    roles = {m.role for m in memberships_of(request.user)}
    return redirect(next((url for role, url in HOME_BY_ROLE if role in roles), "programs:list"))


urlpatterns = [path("", home, name="home")]
