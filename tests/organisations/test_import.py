"""A province's units and people from one workbook: good, bad and repeated files."""

import datetime
import io
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from organisations.imports import PlanChanged, import_apply, import_plan
from organisations.models import Membership, Organisation
from organisations.workbook import GUIDE_SHEET, LISTS_SHEET, PEOPLE_SHEET, UNITS_SHEET, workbook_write
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.organisations.workbooks import ADMIN, APPROVER, BRANCH, person, rows, unit, xlsx

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def good_file(tree):
    """Two communes under the province association, three branches, three people."""
    root = tree["root"].code
    return xlsx(
        units=[
            unit("CL", "Hội Nông dân xã Cao Lộc", root),
            unit("CL-01", "Chi Hội thôn Bản Quyền", "CL", kind=BRANCH),
            unit("CL-02", "Chi Hội nghề nghiệp trồng na", "cl", kind=BRANCH, professional="có"),
            unit("HL", "Hội Nông dân xã Hữu Lũng", root, short_name="Hữu Lũng"),
            unit("HL-01", "Chi Hội thôn Đồng Tân", "HL", kind=BRANCH),
        ],
        people=[
            person("Hoàng Thị Mai", "Mai.Hoang@example.vn", "CL"),
            person("Hoàng Thị Mai", "mai.hoang@example.vn", "CL-01", APPROVER),
            person("Nông Văn Tùng", "tung@example.vn", "HL-01", username="tung"),
            person("Lương Văn Hòa", "hoa@example.vn", root, APPROVER),
        ],
    )


def _apply(province, content, by, capture):
    plan = import_plan(province=province, content=content, by=by)
    assert plan.problems == []
    with capture(execute=True):
        import_apply(province=province, content=content, by=by, digest=plan.digest)
    return plan


def _snapshot():
    units = sorted(Organisation.objects.values_list("code", "name", "parent__code", "path", "retired_on"))
    people = sorted(User.objects.values_list("username", "email", "first_name", "last_name", "is_active"))
    roles = sorted(Membership.objects.values_list("user__username", "organisation__code", "role"))
    return units, people, roles


def test_the_template_holds_the_province_as_it_is_with_lists_and_a_guide(tree, reporter):
    reporter.email = "reporter@example.vn"
    reporter.save()
    content = workbook_write(province=tree["province"])
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [GUIDE_SHEET, UNITS_SHEET, PEOPLE_SHEET, LISTS_SHEET]
    guide = "\n".join(str(row[0]) for row in book[GUIDE_SHEET].iter_rows(values_only=True) if row[0])
    assert "Nhập lại cùng một tệp không thay đổi gì" in guide
    assert "Lạng Sơn" in guide
    units = rows(content, UNITS_SHEET)
    assert [u[0] for u in units] == [o.code for o in Organisation.objects.filter(province=tree["province"])]
    branch = next(u for u in units if u[1] == "Chi Hội thôn 1")
    assert branch[3] == tree["a"].code and branch[4] == "Chi Hội"
    assert rows(content, PEOPLE_SHEET) == [
        [reporter.get_full_name(), "reporter@example.vn", "reporter", tree["a"].code, "Cán bộ nhập số liệu"]
    ]
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in book[UNITS_SHEET].data_validations.dataValidation}
    assert validations["E2"] == "'Danh mục'!$A$2:$A$11"
    people_validations = [v.formula1 for v in book[PEOPLE_SHEET].data_validations.dataValidation]
    assert people_validations == ["'Danh mục'!$B$2:$B$5"]
    kinds = [row[0] for row in book[LISTS_SHEET].iter_rows(min_row=2, values_only=True) if row[0]]
    assert "Chi Hội" in kinds and "Trung ương Hội" not in kinds


