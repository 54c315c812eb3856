"""Progress of the tasks: the bodies write, per review period; the board reads by task and by body."""

import datetime

import pytest
from django.urls import reverse

from organisations.models import Membership, Organisation
from reports.models import TaskProgress
from tests.factories import AssignmentFactory, MembershipFactory, OrganisationFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignments(tree, program):
    """The Mass Mobilization Board (merged into the Propaganda and Mass Mobilization Board in 2025) leads;
    the association's party delegation carries out task 2."""
    old_board = OrganisationFactory(
        province=tree["province"],
        kind=Organisation.Kind.PARTY_BOARD,
        name="Ban Dân vận Tỉnh ủy Lạng Sơn",
        retired_on=datetime.date(2025, 3, 1),
        merged_into=tree["board"],
    )
    delegation = OrganisationFactory(
        province=tree["province"], kind=Organisation.Kind.PARTY_DELEGATION, name="Đảng đoàn Hội Nông dân tỉnh"
    )
    task = TaskFactory(program=program, number=2, text="Đổi mới công tác tuyên truyền, vận động nông dân")
    TaskFactory(program=program, number=3, text="Củng cố, kiện toàn tổ chức bộ máy")
    return {
        "lead": AssignmentFactory(program=program, body=old_board, body_name_as_written="Ban Dân vận Tỉnh ủy", order=1),
        "delegation": AssignmentFactory(
            program=program, body=delegation, task=task, role="implement", text="Xây dựng kế hoạch", order=2
        ),
    }


@pytest.fixture
def body_reporter(tree):
    """Writes for the Propaganda and Mass Mobilization Board."""
    user = UserFactory(username="ban-tgdv")
    MembershipFactory(user=user, organisation=tree["board"], role=Membership.Role.REPORTER)
    return user


def edit_url(program, assignment, year=2025, quarter=2):
    return reverse("dashboards:task_edit", args=[program.slug, assignment.pk, year, quarter])


def list_url(program, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('dashboards:tasks', args=[program.slug])}?{query}"


WRITTEN = {"status": "done", "text": "Đã ban hành Kế hoạch kiểm tra, giám sát.", "documents": "Kế hoạch số 05-KH/BDVTU"}


def test_the_body_that_took_over_writes_the_merged_boards_narrative(client, body_reporter, assignments, program):
    client.force_login(body_reporter)
    lead = assignments["lead"]
    assert client.get(edit_url(program, lead)).status_code == 200
    response = client.post(edit_url(program, lead), {**WRITTEN, "history_version": ""})
    assert response.status_code == 302 and response.url == list_url(program, year=2025, quarter=2)
    entry = TaskProgress.objects.get(assignment=lead, year=2025, quarter=2)
    assert entry.status == "done" and entry.document_list == ["Kế hoạch số 05-KH/BDVTU"]
    assert entry.updated_by == body_reporter and entry.history.get().history_user == body_reporter
    # Not another body's.
    assert client.get(edit_url(program, assignments["delegation"])).status_code == 403
    assert client.post(edit_url(program, assignments["delegation"]), WRITTEN).status_code == 403


def test_the_program_admin_writes_any_bodys_and_the_board_only_reads(
    client, program_admin, board_viewer, assignments, program
):
    delegation = assignments["delegation"]
    client.force_login(board_viewer)
    page = client.get(list_url(program, year=2025, quarter=2)).content.decode()
    assert edit_url(program, delegation) not in page
    assert client.get(edit_url(program, delegation)).status_code == 403
    assert client.post(edit_url(program, delegation), WRITTEN).status_code == 403
    assert not TaskProgress.objects.exists()

    client.force_login(program_admin)
    assert edit_url(program, delegation) in client.get(list_url(program, year=2025, quarter=2)).content.decode()
    assert client.post(edit_url(program, delegation), {**WRITTEN, "history_version": ""}).status_code == 302
    assert TaskProgress.objects.get().updated_by == program_admin


def test_another_province_and_periods_outside_the_program_are_not_found(
    client, outsider, program_admin, assignments, program
):
    lead = assignments["lead"]
    client.force_login(outsider)
    assert client.get(list_url(program)).status_code == 404
    assert client.get(edit_url(program, lead)).status_code == 404
    assert client.post(edit_url(program, lead), WRITTEN).status_code == 404
    client.force_login(program_admin)
    assert client.get(edit_url(program, lead, year=2019)).status_code == 404
    assert client.get(edit_url(program, lead, quarter=5)).status_code == 404


