"""No text typed anywhere runs as script or as a template, on any page that shows it.

Every text field an admin (the Django admin), a reporter or an approver (the report pages) or the
importer (`load_programs`, which writes the same fields) can fill holds one attack at a time: a
script, a template variable reading the session cookie, a template tag, and the careless
`{{ các cấp }}` that once made every entry page of a province a server error. Then every page that
shows those texts is opened by someone who may see it: it answers without a server error, the HTML
is escaped, the template syntax is shown as typed, and the session id never appears.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from organisations.models import Membership, Organisation
from programs.models import Program
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
    ResolutionFactory,
    TargetFactory,
    TaskFactory,
    UserFactory,
)
from tests.reports.conftest import quarter_before, quarter_of

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
COOKIE = "{{ request.COOKIES.sessionid }}"
TAG = "{% debug %}"
CARELESS = "{{ các cấp }}"
# The same attacks short enough for a target's label (10 characters).
SHORT = {SCRIPT: "<script>", COOKIE: "{{user}}", TAG: "{%debug%}", CARELESS: "{{c cấp}}"}


def fit(payload: str, model, field: str) -> str:
    """The payload, or its short twin where the field holds fewer characters."""
    max_length = model._meta.get_field(field).max_length
    return payload if max_length is None or len(payload) <= max_length else SHORT[payload]


@pytest.fixture(params=[SCRIPT, COOKIE, TAG, CARELESS], ids=["script", "cookie", "tag", "careless"])
def payload(request):
    return request.param


@pytest.fixture
def world(payload, settings):
    """One province where every typed text is the payload, and one person per role."""
    settings.DEBUG = True  # a {% debug %} that ran would print its dump (it prints nothing otherwise)
    today = timezone.localdate()
    province = ProvinceFactory(name=f"Tỉnh {payload}", code="tinh-thu")
    root = OrganisationFactory(province=province, name=f"Hội Nông dân tỉnh {payload}", short_name=payload)
    commune = OrganisationFactory(parent=root, name=f"Hội Nông dân xã {payload}", short_name=payload)
    board = OrganisationFactory(province=province, kind=Organisation.Kind.PARTY_BOARD, name=f"Ban {payload}")

    def person(username, role, organisation, **fields):
        user = UserFactory(username=username, first_name=payload, last_name=payload, **fields)
        if role:
            MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    people = {
        "reporter": person("reporter", Membership.Role.REPORTER, commune),
        "approver": person("approver", Membership.Role.APPROVER, root),
        "board": person("board", Membership.Role.BOARD_VIEWER, board),
        "admin": person("admin", Membership.Role.PROGRAM_ADMIN, root, is_staff=True),
        "superuser": person("superuser", None, None, is_staff=True, is_superuser=True),
    }

    people["admin"].user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["organisations", "programs", "targets", "reports"])
    )

    resolution = ResolutionFactory(number=payload, title=payload, issuing_body=payload)
    text = {"title": payload, "issuing_body": payload, "general_objective": payload, "status_note": payload}
    program = ProgramFactory(
        province=province, resolution=resolution, number=payload, slug="chuong-trinh", source_reference=payload, **text
    )
    draft = ProgramFactory(
        province=province, resolution=resolution, number="", slug="du-thao", status=Program.Status.DRAFT, **text
    )
    TaskFactory(program=program, number=1, text=payload)
    task = TaskFactory(program=draft, number=1, text=payload)
    AssignmentFactory(program=program, body=board, body_name_as_written=payload, text=payload, task=None)
    AssignmentFactory(program=draft, body=board, body_name_as_written=payload, text=payload, task=task)
    BaselineFactory(program=program, label=payload, unit_of_measure=payload, as_of_text=payload, value=Decimal("7.7"))

    def figure(code, kind):
        return FigureFactory(code=code, name=payload, definition=payload, unit_of_measure=payload, kind=kind)

    flow, members, insured = (
        figure("moi", Figure.Kind.FLOW),
        figure("hoi-vien", Figure.Kind.STOCK),
        figure("bhyt", Figure.Kind.STOCK),
    )
    texts = {
        "label": fit(payload, Target, "label"),
        "short_name": payload,
        "text": payload,
        "unit_of_measure": fit(payload, Target, "unit_of_measure"),
    }
    target = TargetFactory(program=program, numerator=flow, **texts)
    TargetFactory(
        program=program, numerator=insured, denominator=members, ratio=True, order=2, **texts | {"label": "2"}
    )
    TargetFactory(program=draft, numerator=flow, **texts)
    # A change after the first entry puts the payload in the program page's change history too.
    target.text = f"{payload} {payload}"
    target.save()

    year, quarter = quarter_of(today)
    period = ReportingPeriodFactory(
        year=year, quarter=quarter, cutoff_date=today, deadline=today + datetime.timedelta(days=10)
    )
    year, quarter = quarter_before(year, quarter)
    closed = today - datetime.timedelta(days=40)
    previous = ReportingPeriodFactory(year=year, quarter=quarter, cutoff_date=closed, deadline=closed)
    approved = ReportFactory(
        unit=commune,
        period=previous,
        status=Report.Status.APPROVED,
        submitted_by=people["reporter"],
        submitted_at=timezone.now(),
        decided_by=people["approver"],
        decided_at=timezone.now(),
    )
    for figure_, value in ((flow, 30), (members, 400), (insured, 390)):
        ReportValue.objects.create(report=approved, figure=figure_, value=Decimal(value), comment=payload)
    return {
        "payload": payload,
        "province": province,
        "commune": commune,
        "program": program,
        "draft": draft,
        "target": target,
        "flow": flow,
        "period": period,
        "previous": previous,
        **people,
    }


def assert_inert(response, payload, session_id=None):
    """Answered, escaped, and the template syntax shown as typed rather than run."""
    assert response.status_code < 500, response.status_code
    content = response.content.decode()
    if "<" in payload:
        assert SCRIPT not in content and SHORT[SCRIPT] not in content
        assert escape(payload) in content or escape(SHORT[payload]) in content
    else:
        assert payload in content or SHORT[payload] in content
    # What a compiled {% debug %} prints, escaped or not.
    assert "<module '" not in content and "&lt;module &#x27;" not in content
    if session_id:
        assert session_id not in content


def login(client, user) -> str:
    client.force_login(user)
    return client.cookies["sessionid"].value


def entry_url(world):
    return reverse("reports:detail", args=[world["commune"].pk, world["period"].year, world["period"].quarter])


def test_reporters_and_approvers_type_it_through_the_report_pages(client, world):
    """Comments, a number field's typing, a return reason and a reopening reason, all through the forms."""
    payload, flow = world["payload"], world["flow"]
    url = entry_url(world)
    session = login(client, world["reporter"])
    assert_inert(client.get(url), payload, session)
    fields = {f"comment_{figure.pk}": payload for figure in Figure.objects.all()}
    typed_wrong = {"version": 0, "action": "save", f"value_{flow.pk}": payload, **fields}
    assert_inert(client.post(url, typed_wrong), payload, session)  # "… không phải là một số", escaped

    typed = {"version": 0, "action": "submit", **fields}
    # Close to last quarter's (insured 390 of 400 members, 30 new), so nothing asks for a confirmation.
    typed |= {f"value_{f.pk}": v for f, v in zip(Figure.objects.order_by("code"), ["390", "400", "30"], strict=True)}
    assert client.post(url, typed).status_code == 302
    stale = typed | {"action": "save", f"value_{flow.pk}": payload}
    assert_inert(client.post(url, stale), payload, session)  # the conflict page shows what was typed

    session = login(client, world["approver"])
    report = world["commune"].reports.get(period=world["period"])
    decide = reverse("reports:decide", args=[world["commune"].pk, world["period"].year, world["period"].quarter])
    returned = client.post(decide, {"version": report.version, "decision": "return", "reason": payload})
    assert returned.status_code == 302
    assert_inert(client.get(url), payload, session)
    session = login(client, world["reporter"])
    assert_inert(client.get(reverse("reports:list")), payload, session)
    assert_inert(client.get(url), payload, session)

    session = login(client, world["admin"])
    closed = ReportingPeriodFactory(
        year=world["previous"].year - 1,
        quarter=1,
        cutoff_date=datetime.date(world["previous"].year - 1, 3, 31),
        deadline=datetime.date(world["previous"].year - 1, 4, 10),
    )
    args = [world["commune"].pk, closed.year, closed.quarter]
    until = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    reopened = client.post(reverse("reports:reopen", args=args), {"until": until, "reason": payload})
    assert reopened.status_code == 302
    assert_inert(client.get(reverse("reports:detail", args=args)), payload, session)


