"""The "Đơn vị" pages: a program admin manages their own province's units, people and roles."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organisations.models import Membership, Organisation, UnitImport
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.organisations.workbooks import APPROVER, BRANCH, person, unit, xlsx

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client(client, program_admin):
    client.force_login(program_admin)
    return client


def url(name, tree, **kwargs):
    return reverse(f"organisations:{name}", kwargs={"province": tree["province"].code, **kwargs})


def _pages(tree, someone):
    upload = UnitImport.objects.create(owner=someone, province=tree["province"], file_name="a.xlsx", content=b"x")
    unit_id, user_id = tree["a"].pk, someone.pk
    membership = someone.memberships.first()
    return [
        url("tree", tree),
        url("unit_create", tree),
        url("unit_edit", tree, unit_id=unit_id),
        url("unit_retire", tree, unit_id=unit_id),
        url("people", tree),
        url("person_create", tree),
        url("person", tree, user_id=user_id),
        url("role_add", tree, user_id=user_id),
        url("role_remove", tree, user_id=user_id, membership_id=membership.pk),
        url("person_deactivate", tree, user_id=user_id),
        url("workbook", tree),
        url("import_upload", tree),
        url("import_review", tree, import_id=upload.pk),
    ]


@pytest.mark.parametrize("role", ["reporter", "approver", "board_viewer"])
def test_people_of_the_province_without_the_admin_role_are_refused(client, request, tree, role):
    someone = request.getfixturevalue(role)
    client.force_login(someone)
    assert client.get(reverse("organisations:index")).status_code == 403
    for page in _pages(tree, someone):
        assert client.get(page).status_code in (403, 405), page
        assert client.post(page).status_code == 403, page
    assert Membership.objects.filter(user=someone).exists()


def test_the_program_admin_opens_every_page(admin_client, tree, program_admin, reporter):
    admin_client.get(url("tree", tree))
    for page in _pages(tree, reporter):
        if "vai-tro" in page or "ngung/" in page:
            continue  # actions: POST only
        if "nhap-tu-excel/" in page and page.rstrip("/").split("/")[-1].isdigit():
            continue  # someone else's upload: a 404, tested below
        assert admin_client.get(page).status_code == 200, page


def test_the_navigation_links_program_admins_to_their_province(admin_client, tree):
    page = admin_client.get(reverse("programs:list")).content.decode()
    assert reverse("organisations:index") in page
    response = admin_client.get(reverse("organisations:index"))
    assert response.status_code == 302 and response.url == url("tree", tree)


def test_reporters_see_no_link_to_the_unit_pages(client, reporter):
    client.force_login(reporter)
    assert reverse("organisations:index") not in client.get(reverse("programs:list")).content.decode()


def test_someone_elses_upload_is_a_404(admin_client, tree, reporter):
    upload = UnitImport.objects.create(owner=reporter, province=tree["province"], file_name="a.xlsx", content=b"x")
    assert admin_client.get(url("import_review", tree, import_id=upload.pk)).status_code == 404


def test_a_unit_of_another_province_is_a_404_even_under_ones_own_province(admin_client, tree, outsider):
    other = outsider.memberships.get().organisation
    assert admin_client.get(url("unit_edit", tree, unit_id=other.pk)).status_code == 404
    assert (
        admin_client.post(url("unit_retire", tree, unit_id=other.pk), {"retired_on": "01/07/2025"}).status_code == 404
    )
    assert admin_client.get(url("person", tree, user_id=outsider.pk)).status_code == 404
    other.refresh_from_db()
    assert other.retired_on is None


def test_the_tree_page_runs_a_fixed_number_of_queries(admin_client, tree, django_assert_max_num_queries):
    def grow(communes):
        for n in range(communes):
            commune = OrganisationFactory(parent=tree["root"], name=f"Xã {n}")
            for b in range(10):
                OrganisationFactory(parent=commune, kind=Organisation.Kind.BRANCH, name=f"Chi Hội {b}")

    grow(2)
    with django_assert_max_num_queries(7):
        small = admin_client.get(url("tree", tree))
    grow(30)
    with django_assert_max_num_queries(7):
        large = admin_client.get(url("tree", tree))
    commune = Organisation.objects.get(name="Xã 29")
    with django_assert_max_num_queries(9):
        one = admin_client.get(url("tree", tree) + f"?goc={commune.pk}")
    assert small.status_code == large.status_code == one.status_code == 200
    # The top of the province and the level below: the province association, 34 communes, the board.
    assert large.content.decode().count('data-testid="unit-') == 1 + 34 + 1
    assert "10 đơn vị cấp dưới" in large.content.decode()
    assert one.content.decode().count('data-testid="unit-') == 1 + 10


def test_the_tree_opens_a_level_at_a_time_and_finds_units_anywhere(admin_client, tree):
    top = admin_client.get(url("tree", tree)).content.decode()
    assert "Hội Nông dân xã A" in top and "Chi Hội thôn 1" not in top
    commune = admin_client.get(url("tree", tree) + f"?goc={tree['a'].pk}").content.decode()
    assert "Chi Hội thôn 1" in commune and "Hội Nông dân xã B" not in commune
    assert 'class="breadcrumb-item active" aria-current="page">Hội Nông dân xã A<' in commune
    found = admin_client.get(url("tree", tree) + "?q=thôn").content.decode()
    assert "Chi Hội thôn 1" in found and "Hội Nông dân xã A" not in found
    assert admin_client.get(url("tree", tree) + "?goc=999999").status_code == 404


def test_the_people_page_runs_a_fixed_number_of_queries(admin_client, tree, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            MembershipFactory(organisation=tree["a"])
            MembershipFactory(organisation=tree["b"], role=Membership.Role.APPROVER)

    grow(2)
    with django_assert_max_num_queries(9):
        admin_client.get(url("people", tree))
    grow(40)
    with django_assert_max_num_queries(9):
        page = admin_client.get(url("people", tree)).content.decode()
    assert page.count('data-testid="person-') == 50


# Units ------------------------------------------------------------------------------------------


def test_adding_a_unit_below_another(admin_client, tree, program_admin):
    response = admin_client.post(
        url("unit_create", tree),
        {"code": "cl-01", "name": "Chi Hội thôn Bản Quyền", "parent": tree["a"].pk, "kind": "branch"},
    )
    assert response.status_code == 302
    branch = Organisation.objects.get(code="CL-01")
    assert branch.parent == tree["a"] and branch.path.startswith(tree["a"].path)
    assert branch.history.get().history_user == program_admin


def test_adding_a_unit_with_a_code_already_used_in_the_province_is_refused(admin_client, tree):
    response = admin_client.post(
        url("unit_create", tree),
        {"code": tree["b"].code.lower(), "name": "Xã C", "parent": tree["root"].pk, "kind": "commune_association"},
    )
    assert response.status_code == 400
    assert "Tỉnh này đã có đơn vị mang mã này." in response.content.decode()
    assert 'value="Xã C"' in response.content.decode()  # nothing typed is lost


def test_a_branch_cannot_be_put_under_a_branch(admin_client, tree):
    response = admin_client.post(
        url("unit_create", tree), {"code": "X", "name": "Chi Hội con", "parent": tree["branch"].pk, "kind": "branch"}
    )
    assert response.status_code == 400
    assert "“Chi Hội” không thể nằm dưới “Chi Hội”." in response.content.decode()


def _edit_data(unit, **changes):
    page = {"code": unit.code, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind}
    page["parent"] = unit.parent_id or ""
    return {**page, **changes}


def _version(client, page):
    return client.get(page).context["form"]["history_version"].value()


def test_moving_a_unit_moves_its_subtree(admin_client, tree):
    branch = tree["branch"]
    group = OrganisationFactory(parent=branch, kind=Organisation.Kind.GROUP, name="Tổ Hội 1")
    page = url("unit_edit", tree, unit_id=branch.pk)
    data = _edit_data(branch, parent=tree["b"].pk, history_version=_version(admin_client, page))
    assert admin_client.post(page, data).status_code == 302
    group.refresh_from_db()
    assert group.path == f"{tree['b'].path}{branch.pk:08d}/{group.pk:08d}/"


def test_two_admins_editing_the_same_unit_never_overwrite_each_other(admin_client, client, tree, program_admin):
    other_admin = UserFactory(username="admin2")
    MembershipFactory(user=other_admin, organisation=tree["root"], role=Membership.Role.PROGRAM_ADMIN)
    client.force_login(other_admin)
    unit = tree["a"]
    page = url("unit_edit", tree, unit_id=unit.pk)
    mine, theirs = _version(admin_client, page), _version(client, page)
    assert client.post(page, _edit_data(unit, name="Tên của người kia", history_version=theirs)).status_code == 302
    response = admin_client.post(page, _edit_data(unit, name="Tên của tôi", history_version=mine))
    assert response.status_code == 400
    assert "đã sửa bản ghi này" in response.content.decode() and "Tên của tôi" in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "Tên của người kia"


def test_retiring_a_unit_with_active_units_below_asks_for_a_merge(admin_client, tree):
    page = url("unit_retire", tree, unit_id=tree["a"].pk)
    response = admin_client.post(page, {"retired_on": "01/07/2025", "history_version": _version(admin_client, page)})
    assert response.status_code == 400
    assert "Đơn vị còn đơn vị cấp dưới đang hoạt động" in response.content.decode()
    tree["a"].refresh_from_db()
    assert tree["a"].retired_on is None


def test_merging_a_unit_moves_its_active_units_and_keeps_its_history(admin_client, tree, reporter):
    a, b, branch = tree["a"], tree["b"], tree["branch"]
    page = url("unit_retire", tree, unit_id=a.pk)
    data = {"retired_on": "01/07/2025", "merged_into": b.pk, "history_version": _version(admin_client, page)}
    response = admin_client.post(page, data, follow=True)
    assert "Hội Nông dân xã A đã sáp nhập vào Hội Nông dân xã B; 1 đơn vị cấp dưới chuyển sang đó." in (
        response.content.decode()
    )
    a.refresh_from_db()
    branch.refresh_from_db()
    assert (a.retired_on, a.merged_into, branch.parent) == (datetime.date(2025, 7, 1), b, b)
    assert reporter.memberships.get().organisation == a
    assert a.history.first().retired_on == datetime.date(2025, 7, 1)


def test_a_retired_unit_can_be_made_active_again(admin_client, tree):
    b = tree["b"]
    b.retired_on = datetime.date(2025, 7, 1)
    b.save()
    response = admin_client.post(url("unit_retire", tree, unit_id=b.pk), {"action": "reactivate"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.retired_on is None


# People -----------------------------------------------------------------------------------------


def test_adding_a_person_mails_them_a_link_to_set_their_password(
    admin_client, tree, django_capture_on_commit_callbacks
):
    data = {"full_name": "Hoàng Thị Mai", "email": "Mai@Example.vn", "organisation": tree["a"].pk, "role": "reporter"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("person_create", tree), data)
    mai = User.objects.get(email="mai@example.vn")
    assert response.status_code == 302 and response.url == url("person", tree, user_id=mai.pk)
    assert (mai.username, mai.get_full_name(), mai.has_usable_password()) == ("mai@example.vn", "Hoàng Thị Mai", False)
    assert mai.memberships.get().organisation == tree["a"]
    assert [m.to for m in mail.outbox] == [["mai@example.vn"]] and "/accounts/reset/" in mail.outbox[0].body


def test_adding_someone_who_has_an_account_gives_them_the_role(admin_client, tree, outsider):
    outsider.email = "outsider@example.vn"
    outsider.save()
    data = {"full_name": "X", "email": "OUTSIDER@example.vn", "organisation": tree["b"].pk, "role": "approver"}
    admin_client.post(url("person_create", tree), data)
    assert outsider.memberships.filter(organisation=tree["b"], role="approver").exists()
    assert User.objects.filter(email__iexact="outsider@example.vn").count() == 1


def test_editing_a_person_and_a_stale_edit(admin_client, tree, reporter):
    page = url("person", tree, user_id=reporter.pk)
    loaded = admin_client.get(page).context["form"]["loaded"].value()
    data = {"full_name": "Hoàng Văn Nam", "email": "nam@example.vn", "loaded": loaded}
    assert admin_client.post(page, data).status_code == 302
    reporter.refresh_from_db()
    assert (reporter.first_name, reporter.last_name, reporter.email) == ("Hoàng Văn", "Nam", "nam@example.vn")
    response = admin_client.post(page, {**data, "full_name": "Tên cũ đè lên"})
    assert response.status_code == 400 and "Người khác đã sửa thông tin người này" in response.content.decode()


def test_a_person_with_roles_elsewhere_keeps_their_account_but_roles_here_are_managed(admin_client, tree, outsider):
    MembershipFactory(user=outsider, organisation=tree["a"])
    page = url("person", tree, user_id=outsider.pk)
    assert admin_client.get(page).context["form"] is None
    assert admin_client.post(page, {"full_name": "Đổi tên", "email": "x@example.vn"}).status_code == 403
    admin_client.post(url("role_add", tree, user_id=outsider.pk), {"organisation": tree["b"].pk, "role": "reporter"})
    assert outsider.memberships.filter(organisation__province=tree["province"]).count() == 2


def test_roles_are_added_and_removed(admin_client, tree, reporter):
    admin_client.post(url("role_add", tree, user_id=reporter.pk), {"organisation": tree["root"].pk, "role": "approver"})
    assert reporter.memberships.count() == 2
    membership = reporter.memberships.get(role="reporter")
    admin_client.post(url("role_remove", tree, user_id=reporter.pk, membership_id=membership.pk))
    assert list(reporter.memberships.values_list("role", flat=True)) == ["approver"]
    assert membership.history.filter(history_type="-").exists()


def test_an_admin_cannot_remove_their_own_admin_role(admin_client, tree, program_admin):
    membership = program_admin.memberships.get()
    response = admin_client.post(
        url("role_remove", tree, user_id=program_admin.pk, membership_id=membership.pk), follow=True
    )
    assert "không thể tự bỏ vai trò quản trị" in response.content.decode()
    assert program_admin.memberships.exists()


def test_deactivating_a_person_removes_their_roles_and_closes_the_account(admin_client, tree, reporter):
    response = admin_client.post(url("person_deactivate", tree, user_id=reporter.pk))
    assert response.status_code == 302 and response.url == url("people", tree)
    reporter.refresh_from_db()
    assert not reporter.memberships.exists() and not reporter.is_active


def test_granting_the_admin_role_opens_the_admin_site_and_removing_it_closes_it(admin_client, tree, reporter):
    admin_client.post(
        url("role_add", tree, user_id=reporter.pk), {"organisation": tree["root"].pk, "role": "program_admin"}
    )
    reporter.refresh_from_db()
    assert reporter.is_staff and reporter.has_perm("programs.change_program")
    membership = reporter.memberships.get(role="program_admin")
    admin_client.post(url("role_remove", tree, user_id=reporter.pk, membership_id=membership.pk))
    reporter = User.objects.get(pk=reporter.pk)
    assert not reporter.is_staff and not reporter.has_perm("programs.change_program")


# The workbook -----------------------------------------------------------------------------------


def test_upload_dry_run_then_confirm(admin_client, tree, django_capture_on_commit_callbacks):
    root = tree["root"].code
    bad = xlsx(units=[unit("CL", "Hội Nông dân xã Cao Lộc", root), unit("CL-01", "Chi Hội", "KHONG", kind=BRANCH)])
    response = admin_client.post(url("import_upload", tree), {"file": _upload(bad, "don-vi.xlsx")}, follow=True)
    page = response.content.decode()
    assert "Tệp có 1 lỗi. Chưa có gì thay đổi" in page
    assert "Trang Đơn vị, dòng 3, cột D (Mã đơn vị cấp trên): «KHONG»" in page
    assert "Xác nhận" not in page
    assert not Organisation.objects.filter(code="CL").exists()

    good = xlsx(
        units=[unit("CL", "Hội Nông dân xã Cao Lộc", root), unit("CL-01", "Chi Hội", "CL", kind=BRANCH)],
        people=[person("Hoàng Thị Mai", "mai@example.vn", "CL-01", APPROVER)],
    )
    response = admin_client.post(url("import_upload", tree), {"file": _upload(good, "don-vi.xlsx")}, follow=True)
    page = response.content.decode()
    assert "2 đơn vị mới" in page and "1 người mới" in page and not Organisation.objects.filter(code="CL").exists()
    assert UnitImport.objects.count() == 1  # the first upload is gone
    review = response.redirect_chain[-1][0]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(review, {"digest": response.context["plan"].digest}, follow=True)
    assert "Đã nhập: 2 đơn vị mới" in done.content.decode()
    assert Organisation.objects.get(code="CL-01").parent.code == "CL"
    assert [m.to for m in mail.outbox] == [["mai@example.vn"]]
    assert not UnitImport.objects.exists()


def test_a_confirmation_of_an_outdated_dry_run_shows_the_new_one(admin_client, tree):
    good = xlsx(units=[unit("CL", "Hội Nông dân xã Cao Lộc", tree["root"].code)])
    response = admin_client.post(url("import_upload", tree), {"file": _upload(good, "a.xlsx")}, follow=True)
    OrganisationFactory(parent=tree["root"], code="CL", name="Đã có người thêm")
    conflict = admin_client.post(response.redirect_chain[-1][0], {"digest": response.context["plan"].digest})
    assert conflict.status_code == 409
    assert "chưa ghi gì" in conflict.content.decode()
    assert Organisation.objects.get(code="CL").name == "Đã có người thêm"


def test_only_xlsx_files_are_taken(admin_client, tree):
    response = admin_client.post(url("import_upload", tree), {"file": _upload(b"a,b", "don-vi.csv")})
    assert response.status_code == 400 and "Hãy chọn tệp Excel .xlsx" in response.content.decode()


def test_the_template_download(admin_client, tree):
    response = admin_client.get(url("workbook", tree))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="don-vi-nguoi-dung-lang-son.xlsx"' in response["Content-Disposition"]


def _upload(content: bytes, name: str):
    return SimpleUploadedFile(name, content)
