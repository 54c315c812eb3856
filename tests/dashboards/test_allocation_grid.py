"""Giao chỉ tiêu on one screen: the children × targets grid, its Excel twin, its history and who may use it.

115-CTr/TU (see conftest): target 1, 1.500 new members a year (a count); 2, 1.000 members (a stock);
7a, 100 % insured (a percentage: a level every unit reaches alike, never allocated). The province
association's children are communes A and B; commune A has one branch.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from organisations.models import Membership
from targets.models import Allocation
from tests.factories import AllocationFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def grid_url(program, unit, year=2025, excel=False):
    return reverse("programs:allocation-excel" if excel else "programs:allocation", args=[program.slug, year, unit.pk])


def cell(unit, target):
    return f"a_{unit.pk}_{target.pk}"


@pytest.fixture
def targets(program):
    return {target.label: target for target in program.targets.all()}


def loaded_form(client, url):
    """What the browser would post back untouched: every field of the grid as the page shows it."""
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return {name: str(value) if not isinstance(value, str) else value for name, value in data.items()}


def test_the_grid_shows_each_child_under_the_parents_targets(client, program_admin, tree, program, targets):
    AllocationFactory(target=targets["1"], unit=tree["a"], year=2025, value=600)
    client.force_login(program_admin)
    response = client.get(grid_url(program, tree["root"]))
    assert response.status_code == 200
    grid = response.context["grid"]
    assert [row.unit for row in grid.rows] == [tree["a"], tree["b"]]
    assert [column.parent_text for column in grid.columns] == ["từ 1.500 trở lên", "từ 1.000 trở lên"]
    page = response.content.decode()
    assert 'value="600"' in page
    assert "Giao tiếp cho cấp dưới" in page  # commune A has a branch to hand its share on to
    totals = response.context["totals"]
    assert [total.value for total in totals] == [600, None]
    assert totals[0].differs  # 600 handed down of 1.500


def test_saving_the_grid_writes_every_changed_cell_with_history_and_warns_on_the_sum(
    client, program_admin, tree, program, targets
):
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    data = loaded_form(client, url)
    data[cell(tree["a"], targets["1"])] = "1.000"
    data[cell(tree["b"], targets["1"])] = "600"
    data[cell(tree["a"], targets["2"])] = "700"
    assert cell(tree["a"], targets["7a"]) not in data  # a percentage is not handed down
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    saved = {(a.unit, a.target.label): a.value for a in Allocation.objects.filter(year=2025)}
    assert saved == {(tree["a"], "1"): 1000, (tree["b"], "1"): 600, (tree["a"], "2"): 700}
    assert {a.history.get().history_user for a in Allocation.objects.all()} == {program_admin}
    shown = [str(message) for message in response.context["messages"]]
    assert "Đã lưu 3 ô chỉ tiêu được giao." in shown
    # 1.000 + 600 = 1.600 against the province's 1.500: allowed (handing down more is common), but said.
    assert any("tổng đã giao cho các đơn vị là 1.600, khác với chỉ tiêu 1.500" in message for message in shown)


def test_a_sum_equal_to_the_parent_raises_no_warning(client, program_admin, tree, program, targets):
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    data = loaded_form(client, url)
    data[cell(tree["a"], targets["1"])] = "900"
    data[cell(tree["b"], targets["1"])] = "600"
    response = client.post(url, data, follow=True)
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert [total.differs for total in response.context["totals"]] == [False, False]


def test_bad_cells_are_refused_at_the_cell_and_nothing_typed_is_lost(client, program_admin, tree, program, targets):
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    data = loaded_form(client, url)
    data[cell(tree["a"], targets["1"])] = "12a"
    data[cell(tree["b"], targets["1"])] = "1.234"
    data[cell(tree["b"], targets["2"])] = "2,5"
    response = client.post(url, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[cell(tree["a"], targets["1"])] == [
        "“12a” không phải là một số. Hãy nhập chữ số, ví dụ 1.500 hoặc 7,5."
    ]
    assert "số nguyên" in form.errors[cell(tree["b"], targets["2"])][0]
    assert 'value="1.234"' in response.content.decode()
    assert not Allocation.objects.exists()


def test_blanking_a_cell_takes_the_share_back(client, program_admin, tree, program, targets):
    AllocationFactory(target=targets["1"], unit=tree["a"], year=2025, value=600)
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    data = loaded_form(client, url)
    data[cell(tree["a"], targets["1"])] = ""
    client.post(url, data)
    assert not Allocation.objects.exists()
    changes = client.get(url).context["changes"]
    assert [(c.unit, c.old, c.new, c.who) for c in changes] == [
        (tree["a"], 600, None, program_admin.get_full_name()),
        (tree["a"], None, 600, ""),
    ]


def test_two_people_saving_the_grid_never_overwrite_each_other(client, program_admin, tree, program, targets):
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    mine = loaded_form(client, url)
    # Meanwhile someone else gives A 700 and B 400 of target 1.
    AllocationFactory(target=targets["1"], unit=tree["a"], year=2025, value=700)
    AllocationFactory(target=targets["1"], unit=tree["b"], year=2025, value=400)

    mine[cell(tree["a"], targets["1"])] = "800"  # the same cell as the other person's
    mine[cell(tree["a"], targets["2"])] = "300"
    response = client.post(url, mine)
    assert response.status_code == 409
    form = response.context["form"]
    assert form.errors[cell(tree["a"], targets["1"])][0].startswith("Người khác vừa sửa ô này (nay là 700)")
    assert form[cell(tree["a"], targets["1"])].value() == "800"  # what I typed is still there
    assert form[cell(tree["b"], targets["1"])].value() == "400"  # and the other person's cell is theirs
    assert Allocation.objects.get(unit=tree["a"], target=targets["1"]).value == 700
    assert not Allocation.objects.filter(target=targets["2"]).exists()  # all or none

    # Saving again, having seen the conflict, is a decision: my 800 stands, B's 400 is left alone.
    again = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url, again).status_code == 302
    values = {(a.unit, a.target.label): a.value for a in Allocation.objects.all()}
    assert values == {(tree["a"], "1"): 800, (tree["b"], "1"): 400, (tree["a"], "2"): 300}


def test_cells_someone_else_changed_that_i_did_not_touch_keep_their_value(
    client, program_admin, tree, program, targets
):
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    mine = loaded_form(client, url)
    AllocationFactory(target=targets["1"], unit=tree["b"], year=2025, value=400)
    mine[cell(tree["a"], targets["1"])] = "800"
    assert client.post(url, mine).status_code == 302
    assert {a.unit: a.value for a in Allocation.objects.all()} == {tree["a"]: 800, tree["b"]: 400}


def test_a_commune_hands_its_own_share_down_to_its_branches(client, tree, program, targets):
    """The commune's approver allocates among its branches, against what the commune was given."""
    approver = UserFactory(username="commune-approver")
    MembershipFactory(user=approver, organisation=tree["a"], role=Membership.Role.APPROVER)
    AllocationFactory(target=targets["1"], unit=tree["a"], year=2025, value=600)
    client.force_login(approver)
    response = client.get(grid_url(program, tree["a"]))
    assert response.status_code == 200
    assert [row.unit for row in response.context["grid"].rows] == [tree["branch"]]
    assert [c.parent_value for c in response.context["grid"].columns] == [600, None]
    assert "Chưa được giao" in response.content.decode()
    data = loaded_form(client, grid_url(program, tree["a"]))
    data[cell(tree["branch"], targets["1"])] = "250"
    assert client.post(grid_url(program, tree["a"]), data).status_code == 302
    assert Allocation.objects.get(unit=tree["branch"]).value == 250
    # Its own share is the province's to give: the province's grid is not the commune's.
    assert client.get(grid_url(program, tree["root"])).status_code == 403
    program_page = client.get(reverse("programs:detail", args=[program.slug])).content.decode()
    assert grid_url(program, tree["a"], year=2026) in program_page