def test_a_name_like_a_formula_stays_text_in_the_template(tree):
    tree["b"].name = '=HYPERLINK("http://x")'
    tree["b"].save()
    book = load_workbook(io.BytesIO(workbook_write(province=tree["province"])))
    cell = next(row[1] for row in book[UNITS_SHEET].iter_rows(min_row=2) if row[0].value == tree["b"].code)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_a_good_file_builds_the_tree_and_the_people(tree, program_admin, good_file, django_capture_on_commit_callbacks):
    plan = _apply(tree["province"], good_file, program_admin, django_capture_on_commit_callbacks)
    assert (len(plan.units_new), len(plan.units_changed), len(plan.people_new), plan.roles_added) == (5, 0, 3, 4)

    commune = Organisation.objects.get(code="CL")
    assert commune.parent == tree["root"] and commune.kind == Organisation.Kind.COMMUNE_ASSOCIATION
    branch = Organisation.objects.get(code="CL-02")
    assert branch.professional and branch.path == f"{commune.path}{branch.pk:08d}/"
    assert set(Organisation.objects.subtree(commune).values_list("code", flat=True)) == {"CL", "CL-01", "CL-02"}
    assert Organisation.objects.get(code="HL").short_name == "Hữu Lũng"
    assert branch.history.get().history_user == program_admin

    mai = User.objects.get(email="mai.hoang@example.vn")
    assert (mai.username, mai.first_name, mai.last_name) == ("mai.hoang@example.vn", "Hoàng Thị", "Mai")
    assert not mai.has_usable_password()
    assert sorted(mai.memberships.values_list("organisation__code", "role")) == [
        ("CL", "reporter"),
        ("CL-01", "approver"),
    ]
    assert User.objects.get(email="tung@example.vn").username == "tung"
    # Each new person gets one mail with a link to choose a password; nobody's password is in a file.
    assert sorted(m.to[0] for m in mail.outbox) == ["hoa@example.vn", "mai.hoang@example.vn", "tung@example.vn"]
    assert all("/accounts/reset/" in m.body for m in mail.outbox)


def test_the_mailed_link_lets_a_new_person_choose_a_password_and_sign_in(
    client, tree, program_admin, good_file, django_capture_on_commit_callbacks
):
    _apply(tree["province"], good_file, program_admin, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["tung@example.vn"])
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert "Đặt mật khẩu" in form_page.content.decode()
    password = "Na-Chi-Lang-2025"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}, follow=True
    )
    assert "Mật khẩu đã được lưu" in done.content.decode()
    client.logout()
    signed_in = client.post(reverse("login"), {"username": "tung", "password": password})
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")


def test_importing_the_same_file_again_changes_nothing(
    tree, program_admin, good_file, django_capture_on_commit_callbacks
):
    _apply(tree["province"], good_file, program_admin, django_capture_on_commit_callbacks)
    before = _snapshot()
    mail.outbox.clear()
    plan = import_plan(province=tree["province"], content=good_file, by=program_admin)
    assert plan.problems == [] and not plan.has_changes
    with django_capture_on_commit_callbacks(execute=True):
        import_apply(province=tree["province"], content=good_file, by=program_admin, digest=plan.digest)
    assert _snapshot() == before
    assert mail.outbox == []


def test_the_downloaded_template_imports_back_without_changes(
    tree, program_admin, good_file, django_capture_on_commit_callbacks
):
    _apply(tree["province"], good_file, program_admin, django_capture_on_commit_callbacks)
    plan = import_plan(province=tree["province"], content=workbook_write(province=tree["province"]), by=program_admin)
    assert plan.problems == [] and not plan.has_changes


def test_a_changed_file_updates_and_never_duplicates(
    tree, program_admin, good_file, django_capture_on_commit_callbacks
):
    _apply(tree["province"], good_file, program_admin, django_capture_on_commit_callbacks)
    root = tree["root"].code
    changed = xlsx(
        units=[
            unit("CL", "Hội Nông dân xã Cao Lộc (mới)", root),
            unit("CL-01", "Chi Hội thôn Bản Quyền", "HL", kind=BRANCH),  # moved to Hữu Lũng
            unit("HL", "Hội Nông dân xã Hữu Lũng", root),  # short name cleared
        ],
        people=[
            person("Hoàng Thị Mai", "mai.hoang@example.vn", "CL", APPROVER),  # reporter → approver
            person("Nông Văn Tùng", "tung@example.vn", "HL-01", username="tung"),
        ],
    )
    plan = _apply(tree["province"], changed, program_admin, django_capture_on_commit_callbacks)
    assert (len(plan.units_new), len(plan.units_changed), len(plan.people_new)) == (0, 3, 0)
    assert plan.roles_added == 1 and plan.roles_removed == 2

    assert Organisation.objects.filter(code="CL").get().name == "Hội Nông dân xã Cao Lộc (mới)"
    moved = Organisation.objects.get(code="CL-01")
    hl = Organisation.objects.get(code="HL")
    assert moved.parent == hl and moved.path == f"{hl.path}{moved.pk:08d}/"
    assert hl.short_name == ""
    assert Organisation.objects.filter(province=tree["province"]).count() == 5 + 5
    assert User.objects.filter(email="mai.hoang@example.vn").count() == 1
    mai = User.objects.get(email="mai.hoang@example.vn")
    assert list(mai.memberships.values_list("organisation__code", "role")) == [("CL", "approver")]
    # Lương Văn Hòa is not in the changed file: untouched.
    assert User.objects.get(email="hoa@example.vn").memberships.count() == 1


