from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from programs.models import Program
from targets.loader import programs_load
from tests.factories import AssignmentFactory, MembershipFactory, ProgramFactory, TargetFactory, TaskFactory

pytestmark = pytest.mark.django_db

ROLES = ["reporter", "approver", "board_viewer", "program_admin"]


@pytest.fixture
def seeded(tree):
    """The real seed programs; the `tree` fixture's province is Lạng Sơn, as in the seed."""
    programs_load()
    return Program.objects.get(slug="115-ctr-tu")


@pytest.fixture
def lai_chau_viewer(seeded):
    draft = Program.objects.get(slug="lai-chau-du-thao")
    board = draft.province.organisations.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu")
    return MembershipFactory(organisation=board, role="board_viewer").user


@pytest.mark.parametrize("url", ["/", "/programs/", "/programs/115-ctr-tu/"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_its_provinces_programs_only(client, request, seeded, role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("programs:list")).content.decode()
    assert "115-CTr/TU" in page
    assert "Lai Châu" not in page
    assert client.get(reverse("programs:detail", args=["115-ctr-tu"])).status_code == 200
    assert client.get(reverse("programs:detail", args=["lai-chau-du-thao"])).status_code == 404


def test_a_person_without_a_role_sees_no_program(client, seeded, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert "Bạn chưa được giao theo dõi chương trình nào." in client.get(reverse("programs:list")).content.decode()
    assert client.get(reverse("programs:detail", args=["115-ctr-tu"])).status_code == 404


def test_the_header_shows_who_is_signed_in_and_as_what(client, board_viewer, seeded):
    client.force_login(board_viewer)
    page = client.get(reverse("programs:list")).content.decode()
    assert "Theo dõi (Ban, Thường trực) — Ban Tuyên giáo và Dân vận Tỉnh ủy" in page


def test_the_115_page_shows_its_13_figures_in_words(client, board_viewer, seeded):
    client.force_login(board_viewer)
    response = client.get(reverse("programs:detail", args=["115-ctr-tu"]))
    page = response.content.decode()
    assert len(response.context["targets"]) == 13
    for words in ["từ 1.500 trở lên", "từ 1.000 trở lên", "từ 330 trở lên", "từ 45 % trở lên", "từ 70 % trở lên"]:
        assert words in page
    assert 'data-testid="target-7a">100 %' in page
    assert 'data-testid="target-4b">11' in page
    assert "Mục tiêu tổng quát" in page and "nòng cốt chính trị" in page
    assert "Chủ động hội nhập, mở rộng hợp tác quốc tế" in page
    assert "15/04/2024" in page
    assert "chưa nhập" not in page


def test_assignments_are_grouped_by_body_as_written(client, board_viewer, seeded):
    client.force_login(board_viewer)
    bodies = client.get(reverse("programs:detail", args=["115-ctr-tu"])).context["bodies"]
    names = [group.body_name for group in bodies]
    assert "Ban Dân vận Tỉnh ủy" in names  # the name in the 2024 document, not the merged board
    hnd = next(group for group in bodies if group.body_name == "Đảng đoàn Hội Nông dân tỉnh")
    assert [a.role for a in hnd.assignments] == ["coordinate", "implement"]


def test_the_draft_shows_its_baseline_and_what_is_not_yet_entered(client, lai_chau_viewer):
    client.force_login(lai_chau_viewer)
    page = client.get(reverse("programs:detail", args=["lai-chau-du-thao"])).content.decode()
    assert "Dự thảo" in page
    assert "69.886 người" in page
    assert "7,7 %" in page and "95,3 %" in page
    assert "Văn bản nêu 17 mục tiêu; còn 15 mục tiêu chưa nhập." in page
    assert "Văn bản nêu 8 nhiệm vụ, giải pháp; còn 6 nhiệm vụ chưa nhập." in page
    assert "từ 1.200 trở lên" in page


def _program_with(size, province):
    program = ProgramFactory(province=province)
    for n in range(size):
        TargetFactory(program=program, label=f"{n + 1}")
        TaskFactory(program=program, number=n + 1)
        AssignmentFactory(program=program)
    return program


def test_the_program_page_runs_a_fixed_number_of_queries(client, board_viewer, tree, django_assert_max_num_queries):
    client.force_login(board_viewer)
    small = _program_with(2, tree["province"])
    large = _program_with(25, tree["province"])
    for program in (small, large):
        with django_assert_max_num_queries(13):  # the targets' history and their years'
            assert client.get(reverse("programs:detail", args=[program.slug])).status_code == 200


def test_the_program_list_runs_a_fixed_number_of_queries(client, board_viewer, tree, django_assert_max_num_queries):
    client.force_login(board_viewer)
    for _ in range(2):
        with django_assert_max_num_queries(8):
            client.get(reverse("programs:list"))
        ProgramFactory.create_batch(20, province=tree["province"])


def test_program_admins_see_only_their_province_in_the_admin(client, program_admin, seeded):
    program_admin.is_staff = True
    program_admin.save()
    program_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="programs"))
    client.force_login(program_admin)
    page = client.get(reverse("admin:programs_program_changelist")).content.decode()
    assert "115-CTr/TU" in page and "Lai Châu" not in page
    draft = Program.objects.get(slug="lai-chau-du-thao")
    assert client.get(reverse("admin:programs_program_change", args=[draft.pk])).status_code == 404


def test_board_viewers_cannot_open_the_admin(client, board_viewer):
    client.force_login(board_viewer)
    response = client.get(reverse("admin:programs_program_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_a_program_admin_looks_up_only_their_provinces_bodies(client, program_admin, seeded):
    program_admin.is_staff = True
    program_admin.save()
    program_admin.user_permissions.set(
        Permission.objects.filter(content_type__app_label="programs")
        | Permission.objects.filter(codename="view_organisation")
    )
    client.force_login(program_admin)
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "Ban Thường vụ", "app_label": "programs", "model_name": "assignment", "field_name": "body"},
    ).json()["results"]
    assert [row["text"] for row in found] == ["Ban Thường vụ Tỉnh ủy Lạng Sơn"]


def test_the_program_page_shows_who_changed_a_target_and_how(client, board_viewer, program_admin, seeded):
    target = seeded.targets.get(label="1")
    target.value = Decimal("1600")
    target._history_user = program_admin
    target.save()
    ratio = seeded.targets.get(label="6a")
    ratio.comparator = "gt"
    ratio.save()
    client.force_login(board_viewer)
    response = client.get(reverse("programs:detail", args=["115-ctr-tu"]))
    changes = [(c.label, c.field, c.old, c.new, c.who) for c in response.context["target_changes"]]
    assert changes == [
        ("6a", "so sánh", "≥", ">", ""),
        ("1", "giá trị hằng năm", "1.500", "1.600", program_admin.get_full_name()),
    ]
    assert "Lịch sử thay đổi mục tiêu" in response.content.decode()


def test_an_untouched_program_has_no_change_history(client, board_viewer, seeded):
    client.force_login(board_viewer)
    response = client.get(reverse("programs:detail", args=["115-ctr-tu"]))
    assert response.context["target_changes"] == []
    assert "Lịch sử thay đổi mục tiêu" not in response.content.decode()
