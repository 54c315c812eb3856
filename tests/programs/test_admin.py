"""Programs in the Django admin: a program with content is archived, never deleted."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from organisations.models import Organisation
from programs.models import Program, Task
from reports.sheets import report_sheet
from targets.models import EntryLevel, Target
from tests.admin_forms import admin_form_data
from tests.factories import BaselineFactory, ProgramFactory, ReportingPeriodFactory, TargetFactory, TaskFactory

pytestmark = pytest.mark.django_db

KEPT = "đã có mục tiêu, nhiệm vụ hoặc số liệu: hãy ghi “lưu trữ từ ngày” thay vì xóa"


@pytest.fixture
def admin_client(client, program_admin):
    program_admin.is_staff = True
    program_admin.save()
    program_admin.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["programs", "targets"]))
    client.force_login(program_admin)
    return client


@pytest.fixture
def program(tree):
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU", slug="115-ctr-tu")
    TargetFactory(program=program, numerator__code="new-members")
    TaskFactory(program=program)
    return program


@pytest.mark.parametrize("content", [TargetFactory, TaskFactory, BaselineFactory])
def test_a_program_with_targets_tasks_or_data_is_not_deleted(admin_client, tree, content):
    program = ProgramFactory(province=tree["province"], number="115-CTr/TU")
    content(program=program)
    response = admin_client.post(reverse("admin:programs_program_delete", args=[program.pk]), {"post": "yes"})
    assert response.status_code == 200
    assert f"Chương trình 115-CTr/TU — Lạng Sơn {KEPT}" in response.content.decode()
    assert Program.objects.filter(pk=program.pk).exists()


def test_deleting_several_programs_at_once_keeps_those_with_content(admin_client, tree, program):
    empty = ProgramFactory(province=tree["province"])
    response = admin_client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [program.pk, empty.pk], "post": "yes"},
    )
    assert KEPT in response.content.decode()
    assert set(Program.objects.all()) == {program, empty}
    assert (Target.objects.count(), Task.objects.count()) == (1, 1)


def test_an_empty_program_entered_by_mistake_can_be_deleted(admin_client, tree):
    empty = ProgramFactory(province=tree["province"])
    response = admin_client.post(reverse("admin:programs_program_delete", args=[empty.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Program.objects.filter(pk=empty.pk).exists()


def test_an_archived_program_leaves_the_lists_and_the_entry_form_but_keeps_its_pages(
    admin_client, tree, program, board_viewer
):
    period = ReportingPeriodFactory(year=2025, quarter=3)
    assert [line.figure.code for line in report_sheet(unit=tree["a"], period=period).lines] == ["new-members"]
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = admin_form_data(admin_client.get(url))
    data["archived_on"] = "01/10/2025"
    assert admin_client.post(url, data).status_code == 302
    assert program.history.first().archived_on.isoformat() == "2025-10-01"

    assert report_sheet(unit=tree["a"], period=period).lines == []
    reader = Client()
    reader.force_login(board_viewer)
    for listing in ("programs:list", "dashboards:index"):
        assert "115-CTr/TU" not in reader.get(reverse(listing)).content.decode(), listing
    page = reader.get(reverse("programs:detail", args=[program.slug])).content.decode()
    assert "Lưu trữ từ ngày" in page and "01/10/2025" in page
    assert reader.get(reverse("dashboards:dashboard", args=[program.slug])).status_code == 200


def test_the_program_admin_page_keeps_a_fixed_number_of_queries(
    admin_client, tree, program, django_assert_max_num_queries
):
    """Each inline row shows the version it was opened at and offers the same drop-downs: both read once
    for all the rows, not row by row (it was 110 queries with a dozen rows per inline)."""
    url = reverse("admin:programs_program_change", args=[program.pk])
    for more in (1, 12):
        for _ in range(more):
            target = TargetFactory(program=program)
            EntryLevel.objects.create(program=program, figure=target.numerator, kind=Organisation.Kind.BRANCH)
            TaskFactory(program=program)
            BaselineFactory(program=program)
        with django_assert_max_num_queries(47):  # five inlines, each read once
            page = admin_client.get(url)
        assert page.status_code == 200
    assert len(page.context["inline_admin_formsets"][0].formset.forms) >= 13


def test_an_inline_row_saved_by_someone_else_meanwhile_is_refused_and_the_input_kept(admin_client, program):
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = admin_form_data(admin_client.get(url))
    task = program.tasks.get()
    task.text = "Sửa ở thẻ khác"
    task.save()
    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == task.pk)[: -len("id")]
    data[f"{prefix}text"] = "Nhiệm vụ sửa lại"
    page = admin_client.post(url, data)
    assert page.status_code == 200
    assert "sau khi bạn mở trang" in page.content.decode()
    assert "Nhiệm vụ sửa lại" in page.content.decode()
    task.refresh_from_db()
    assert task.text == "Sửa ở thẻ khác"