def test_every_problem_is_listed_by_sheet_row_column_value_and_reason(tree, program_admin):
    root = tree["root"].code
    bad = xlsx(
        units=[
            unit("", "Xã không mã", root),
            unit("X1", "", "KHONG-CO", kind="Huyện"),
            unit("X2", "Xã Hai", root, retired_on="31/02/2025"),
            unit("X2", "Xã Hai lần nữa", root),
            unit("B1", "Chi Hội", "X2", kind=BRANCH, professional="hình như"),
            unit("X 3", "Xã có dấu cách trong mã", root, professional="có"),
            unit("G1", "Chi Hội dưới chi Hội", "B1", kind=BRANCH),
        ],
        people=[
            person("", "khong-phai-email", "KHONG-CO", "Chủ tịch"),
            person("Lò Văn Pành", "panh@example.vn", "X1"),
            person("Lò Văn Pành khác", "PANH@example.vn", "X1"),
        ],
    )
    plan = import_plan(province=tree["province"], content=bad, by=program_admin)
    found = [(p.sheet, p.row, p.column.split(" ")[0], p.value, p.message) for p in plan.problems]
    assert found == [
        ("Đơn vị", 2, "A", "", "Ô này không được để trống."),
        ("Đơn vị", 3, "B", "", "Ô này không được để trống."),
        ("Đơn vị", 3, "D", "KHONG-CO", "Không có đơn vị mang mã này, trong tệp hay trong tỉnh."),
        ("Đơn vị", 3, "E", "Huyện", "Loại đơn vị không có trong danh sách."),
        ("Đơn vị", 4, "G", "31/02/2025", "Ngày không đúng: ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025."),
        ("Đơn vị", 5, "A", "X2", "Mã này đã có ở dòng 4."),
        ("Đơn vị", 6, "F", "hình như", "Ghi “có” hoặc để trống."),
        ("Đơn vị", 7, "A", "X 3", "Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (không có dấu cách)."),
        ("Đơn vị", 7, "F", "có", "Chỉ chi Hội và tổ Hội mới có thể là nghề nghiệp."),
        ("Đơn vị", 8, "E", "Chi Hội", "“Chi Hội” không thể nằm dưới “Chi Hội”."),
        ("Người dùng", 2, "A", "", "Ô này không được để trống."),
        ("Người dùng", 2, "B", "khong-phai-email", "Email không đúng."),
        ("Người dùng", 2, "D", "KHONG-CO", "Không có đơn vị mang mã này, trong tệp hay trong tỉnh."),
        ("Người dùng", 2, "E", "Chủ tịch", "Vai trò không có trong danh sách."),
        ("Người dùng", 4, "A", "Lò Văn Pành khác", "Khác họ tên ở dòng 3 của cùng email."),
    ]
    with pytest.raises(PlanChanged):
        import_apply(province=tree["province"], content=bad, by=program_admin, digest=plan.digest)
    assert not Organisation.objects.filter(code__in=["X1", "X2", "B1"]).exists()