@pytest.mark.parametrize("role", ["reporter", "approver", "board", "admin"])
def test_program_and_report_pages(client, world, role):
    session = login(client, world[role])
    payload = world["payload"]
    pages = [
        reverse("programs:list"),
        reverse("programs:detail", args=[world["program"].slug]),
        reverse("programs:detail", args=[world["draft"].slug]),
        reverse("reports:list"),
        reverse("reports:detail", args=[world["commune"].pk, world["previous"].year, world["previous"].quarter]),
        entry_url(world),
    ]
    for url in pages:
        assert_inert(client.get(url), payload, session)


def test_unit_and_people_pages(client, world):
    """The program admin's pages of the province's units and people."""
    session = login(client, world["admin"])
    province = world["province"].code
    pages = [
        reverse("organisations:tree", args=[province]),
        reverse("organisations:unit_edit", args=[province, world["commune"].pk]),
        reverse("organisations:people", args=[province]),
        reverse("organisations:person", args=[province, world["reporter"].pk]),
    ]
    for url in pages:
        assert_inert(client.get(url), world["payload"], session)


DASHBOARD_TABS = ["dashboard", "units", "trend", "completeness", "print"]


@pytest.mark.parametrize("role", ["reporter", "board"])
def test_every_dashboard_tab(client, world, role):
    """A commune's reporter (their subtree) and a board (the province), for the issued program and the draft."""
    session = login(client, world[role])
    payload = world["payload"]
    query = {"year": world["previous"].year, "quarter": world["previous"].quarter, "target": world["target"].pk}
    assert_inert(client.get(reverse("dashboards:index")), payload, session)
    assert_inert(client.get(reverse("dashboards:compare"), query), payload, session)
    for program in (world["program"], world["draft"]):
        for tab in DASHBOARD_TABS:
            assert_inert(client.get(reverse(f"dashboards:{tab}", args=[program.slug]), query), payload, session)


