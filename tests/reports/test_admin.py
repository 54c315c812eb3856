"""Reports in the Django admin: read-only for everyone, an approved one never deleted."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from reports.models import Report, ReportReopening
from tests.factories import (
    ReportEventFactory,
    ReportFactory,
    ReportingPeriodFactory,
    ReportValueFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def report(tree):
    report = ReportFactory(unit=tree["a"], status=Report.Status.SUBMITTED)
    ReportValueFactory(report=report, figure__name="Hội viên mới kết nạp", value=Decimal(1500))
    ReportEventFactory(report=report, action="submitted", note="Gửi đúng hạn")
    return report


def test_a_superuser_reads_a_report_in_the_admin_but_cannot_change_it(superuser_client, report):
    url = reverse("admin:reports_report_change", args=[report.pk])
    response = superuser_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hội viên mới kết nạp" in page and "1.500" in page and "Gửi đúng hạn" in page
    assert 'name="values-0-value"' not in page and 'name="status"' not in page
    assert superuser_client.post(url, {"status": "approved", "version": "9"}).status_code == 403
    assert superuser_client.get(reverse("admin:reports_report_add")).status_code == 403

    version = report.history.first().history_id
    revert = reverse("admin:reports_report_simple_history", args=[report.pk, version])
    assert superuser_client.post(revert, {"status": "approved"}).status_code == 403
    report.refresh_from_db()
    assert (report.status, report.version, report.values.get().value) == ("submitted", 1, Decimal(1500))


def test_nobody_deletes_an_approved_report_in_the_admin(superuser_client, report):
    report.status = Report.Status.APPROVED
    report.save()
    url = reverse("admin:reports_report_delete", args=[report.pk])
    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "đã được duyệt: báo cáo đã duyệt không thể xóa" in response.content.decode()

    bulk = superuser_client.post(
        reverse("admin:reports_report_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [report.pk], "post": "yes"},
    )
    assert "báo cáo đã duyệt không thể xóa" in bulk.content.decode()
    assert Report.objects.filter(pk=report.pk).exists()
    assert report.values.count() == 1 and report.events.count() == 1


def test_a_superuser_may_delete_a_report_not_yet_approved(superuser_client, report):
    response = superuser_client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()


def test_a_program_admin_reopens_a_period_in_the_admin_for_their_province_only(client, tree, program_admin, outsider):
    program_admin.is_staff = True
    program_admin.save()
    program_admin.user_permissions.set(Permission.objects.filter(content_type__app_label="reports"))
    period = ReportingPeriodFactory(year=2025, quarter=2)
    until = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    data = {"period": period.pk, "until": until, "reason": "Mất điện cả tuần"}
    url = reverse("admin:reports_reportreopening_add")
    client.force_login(program_admin)

    other_unit = outsider.memberships.get().organisation
    response = client.post(url, {**data, "unit": other_unit.pk})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not ReportReopening.objects.exists()

    assert client.post(url, {**data, "unit": tree["a"].pk}).status_code == 302
    reopening = ReportReopening.objects.get()
    assert (reopening.unit, reopening.by, reopening.reason) == (tree["a"], program_admin, "Mất điện cả tuần")