def test_one_bad_row_among_many_good_ones_writes_nothing(tree, program_admin):
    root = tree["root"].code
    units = [unit(f"X{n:02}", f"Xã {n}", root) for n in range(50)]
    units.append(unit("B1", "Chi Hội dưới đơn vị không có", "X99", kind=BRANCH))
    content = xlsx(units=units, people=[person("Lò Văn Pành", "panh@example.vn", "X01")])
    before = _snapshot()
    plan = import_plan(province=tree["province"], content=content, by=program_admin)
    assert [(p.row, p.value) for p in plan.problems] == [(52, "X99")]
    with pytest.raises(PlanChanged):
        import_apply(province=tree["province"], content=content, by=program_admin, digest=plan.digest)
    assert _snapshot() == before


def test_confirming_after_someone_else_changed_the_province_writes_nothing(tree, program_admin, good_file):
    plan = import_plan(province=tree["province"], content=good_file, by=program_admin)
    OrganisationFactory(parent=tree["root"], code="HL", name="Hội Nông dân xã Hữu Lũng (thêm tay)")
    before = _snapshot()
    with pytest.raises(PlanChanged) as changed:
        import_apply(province=tree["province"], content=good_file, by=program_admin, digest=plan.digest)
    assert _snapshot() == before
    assert [c.state.code for c in changed.value.plan.units_changed] == ["HL"]


def test_units_are_matched_by_code_in_their_own_province_only(tree, outsider, program_admin):
    other = outsider.memberships.get().organisation
    OrganisationFactory(parent=other, code="CL", name="Xã của tỉnh khác")
    content = xlsx(units=[unit("CL", "Hội Nông dân xã Cao Lộc", tree["root"].code)])
    plan = import_plan(province=tree["province"], content=content, by=program_admin)
    assert [c.state.code for c in plan.units_new] == ["CL"]


def test_a_file_merges_and_retires_units_on_a_date_and_keeps_their_history(
    tree, program_admin, reporter, django_capture_on_commit_callbacks
):
    a, b, branch = tree["a"], tree["b"], tree["branch"]
    content = xlsx(
        units=[
            unit(a.code, a.name, tree["root"].code, retired_on="01/07/2025", merged_into=b.code),
            unit(tree["board"].code, tree["board"].name, kind="Ban của Tỉnh ủy", retired_on="01/07/2025"),
        ]
    )
    plan = _apply(tree["province"], content, program_admin, django_capture_on_commit_callbacks)
    assert sorted(c.state.code for c in plan.units_changed) == sorted([a.code, branch.code, tree["board"].code])
    a.refresh_from_db()
    branch.refresh_from_db()
    assert a.retired_on == datetime.date(2025, 7, 1) and a.merged_into == b
    assert branch.parent == b and branch.path.startswith(b.path)
    assert reporter.memberships.get().organisation == a  # roles and reports stay with the old unit
    assert a.history.count() == 2
    # The same file again changes nothing: the branch stays with the unit that took it over.
    assert not import_plan(province=tree["province"], content=content, by=program_admin).has_changes


def test_retiring_a_unit_that_still_has_active_units_below_is_refused(tree, program_admin):
    content = xlsx(units=[unit(tree["a"].code, tree["a"].name, tree["root"].code, retired_on="01/07/2025")])
    plan = import_plan(province=tree["province"], content=content, by=program_admin)
    assert [(p.column.split(" ")[0], p.message) for p in plan.problems] == [
        ("G", "Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển chúng đi, hoặc ghi đơn vị sáp nhập vào.")
    ]


def test_a_loop_of_parents_is_refused(tree, program_admin):
    content = xlsx(
        units=[
            unit(tree["a"].code, tree["a"].name, tree["branch"].code),
            unit("SELF", "Xã tự làm cấp trên", "SELF"),
        ]
    )
    messages = {
        p.value: p.message for p in import_plan(province=tree["province"], content=content, by=program_admin).problems
    }
    assert messages == {
        tree["branch"].code: "Đơn vị cấp trên là chính nó hoặc nằm dưới nó (vòng lặp).",
        "SELF": "Đơn vị cấp trên là chính nó hoặc nằm dưới nó (vòng lặp).",
    }


def test_a_person_with_roles_in_another_province_keeps_their_name_but_gets_the_role(
    tree, outsider, program_admin, django_capture_on_commit_callbacks
):
    outsider.email = "outsider@example.vn"
    outsider.save()
    content = xlsx(people=[person("Tên Khác Hẳn", "OUTSIDER@example.vn", tree["a"].code)])
    _apply(tree["province"], content, program_admin, django_capture_on_commit_callbacks)
    outsider.refresh_from_db()
    assert outsider.get_full_name() != "Tên Khác Hẳn"
    assert outsider.memberships.filter(organisation=tree["a"], role="reporter").exists()
    assert outsider.memberships.count() == 2


