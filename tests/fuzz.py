"""A seeded fuzz of every URL of the URL configuration, as every role: no request may answer 5xx.

Paths are built from the URL patterns themselves (a new page is fuzzed without anyone listing it),
their parameters filled with ids of both provinces' objects, odd numbers and odd text. GET requests
carry query strings built from every parameter the pages and the admin read plus unknown ones; POST
requests start from the page's own form, as a browser would post it, with some fields replaced by
odd values (or, now and then, nothing but odd fields). The database changes as it goes: reports
get saved, submitted, returned, reopened; admin objects get edited and deleted.
"""

import logging
import random
import re
import sys
import traceback
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib.admin.helpers import AdminForm, InlineAdminFormSet
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from organisations.models import Membership, Organisation
from programs.models import Assignment, Program
from reports.models import Report, ReportValue
from targets.models import Figure, Target
from tests.factories import (
    AssignmentFactory,
    BaselineFactory,
    FigureFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgramFactory,
    ProvinceFactory,
    ReportFactory,
    ReportingPeriodFactory,
    TargetFactory,
    TaskFactory,
    UserFactory,
)
from tests.reports.conftest import quarter_before, quarter_of

# Values no form or link of ours writes, and some that it does.
ODD_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "4",
    "9",
    "1.500",
    "7,5",
    "1e3",
    "NaN",
    "inf",
    "²",
    "١٢",
    "０",
    "99999999999999999999",
    "2147483648",
    "abc",
    "true",
    "approved",
    "submitted",
    "return",
    "approve",
    "submit",
    "save",
    "csv",
    "xlsx",
    "pdf",
    "2025",
    "2025-13-45",
    "31/12/2099",
    "<script>alert(1)</script>",
    "{{ request.COOKIES.sessionid }}",
    "{% debug %}",
    "{{ các cấp }}",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE reports_report; --",
    "../../etc/passwd",
    "%",
    "\\",
    "\r\n",
    "\x00",
    "a\x00b",
    "\u202e",
    "🌾",
    "x" * 5000,
]
# Every name the pages and the admin read from a query string, and some nobody reads.
PARAMETERS = [
    "year",
    "quarter",
    "unit",
    "target",
    "counted",
    "format",
    "page",
    "next",
    "q",
    "o",
    "p",
    "e",
    "all",
    "_changelist_filters",
    "_popup",
    "_to_field",
    "app_label",
    "model_name",
    "field_name",
    "term",
    "status__exact",
    "program__id__exact",
    "province__id__exact",
    "unit__province__id__exact",
    "period__id__exact",
    "kind__exact",
    "role__exact",
    "retired_on__isempty",
    "language",
    "zzz",
]
ROLES = ["anonymous", "reporter", "approver", "board", "admin", "superuser", "outsider"]
LOGOUTS = ("/accounts/logout/", "/admin/logout/")


@dataclass
class Failure:
    role: str
    method: str
    path: str
    data: dict
    status: int
    error: str = ""

    def __str__(self):
        shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in list(self.data.items())[:8]}
        return f"{self.status} {self.role} {self.method} {self.path} {shown}\n{self.error}"


@dataclass
class World:
    """Two provinces with programs, targets, reports in every state, and one person per role."""

    users: dict[str, object]
    ids: dict[str, list[int]]
    slugs: list[str]
    periods: list[tuple[int, int]]
    figures: list[int]
    acting: dict[str, list[int]]
    """The units each role works on, so that report pages are often ones the person may use."""