def test_an_empty_narrative_is_refused_at_the_field_and_nothing_typed_is_lost(
    client, body_reporter, assignments, program
):
    client.force_login(body_reporter)
    response = client.post(
        edit_url(program, assignments["lead"]), {"status": "later", "text": "", "documents": "Công văn số 7-CV/BDV"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["text"] == ["Trường này là bắt buộc."]
    assert "later" in errors["status"][0]
    assert "Công văn số 7-CV/BDV" in response.content.decode()
    assert not TaskProgress.objects.exists()


def test_two_people_writing_at_once_never_overwrite_each_other(
    client, body_reporter, program_admin, assignments, program
):
    url = edit_url(program, assignments["lead"])
    client.force_login(body_reporter)
    opened_blank = client.get(url).context["form"]["history_version"].value()
    client.force_login(program_admin)
    assert client.post(url, {**WRITTEN, "history_version": ""}).status_code == 302  # the first narrative

    client.force_login(body_reporter)
    mine = {**WRITTEN, "text": "Bản của Ban Tuyên giáo và Dân vận", "history_version": opened_blank or ""}
    response = client.post(url, mine)
    assert response.status_code == 400
    assert "sau khi bạn mở trang" in str(response.context["form"].non_field_errors())
    assert "Bản của Ban Tuyên giáo và Dân vận" in response.content.decode()
    assert TaskProgress.objects.get().text == WRITTEN["text"]

    # Reopened, they see the first narrative and may change it.
    version = client.get(url).context["form"]["history_version"].value()
    assert client.post(url, {**mine, "history_version": version}).status_code == 302
    assert TaskProgress.objects.get().text == "Bản của Ban Tuyên giáo và Dân vận"


def test_the_board_reads_by_task_and_by_body(client, board_viewer, assignments, program):
    TaskProgress.objects.create(
        assignment=assignments["delegation"],
        year=2025,
        quarter=2,
        status="in_progress",
        text="Đang xây dựng kế hoạch.",
        updated_by=UserFactory(),
    )
    client.force_login(board_viewer)
    response = client.get(list_url(program, year=2025, quarter=2))
    groups = response.context["groups"]
    assert [g.title for g in groups] == [
        "Phân công chung của chương trình",
        "(2) Đổi mới công tác tuyên truyền, vận động nông dân",
        "(3) Củng cố, kiện toàn tổ chức bộ máy",
    ]
    assert groups[1].lines[0].entry.text == "Đang xây dựng kế hoạch."
    assert groups[2].note == "Chương trình chưa giao nhiệm vụ này cho cơ quan nào."
    html = response.content.decode()
    assert "6 tháng đầu năm 2025" in html and "1/2 phân công đã có báo cáo tiến độ của kỳ này." in html
    assert "nay là Ban Tuyên giáo và Dân vận Tỉnh ủy" in html

    by_body = client.get(list_url(program, year=2025, quarter=2, theo="co-quan")).context["groups"]
    assert [g.title for g in by_body] == ["Ban Dân vận Tỉnh ủy", "Đảng đoàn Hội Nông dân tỉnh"]
    assert by_body[0].lines[0].entry is None
    # The nine-month review is another period: nothing written for it yet.
    nine = client.get(list_url(program, year=2025, quarter=3)).context
    assert nine["period"] == "9 tháng năm 2025" and nine["written"] == 0


@pytest.mark.parametrize("extra", [0, 10])
def test_the_reading_page_keeps_its_number_of_queries(
    client, board_viewer, assignments, program, extra, django_assert_max_num_queries
):
    for n in range(extra):
        assignment = AssignmentFactory(program=program, task=TaskFactory(program=program, number=10 + n))
        TaskProgress.objects.create(assignment=assignment, year=2025, quarter=2, text="x", updated_by=board_viewer)
    client.force_login(board_viewer)
    for view in ("nhiem-vu", "co-quan"):
        with django_assert_max_num_queries(10):
            assert client.get(list_url(program, year=2025, quarter=2, theo=view)).status_code == 200