def test_an_admin_cannot_drop_their_own_admin_role_by_file(tree, program_admin):
    program_admin.email = "admin@example.vn"
    program_admin.save()
    content = xlsx(people=[person(program_admin.get_full_name(), "admin@example.vn", tree["a"].code)])
    plan = import_plan(province=tree["province"], content=content, by=program_admin)
    assert [p.message for p in plan.problems] == ["Tệp này bỏ vai trò quản trị chương trình của chính anh/chị."]


def test_a_username_already_taken_is_refused(tree, program_admin):
    UserFactory(username="tung", email="someone-else@example.vn")
    content = xlsx(people=[person("Nông Văn Tùng", "tung@example.vn", tree["a"].code, username="tung")])
    problems = import_plan(province=tree["province"], content=content, by=program_admin).problems
    assert [(p.column.split(" ")[0], p.message) for p in problems] == [("C", "Tên đăng nhập này đã có người dùng.")]


def test_a_new_program_admin_gets_the_admin_site(tree, program_admin, django_capture_on_commit_callbacks):
    content = xlsx(people=[person("Đinh Văn Nam", "nam@example.vn", tree["root"].code, ADMIN)])
    _apply(tree["province"], content, program_admin, django_capture_on_commit_callbacks)
    nam = User.objects.get(email="nam@example.vn")
    assert nam.is_staff
    assert nam.has_perm("programs.change_program") and nam.has_perm("targets.change_target")
    assert not nam.has_perm("targets.change_figure")  # the shared catalogue is not a province's


def test_a_mail_outage_does_not_undo_the_import(
    tree, program_admin, good_file, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.organisations.test_import.BrokenMailBackend"
    with caplog.at_level(logging.ERROR, logger="organisations.emails"):
        _apply(tree["province"], good_file, program_admin, django_capture_on_commit_callbacks)
    assert User.objects.filter(email="tung@example.vn").exists()
    assert "Không mở được kết nối gửi thư" in caplog.text


def test_a_file_that_is_not_a_workbook_is_refused_plainly(tree, program_admin):
    plan = import_plan(province=tree["province"], content=b"PK not really a zip", by=program_admin)
    assert [p.message for p in plan.problems] == [
        "Không đọc được tệp: hãy lưu tệp dưới dạng Excel (.xlsx) rồi tải lên lại."
    ]


def test_a_missing_sheet_or_column_is_named(tree, program_admin):
    book_content = xlsx(units=[unit("X1", "Xã", tree["root"].code)])
    book = load_workbook(io.BytesIO(book_content))
    book[UNITS_SHEET]["E1"] = "Kiểu"
    del book[PEOPLE_SHEET]
    output = io.BytesIO()
    book.save(output)
    problems = import_plan(province=tree["province"], content=output.getvalue(), by=program_admin).problems
    assert [p.message for p in problems] == ["Thiếu cột “Loại”.", "Tệp không có trang “Người dùng”."]


class BrokenMailBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass


def test_existing_roles_are_not_duplicated(tree, program_admin, reporter, django_capture_on_commit_callbacks):
    reporter.email = "reporter@example.vn"
    reporter.save()
    MembershipFactory(user=reporter, organisation=tree["b"], role="reporter")
    content = xlsx(
        people=[
            person(reporter.get_full_name(), "reporter@example.vn", tree["a"].code),
            person(reporter.get_full_name(), "reporter@example.vn", tree["b"].code),
        ]
    )
    plan = import_plan(province=tree["province"], content=content, by=program_admin)
    assert plan.problems == [] and not plan.has_changes


def test_a_unit_name_with_a_control_character_still_makes_the_workbook(tree):
    tree["b"].name = "Hội Nông dân\x0b xã B"
    tree["b"].save()
    book = load_workbook(io.BytesIO(workbook_write(province=tree["province"])))
    assert "Hội Nông dân xã B" in [cell.value for row in book.worksheets[1].iter_rows() for cell in row]