def test_who_may_open_the_grid(client, tree, program, reporter, board_viewer, approver, outsider, program_admin):
    url = grid_url(program, tree["root"])
    for user, status in [(reporter, 403), (board_viewer, 403), (outsider, 404), (approver, 200), (program_admin, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.get(grid_url(program, tree["root"], excel=True)).status_code == status, user
    client.force_login(board_viewer)
    assert client.post(url, {}).status_code == 403
    client.force_login(program_admin)
    assert client.get(grid_url(program, tree["root"], year=2031)).status_code == 404  # outside the program
    other = OrganisationFactory()
    assert client.get(grid_url(program, other)).status_code == 404  # another province's unit
    assert not Allocation.objects.exists()


def _filled(client, url, rows):
    book = load_workbook(io.BytesIO(client.get(url).content))
    sheet = book["Giao chỉ tiêu"]
    for address, value in rows.items():
        sheet[address] = value
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    output.name = "giao-chi-tieu.xlsx"
    return output


def test_the_grid_goes_to_excel_and_comes_back_onto_the_grid_before_it_is_saved(
    client, program_admin, tree, program, targets
):
    AllocationFactory(target=targets["1"], unit=tree["b"], year=2025, value=500)
    client.force_login(program_admin)
    excel = grid_url(program, tree["root"], excel=True)
    book = load_workbook(io.BytesIO(client.get(excel).content))
    sheet = book["Giao chỉ tiêu"]
    assert [c.value for c in sheet[1]][:3] == ["Mã đơn vị", "Đơn vị", "1. Kết nạp hội viên mới (người)"]
    assert [c.value for c in sheet[2]][2:] == [1500, 1000]
    assert [c.value for c in sheet[3]][:3] == [tree["a"].code, "Hội Nông dân xã A", None]
    assert [c.value for c in sheet[4]][:3] == [tree["b"].code, "Hội Nông dân xã B", 500]
    assert (sheet["C5"].value, sheet["D5"].value) == ("=SUM(C3:C4)", "=SUM(D3:D4)")

    url = grid_url(program, tree["root"])
    response = client.post(url, {"file": _filled(client, excel, {"C3": 900, "D4": "1.200", "C4": None})})
    assert response.status_code == 200
    form = response.context["form"]
    assert form[cell(tree["a"], targets["1"])].value() == "900"
    assert form[cell(tree["b"], targets["2"])].value() == "1.200"
    assert form[cell(tree["b"], targets["1"])].value() == ""
    assert [t.value for t in response.context["totals"]] == [900, 1200]
    assert Allocation.objects.get().value == 500  # nothing saved until the person says so
    client.post(url, {name: form[name].value() or "" for name in form.fields})
    values = {(a.unit, a.target.label): a.value for a in Allocation.objects.all()}
    assert values == {(tree["a"], "1"): 900, (tree["b"], "2"): 1200}


def test_an_uploaded_sheet_with_bad_cells_names_each_one_and_changes_nothing(
    client, program_admin, tree, program, targets
):
    client.force_login(program_admin)
    excel, url = grid_url(program, tree["root"], excel=True), grid_url(program, tree["root"])
    upload = _filled(client, excel, {"C3": "nhiều", "D4": "2,5", "A6": "XA-KHAC", "C6": 5})
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert response.context["problems"] == [
        "Ô C3 (Hội Nông dân xã A, mục tiêu 1): “nhiều” không phải là một số. Hãy nhập chữ số, ví dụ 1.500 hoặc 7,5.",
        "Ô D4 (Hội Nông dân xã B, mục tiêu 2): Chỉ tiêu này đếm số nguyên, không có phần thập phân"
        " (1.500 là một nghìn năm trăm).",
        "Ô A6: “XA-KHAC” không phải mã của đơn vị cấp dưới nào trong bảng này.",
    ]
    assert not Allocation.objects.exists()


def test_a_sheet_for_another_year_or_not_a_workbook_is_refused(client, program_admin, tree, program):
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    other_year = _filled(client, grid_url(program, tree["root"], year=2026, excel=True), {"C3": 10})
    problems = client.post(url, {"file": other_year}).context["problems"]
    assert problems == ["Tệp này là bảng giao chỉ tiêu có “Năm” là 2026, không phải 2025 của bảng này."]
    not_excel = io.BytesIO(b"plain text")
    not_excel.name = "a.xlsx"
    assert client.post(url, {"file": not_excel}).context["problems"] == [
        "Không đọc được tệp: hãy lưu tệp dưới dạng Excel (.xlsx) rồi tải lên lại."
    ]
    empty = Workbook()
    content = io.BytesIO()
    empty.save(content)
    content.seek(0)
    content.name = "b.xlsx"
    assert client.post(url, {"file": content}).context["problems"] == ["Tệp không có trang “Giao chỉ tiêu”."]


def test_the_grid_reads_a_fixed_number_of_queries(
    client, program_admin, tree, program, targets, django_assert_max_num_queries
):
    client.force_login(program_admin)
    url = grid_url(program, tree["root"])
    client.get(url)
    for index in range(30):
        unit = OrganisationFactory(parent=tree["root"], name=f"Xã {index}")
        AllocationFactory(target=targets["1"], unit=unit, year=2025, value=10)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200