def build_world() -> World:
    today = timezone.localdate()
    own = ProvinceFactory(name="Lạng Sơn {{ các cấp }}", code="lang-son")
    other = ProvinceFactory(name="Lai Châu", code="lai-chau")
    provinces = {}
    units: list[Organisation] = []
    for province in (own, other):
        root = OrganisationFactory(province=province, name=f"Hội Nông dân tỉnh {province.name}")
        communes = [OrganisationFactory(parent=root, name=f'=HYPERLINK("x") xã {n}') for n in range(2)]
        branch = OrganisationFactory(parent=communes[0], kind=Organisation.Kind.BRANCH, name="<b>Chi Hội</b>")
        board = OrganisationFactory(province=province, kind=Organisation.Kind.PARTY_BOARD, name="Ban {% debug %}")
        units += [root, *communes, branch, board]
        program = ProgramFactory(province=province, slug=f"ctr-{province.code}", number=f"{province.pk}-CTr/TU")
        draft = ProgramFactory(province=province, slug=f"du-thao-{province.code}", number="", status="draft")
        provinces[province.pk] = (root, communes, branch, board, program, draft)

    flow = FigureFactory(code="new-members", name="Hội viên mới {{ x }}")
    members = FigureFactory(code="members", name="Hội viên", kind=Figure.Kind.STOCK)
    insured = FigureFactory(code="insured", name="Có BHYT", kind=Figure.Kind.STOCK)
    quarters = [quarter_of(today)]
    while len(quarters) < 6:
        quarters.append(quarter_before(*quarters[-1]))
    periods = [ReportingPeriodFactory(year=year, quarter=quarter) for year, quarter in quarters]
    for _root, communes, branch, board, program, draft in provinces.values():
        for p in (program, draft):
            TargetFactory(program=p, label="1", numerator=flow, short_name="@SUM(1)")
            TargetFactory(program=p, label="7a", ratio=True, numerator=insured, denominator=members, order=2)
            TaskFactory(program=p)
            AssignmentFactory(program=p, body=board)
            BaselineFactory(program=p)
        statuses = [Report.Status.APPROVED, Report.Status.SUBMITTED, Report.Status.RETURNED, Report.Status.DRAFT]
        for n, period in enumerate(periods[1:]):
            for unit in (branch, communes[1]):
                status = statuses[n % len(statuses)]
                report = ReportFactory(
                    unit=unit,
                    period=period,
                    status=status,
                    submitted_at=timezone.now() if status != Report.Status.DRAFT else None,
                    return_reason="Thiếu {{ số }}" if status == Report.Status.RETURNED else "",
                )
                for figure, value in ((flow, 10 + n), (members, 400), (insured, 300 + n)):
                    ReportValue.objects.create(report=report, figure=figure, value=Decimal(value))

    def person(username, role, organisation, **flags):
        user = UserFactory(username=username, **flags)
        if role:
            MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    own_root, own_communes, *_rest = provinces[own.pk]
    other_root = provinces[other.pk][0]
    users = {
        "reporter": person("fuzz-reporter", Membership.Role.REPORTER, own_communes[0]),
        "approver": person("fuzz-approver", Membership.Role.APPROVER, own_root),
        "board": person("fuzz-board", Membership.Role.BOARD_VIEWER, provinces[own.pk][3]),
        "admin": person("fuzz-admin", Membership.Role.PROGRAM_ADMIN, own_root, is_staff=True),
        "superuser": person("fuzz-superuser", None, None, is_staff=True, is_superuser=True),
        "outsider": person("fuzz-outsider", Membership.Role.PROGRAM_ADMIN, other_root, is_staff=True),
    }
    staff_permissions = Permission.objects.exclude(content_type__app_label__in=["auth", "contenttypes", "sessions"])
    for name in ("admin", "outsider"):
        users[name].user_permissions.set(staff_permissions)
    return World(
        users=users,
        ids={
            "unit": [u.pk for u in units],
            "target": list(Target.objects.values_list("pk", flat=True)),
            "user": list(get_user_model().objects.values_list("pk", flat=True)),
            "assignment": list(Assignment.objects.values_list("pk", flat=True)),
        },
        slugs=list(Program.objects.values_list("slug", flat=True)),
        periods=[(p.year, p.quarter) for p in periods],
        figures=[flow.pk, members.pk, insured.pk],
        acting={
            "reporter": [own_communes[0].pk],
            "approver": [u.pk for u in units if u.province_id == own.pk and u.parent_id],
            "admin": [u.pk for u in units if u.province_id == own.pk],
            "outsider": [u.pk for u in units if u.province_id == other.pk],
        },
    )


# --- Paths from the URL configuration -------------------------------------------------------------

_ROUTE_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<(\w+)>)?[^()]*\)")


def path_templates() -> list[str]:
    """Every URL pattern as a path whose parameters are `{name}` (positional regex groups `{group}`)."""

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            text = str(entry.pattern)
            if entry.pattern.__class__.__name__ == "RegexPattern":
                text = _REGEX_GROUP.sub(lambda m: "{" + (m.group(1) or "group") + "}", text.strip("^$"))
                text = text.replace("^", "").replace("$", "")
            else:
                text = _ROUTE_PARAMETER.sub(lambda m: "{" + m.group(2) + "}", text)
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + text)
            elif isinstance(entry, URLPattern):
                yield prefix + text

    return sorted(set(walk(get_resolver(), "/")))