@pytest.mark.parametrize("tab", ["dashboard", "units", "trend", "completeness", "compare"])
def test_exports_carry_the_text_as_typed(client, world, tab):
    """Exports are data, not HTML: the text is there exactly as typed (a leading = + - @ aside)."""
    login(client, world["board"])
    payload = world["payload"]
    query = {"year": world["previous"].year, "quarter": world["previous"].quarter}
    url = reverse("dashboards:compare") if tab == "compare" else reverse(f"dashboards:{tab}", args=["chuong-trinh"])
    exported = client.get(url, {**query, "format": "csv"})
    assert exported.status_code == 200
    cells = [cell for line in csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))) for cell in line]
    workbook = load_workbook(io.BytesIO(client.get(url, {**query, "format": "xlsx"}).content))
    texts = [c for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    if tab != "trend":  # the trend table holds quarters and numbers only
        assert any(payload in cell or SHORT[payload] in cell for cell in cells)
        assert any(isinstance(text, str) and payload in text for text in texts)


def _admin_urls(world):
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    objects = [
        world["program"],
        world["target"],
        world["flow"],
        world["commune"],
        world["program"].tasks.get(),
        world["program"].assignments.get(),
        world["program"].baselines.get(),
        world["commune"].reports.get(),
        world["program"].resolution,
        *world["commune"].report_reopenings.all(),
    ]
    for obj in objects:
        info = (obj._meta.app_label, obj._meta.model_name)
        urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        if hasattr(obj, "history"):
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return urls


def test_admin_pages(client, world):
    """Every change list, and the change and history pages of the objects holding the texts."""
    session = login(client, world["superuser"])
    for url in _admin_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert SCRIPT not in content and SHORT[SCRIPT] not in content, url
        assert "<module '" not in content, url
        assert session not in content, url


@pytest.mark.parametrize("model", ["programs_program", "targets_target", "programs_task", "targets_baseline"])
def test_the_lists_a_program_admin_works_in(client, world, model):
    session = login(client, world["admin"])
    assert_inert(client.get(reverse(f"admin:{model}_changelist")), world["payload"], session)
