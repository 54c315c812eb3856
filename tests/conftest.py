"""Shared fixtures: a small province with a unit tree and one person per role."""

from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from organisations.models import Membership, Organisation, Province
from organisations.permissions import CATALOGUE_EDITORS
from programs.models import Assignment, Program, Resolution, Task
from reports.models import Notification, Report, ReportingCalendar, ReportingPeriod, ReportReopening
from targets.models import Allocation, Baseline, Figure, Target
from tests.factories import (
    AllocationFactory,
    AssignmentFactory,
    BaselineFactory,
    FigureFactory,
    MembershipFactory,
    NotificationFactory,
    OrganisationFactory,
    ProgramFactory,
    ProvinceFactory,
    ReportEventFactory,
    ReportFactory,
    ReportingPeriodFactory,
    ReportReopeningFactory,
    ReportValueFactory,
    ResolutionFactory,
    TargetFactory,
    TaskFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    """Every test starts in Vietnamese: setting the language resets what a request left active."""
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


def _province_records(province, root, figure, period) -> dict:
    """One record of every province-bound model the admin shows, each named after its province."""
    name = province.name
    unit = OrganisationFactory(parent=root, name=f"Hội Nông dân xã {name}")
    body = OrganisationFactory(province=province, kind=Organisation.Kind.PARTY_BOARD, name=f"Ban Dân vận {name}")
    program = ProgramFactory(province=province, title=f"Chương trình hành động của {name}")
    task = TaskFactory(program=program, text=f"Nhiệm vụ của {name}")
    target = TargetFactory(program=program, short_name=f"Mục tiêu của {name}", numerator=figure)
    report = ReportFactory(unit=unit, period=period)
    ReportValueFactory(report=report, figure=figure, value=Decimal(1500))
    submitted = ReportEventFactory(report=report, action="submitted", note=f"Gửi ở {name}")
    return {
        Province: province,
        Organisation: unit,
        Membership: MembershipFactory(organisation=unit, role=Membership.Role.REPORTER),
        Program: program,
        Task: task,
        Target: target,
        Assignment: AssignmentFactory(program=program, task=task, body=body, body_name_as_written=body.name),
        Baseline: BaselineFactory(program=program, target=target, label=f"Hội viên ở {name}"),
        Allocation: AllocationFactory(target=target, unit=unit),
        Report: report,
        ReportReopening: ReportReopeningFactory(unit=unit, period=period, reason=f"Mất điện ở {name}"),
        ReportingCalendar: ReportingCalendar.objects.create(province=province, deadline_days=10),
        Notification: NotificationFactory(event=submitted),
    }


@pytest.fixture
def admin_world(tree, program_admin):
    """Two provinces, each with a record of every model the admin shows, and the shared catalogue.

    `admin` is Lạng Sơn's program admin holding every permission on the app's models: scoping, not
    a missing permission, is what keeps Lai Châu away from them. Lai Châu's records all carry its name.
    """
    figure = FigureFactory(code="new_members", name="Hội viên mới kết nạp")
    period = ReportingPeriodFactory(year=2025, quarter=3)
    catalogue_editors, _created = Group.objects.get_or_create(name=CATALOGUE_EDITORS)
    login = {"username": "ke-do-mat-khau", "ip_address": "203.0.113.7", "user_agent": "curl"}
    shared = {
        Figure: figure,
        Resolution: ResolutionFactory(),
        ReportingPeriod: period,
        Group: catalogue_editors,
        AccessAttempt: AccessAttempt.objects.create(**login, failures_since_start=20),
        AccessFailureLog: AccessFailureLog.objects.create(**login),
        AccessLog: AccessLog.objects.create(**login),
    }
    lai_chau = OrganisationFactory(
        province=ProvinceFactory(name="Lai Châu", code="lai-chau"), name="Hội Nông dân tỉnh Lai Châu"
    )
    program_admin.is_staff = True
    program_admin.save()
    program_admin.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["organisations", "programs", "targets", "reports"])
    )
    return {
        "admin": program_admin,
        "own": _province_records(tree["province"], tree["root"], figure, period),
        "other": _province_records(lai_chau.province, lai_chau, figure, period),
        "shared": {**shared, get_user_model(): program_admin},
    }


def pytest_addoption(parser):
    group = parser.getgroup("fuzz", "tests/test_fuzz.py: requests over every URL, form and query string")
    group.addoption("--fuzz-requests", type=int, default=2000, help="how many requests (default 2000)")
    group.addoption("--fuzz-seed", type=int, default=46, help="the random seed, to replay a run (default 46)")