@dataclass
class Fuzzer:
    world: World
    seed: int
    rng: random.Random = field(init=False)
    ours: list[str] = field(init=False)
    admin: list[str] = field(init=False)
    failures: list[Failure] = field(default_factory=list)
    requests: int = 0

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 - a replayable fuzz, not a secret
        templates = path_templates()
        self.admin = [t for t in templates if t.startswith("/admin/")]
        self.ours = [t for t in templates if t not in self.admin]
        self.clients = {role: Client(raise_request_exception=False) for role in ROLES}
        for role, client in self.clients.items():
            if role != "anonymous":
                client.force_login(self.world.users[role])
        self._error = ""

    # Values ---------------------------------------------------------------------------------------

    def odd(self) -> str:
        return self.rng.choice(ODD_VALUES)

    def number_for(self, name: str) -> str:
        """An id, year or quarter that exists (either province's), or one that does not."""
        rng = self.rng
        known = {
            "unit_id": self.world.ids["unit"],
            "unit": self.world.ids["unit"],
            "target": self.world.ids["target"],
            "year": sorted({year for year, _quarter in self.world.periods}),
            "quarter": [1, 2, 3, 4],
            "id": self.world.ids["user"],
            "assignment_id": self.world.ids["assignment"],
        }.get(name)
        if known and rng.random() < 0.7:
            return str(rng.choice(known))
        return rng.choice([str(rng.randint(0, 80)), "0", "99999999999999999999", "2147483648"])

    def segment(self, name: str, usual: dict[str, int]) -> str:
        rng = self.rng
        if name in usual and rng.random() < 0.75:
            return str(usual[name])
        if name == "slug":
            return rng.choice([*self.world.slugs, "khong-co", "so-sanh", "a" * 80])
        if name == "app_label":
            return rng.choice(["auth", "organisations", "programs", "targets", "reports"])
        if name == "url":
            return rng.choice(["", "khong-co/", "programs/program/abc/", "%2e%2e/"])
        if name in ("unit_id", "year", "quarter", "id", "content_type_id") or rng.random() < 0.8:
            return self.number_for(name)
        return rng.choice(["abc", "-1", "1.5", "%20"])

    def path(self, role: str) -> str:
        """A path of one of the app's own pages, or (a third of the time: they are many) of the admin.

        Report pages mostly name a quarter that exists and a unit the person works on.
        """
        rng = self.rng
        template = rng.choice(self.admin if rng.random() < 0.33 else self.ours)
        year, quarter = rng.choice(self.world.periods)
        unit = rng.choice(self.world.acting.get(role) or self.world.ids["unit"])
        usual = {"unit_id": unit, "year": year, "quarter": quarter}
        return re.sub(r"\{(\w+)\}", lambda m: self.segment(m.group(1), usual), template)

    def query(self) -> dict:
        data = {}
        for _n in range(self.rng.randint(0, 4)):
            name = self.rng.choice(PARAMETERS)
            data[name] = self.number_for(name) if self.rng.random() < 0.4 else self.odd()
        return data

    # Requests -------------------------------------------------------------------------------------

    def send(self, role: str, method: str, path: str, data: dict):
        client = self.clients[role]
        self._error = ""
        response = getattr(client, method)(path, data)
        self.requests += 1
        if response.status_code >= 500:
            self.failures.append(Failure(role, method.upper(), path, data, response.status_code, self._error))
        if path.startswith(LOGOUTS) and role != "anonymous":
            client.force_login(self.world.users[role])
        return response

    def form_data(self, response) -> dict:
        """What a browser would post back from the page: the current values of every form it shows."""
        if response.status_code != 200 or not response.context:
            return {}
        contexts = response.context if isinstance(response.context, list) else [response.context]
        values = [value for context in contexts for value in context.flatten().values()]
        values += [item for value in values if isinstance(value, list) for item in value]  # the admin's inlines
        data = {}
        for value in values:
            if isinstance(value, AdminForm | InlineAdminFormSet):
                value = value.form if isinstance(value, AdminForm) else value.formset
            if isinstance(value, forms.BaseFormSet):
                found = [value.management_form, *value.forms]
            elif isinstance(value, forms.BaseForm):
                found = [value]
            else:
                continue
            for form in found:
                data |= {form.add_prefix(name): form[name].value() for name in form.fields}
        return {name: "" if value is None else value for name, value in data.items()}

    def post_data(self, role: str, path: str) -> dict:
        rng = self.rng
        data = {} if rng.random() < 0.15 else self.form_data(self.send(role, "get", path, {}))
        for name in rng.sample(sorted(data), k=min(len(data), rng.randint(0, 3))):
            data[name] = self.odd()
        extra = ["action", "decision", "reason", "until", "version", "confirm_unusual", "post", "_save", "language"]
        extra += [f"value_{pk}" for pk in self.world.figures] + [f"comment_{pk}" for pk in self.world.figures]
        for _n in range(rng.randint(0, 3)):
            name = rng.choice(extra)
            data[name] = rng.choice(["save", "submit", "approve", "return", "yes", str(timezone.localdate())])
            if rng.random() < 0.5:
                data[name] = self.odd()
        return data

    def one(self):
        role = self.rng.choice(ROLES)
        path = self.path(role)
        if self.rng.random() < 0.35:
            self.send(role, "post", path, self.post_data(role, path))
        else:
            self.send(role, "get", path, self.query())

    def run(self, count: int) -> list[Failure]:
        def remember(sender, request=None, **kwargs):
            self._error = "".join(traceback.format_exception(*sys.exc_info())[-6:])

        # Thousands of expected 404s and 403s would bury the report; a 5xx is kept with its traceback.
        loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
        got_request_exception.connect(remember, weak=False)
        try:
            while self.requests < count:
                self.one()
        finally:
            got_request_exception.disconnect(remember)
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
        return self.failures
