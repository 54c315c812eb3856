"""The entry form asks a unit for the figures of the plans that cover it, and only those its level enters; a
retired unit files nothing.

Commune A's own plan 01-KH/HND asks for the association fund; it covers A and A's branch, never B.
"""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from organisations.models import Membership, Organisation
from programs.models import Program
from reports.sheets import report_sheet
from targets.models import EntryLevel
from tests.admin_forms import admin_form_data
from tests.factories import FigureFactory, MembershipFactory, ProgramFactory, TargetFactory, UserFactory
from tests.reports.test_views import detail_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(tree, program):
    fund = FigureFactory(code="association-fund", name="Quỹ Hội tăng thêm", unit_of_measure="đồng", order=9)
    plan = ProgramFactory(
        province=tree["province"], owner=tree["a"], kind=Program.Kind.PLAN, number="01-KH/HND", slug="kh-xa-a"
    )
    TargetFactory(program=plan, label="1", numerator=fund, short_name="Quỹ Hội", value=Decimal(10**7))
    return fund


def reporter_at(unit, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=unit, role=Membership.Role.REPORTER)
    return user


@pytest.mark.parametrize("unit", ["a", "branch"])
def test_the_commune_and_its_branch_are_asked_for_the_plans_figures(client, tree, period, fund, unit):
    client.force_login(reporter_at(tree[unit], "nhap"))
    html = client.get(detail_url(tree[unit], period)).content.decode()
    assert f'name="value_{fund.pk}"' in html
    assert "01-KH/HND — 1. Quỹ Hội" in html
    assert html.count('name="value_') == 6  # the province program's five and the fund


def test_another_commune_is_not_asked_and_cannot_slip_the_figure_in(client, tree, period, figures, fund):
    client.force_login(reporter_at(tree["b"], "nhap-b"))
    url = detail_url(tree["b"], period)
    html = client.get(url).content.decode()
    assert f'name="value_{fund.pk}"' not in html
    assert "01-KH/HND" not in html
    data = {"version": 0, "action": "save", f"value_{figures['new_members'].pk}": "12", f"value_{fund.pk}": "900"}
    assert client.post(url, data).status_code == 302
    assert list(tree["b"].reports.get().values.values_list("figure__code", "value")) == [("new-members", 12)]


def test_a_retired_unit_cannot_file(client, tree, period, figures, program, today):
    """Thôn 1 merged into commune A yesterday: its page says why and a post is refused, nothing saved."""
    branch = tree["branch"]
    reporter = reporter_at(branch, "thon-1")
    branch.retired_on = today - datetime.timedelta(days=1)
    branch.merged_into = tree["a"]
    branch.save()
    client.force_login(reporter)
    url = detail_url(branch, period)
    html = client.get(url).content.decode()
    assert f"Đơn vị đã ngừng hoạt động từ ngày {branch.retired_on:%d/%m/%Y}" in html
    assert 'name="value_' not in html
    response = client.post(url, {"version": 0, "action": "submit", f"value_{figures['new_members'].pk}": "5"})
    assert response.status_code == 403
    assert "Đơn vị đã ngừng hoạt động" in response.content.decode()
    assert not branch.reports.exists()


# Who reports what: 115-CTr/TU says branches enter new members and communes enter their farmer households
# (the denominator of 6a). The other figures have no level: every unit the plan covers enters them.


@pytest.fixture
def levels(program, figures):
    EntryLevel.objects.create(program=program, figure=figures["new_members"], kind=Organisation.Kind.BRANCH)
    EntryLevel.objects.create(
        program=program, figure=figures["farmer_households"], kind=Organisation.Kind.COMMUNE_ASSOCIATION
    )


def asked(unit, period):
    return [line.figure.code for line in report_sheet(unit=unit, period=period).lines]


def test_each_unit_is_asked_only_for_the_figures_its_level_enters(tree, period, levels):
    assert asked(tree["branch"], period) == ["new-members", "registered", "achieved", "area"]
    assert asked(tree["a"], period) == ["registered", "farmer-households", "achieved", "area"]
    assert asked(tree["b"], period) == asked(tree["a"], period)


def test_the_ratio_rule_holds_only_where_the_unit_enters_both_figures(tree, period, figures, levels):
    rules = {unit: report_sheet(unit=tree[unit], period=period).ratio_rules for unit in ("a", "branch")}
    assert [(r.numerator, r.denominator) for r in rules["a"]] == [
        (figures["registered"], figures["farmer_households"]),
        (figures["achieved"], figures["registered"]),
    ]
    assert [(r.numerator, r.denominator) for r in rules["branch"]] == [(figures["achieved"], figures["registered"])]


def test_a_figure_the_commune_does_not_enter_cannot_be_slipped_in(client, tree, period, figures, levels):
    client.force_login(reporter_at(tree["a"], "nhap-a"))
    url = detail_url(tree["a"], period)
    html = client.get(url).content.decode()
    assert f'name="value_{figures["new_members"].pk}"' not in html
    data = {
        "version": 0,
        "action": "save",
        f"value_{figures['new_members'].pk}": "12",
        f"value_{figures['area'].pk}": "3",
    }
    assert client.post(url, data).status_code == 302
    assert list(tree["a"].reports.get().values.values_list("figure__code", "value")) == [("area", 3)]


def test_the_units_excel_file_offers_each_unit_only_the_cells_it_enters(client, approver, tree, period, levels):
    client.force_login(approver)
    response = client.get(reverse("reports:excel-units", args=[tree["root"].pk, period.year, period.quarter]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Số liệu"]
    headers = [c.value for c in sheet[5]][2:7]
    assert headers == ["Hội viên mới kết nạp (người)", "Hộ đăng ký SXKD giỏi (hộ)", "Hộ nông dân (hộ)",
                       "Hộ đạt danh hiệu (hộ)", "Diện tích liên kết (ha)"]  # fmt: skip
    rows = {
        row[0].value: [row[2].protection.locked, row[4].protection.locked]
        for row in sheet.iter_rows(min_row=6, max_row=8)
    }
    # New members: branches only; farmer households: communes only (a locked cell cannot be typed in).
    assert rows == {
        "Hội Nông dân xã A": [True, False],
        "Chi Hội thôn 1": [False, True],
        "Hội Nông dân xã B": [True, False],
    }


def test_the_program_admin_names_the_level_that_enters_a_figure(client, tree, program, figures, program_admin):
    program_admin.is_staff = True
    program_admin.save()
    program_admin.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["programs", "targets"]))
    client.force_login(program_admin)
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = admin_form_data(client.get(url))
    unused = FigureFactory(code="unused")
    data.update({
        "entry_levels-TOTAL_FORMS": "1",
        "entry_levels-0-figure": unused.pk,
        "entry_levels-0-kind": Organisation.Kind.BRANCH,
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Không mục tiêu nào của chương trình dùng số liệu này." in response.content.decode()
    data["entry_levels-0-figure"] = figures["new_members"].pk
    assert client.post(url, data).status_code == 302
    level = EntryLevel.objects.get()
    assert (level.figure, level.kind, level.history.get().history_user) == (
        figures["new_members"],
        Organisation.Kind.BRANCH,
        program_admin,
    )
