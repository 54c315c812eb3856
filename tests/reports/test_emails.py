"""Mail is best effort: an outage costs no one an error page, and every email goes out once it is over."""

import logging
import socket
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from organisations.models import Membership
from reports.emails import send_pending
from reports.models import Notification, Report
from reports.services import Entry, report_submit
from tests.factories import MembershipFactory, OrganisationFactory, ProvinceFactory, ReportFactory, UserFactory
from tests.mail_backends import REFUSED_ADDRESS

DOWN = "tests.mail_backends.DownEmailBackend"
REFUSING = "tests.mail_backends.RefusingEmailBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"


def detail_url(unit, period, name="detail"):
    return reverse(f"reports:{name}", args=[unit.pk, period.year, period.quarter])


@pytest.fixture
def with_emails(reporter, approver):
    reporter.email, approver.email = "reporter@hoind.vn", "approver@hoind.vn"
    reporter.save()
    approver.save()


@pytest.fixture
def submit_as(client, tree, program, period, figures, with_emails, django_capture_on_commit_callbacks):
    """Sign `person` in and submit `unit`'s figures (commune A's by default) on the report page.

    Returns the page the browser lands on; the emails are tried after the commit, as in production.
    """

    def _submit(person, unit=None):
        client.force_login(person)
        data = {"version": 0, "action": "submit", f"value_{figures['new_members'].pk}": "1.500"}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(detail_url(unit or tree["a"], period), data, follow=True)

    return _submit


def test_a_submit_during_a_mail_outage_is_saved_and_its_page_says_the_email_waits(settings, tree, reporter, submit_as):
    settings.EMAIL_BACKEND = DOWN
    response = submit_as(reporter)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã gửi báo cáo để duyệt." in html
    assert "Chưa gửi được 1 thư thông báo về báo cáo này; hệ thống sẽ tự gửi lại." in html
    assert tree["a"].reports.get().status == Report.Status.SUBMITTED
    waiting = Notification.objects.get()
    assert (waiting.to, waiting.status, waiting.attempts) == ("approver@hoind.vn", "failed", 1)
    assert "SMTPConnectError" in waiting.last_error
    assert mail.outbox == []


def test_a_return_during_a_mail_outage_is_saved_and_the_reporter_reads_the_reason(
    client, settings, tree, reporter, approver, period, with_emails, django_capture_on_commit_callbacks
):
    report = ReportFactory(unit=tree["a"], period=period, status=Report.Status.SUBMITTED, submitted_by=reporter)
    settings.EMAIL_BACKEND = DOWN
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(tree["a"], period, "decide"),
            {"version": report.version, "decision": "return", "reason": "Thiếu số hộ"},
            follow=True,
        )
    assert response.status_code == 200
    assert "Đã trả lại báo cáo cho đơn vị." in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (Report.Status.RETURNED, "Thiếu số hộ")
    assert Notification.objects.get().to == "reporter@hoind.vn"
    client.force_login(reporter)
    html = client.get(detail_url(tree["a"], period)).content.decode()
    assert "Thiếu số hộ" in html
    assert 'data-testid="unsent-mail"' in html


@pytest.fixture
def silent_server():
    """A port that accepts connections and never says a word, like a mail server that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_hanging_smtp_server_costs_the_page_the_timeout_only(settings, tree, reporter, silent_server, submit_as):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent_server, 0.5
    started = time.monotonic()
    response = submit_as(reporter)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert tree["a"].reports.get().status == Report.Status.SUBMITTED
    assert "timed out" in Notification.objects.get(status="failed").last_error


def test_the_command_sends_what_waits_once_the_server_is_back_and_only_once(
    client, settings, tree, reporter, period, submit_as
):
    settings.EMAIL_BACKEND = DOWN
    submit_as(reporter)
    with pytest.raises(CommandError, match="1 thư chưa gửi được"):
        call_command("send_pending_mail")
    assert Notification.objects.get().attempts == 2

    settings.EMAIL_BACKEND = WORKING
    call_command("send_pending_mail")
    call_command("send_pending_mail")
    assert [m.to for m in mail.outbox] == [["approver@hoind.vn"]]
    assert "Hội Nông dân xã A đã gửi báo cáo" in mail.outbox[0].body
    sent = Notification.objects.get()
    assert (sent.status, sent.attempts, sent.sent_at is not None) == ("sent", 3, True)
    assert 'data-testid="unsent-mail"' not in client.get(detail_url(tree["a"], period)).content.decode()


def test_the_next_email_takes_the_waiting_ones_along(settings, tree, reporter, submit_as):
    settings.EMAIL_BACKEND = DOWN
    submit_as(reporter)
    reporter_b = UserFactory(username="reporter-b")
    MembershipFactory(user=reporter_b, organisation=tree["b"], role=Membership.Role.REPORTER)
    settings.EMAIL_BACKEND = WORKING
    submit_as(reporter_b, tree["b"])
    assert sorted(m.subject.split(": ")[1].split(" — ")[0] for m in mail.outbox) == [
        "Hội Nông dân xã A",
        "Hội Nông dân xã B",
    ]
    assert not Notification.objects.unsent().exists()


def test_an_address_the_server_refuses_does_not_stop_the_others_and_is_logged(
    settings, tree, reporter, submit_as, caplog
):
    gone = UserFactory(username="approver-gone", email=REFUSED_ADDRESS)
    MembershipFactory(user=gone, organisation=tree["root"], role=Membership.Role.APPROVER)
    settings.EMAIL_BACKEND = REFUSING
    with caplog.at_level(logging.WARNING, logger="reports.emails"):
        submit_as(reporter)
    assert [m.to for m in mail.outbox] == [["approver@hoind.vn"]]
    failed = Notification.objects.get(status="failed")
    assert failed.to == REFUSED_ADDRESS
    assert "No such user" in failed.last_error
    assert f"to {REFUSED_ADDRESS} not sent" in caplog.text


def test_a_line_break_in_a_unit_name_stays_out_of_the_headers(tree, period, submit_as):
    unit = OrganisationFactory(parent=tree["root"], name="Hội Nông dân xã C\r\nBcc: ke-gian@example.com")
    reporter_c = UserFactory(username="reporter-c")
    MembershipFactory(user=reporter_c, organisation=unit, role=Membership.Role.REPORTER)
    assert submit_as(reporter_c, unit).status_code == 200
    (message,) = mail.outbox
    assert message.subject == f"Báo cáo chờ duyệt: Hội Nông dân xã C Bcc: ke-gian@example.com — {period}"
    assert message.recipients() == ["approver@hoind.vn"]
    assert "Bcc" not in message.message()


def test_nobody_is_emailed_about_their_own_step(
    tree, period, figures, approver, with_emails, django_capture_on_commit_callbacks
):
    both = UserFactory(username="both-roles", email="both@hoind.vn")
    MembershipFactory(user=both, organisation=tree["a"], role=Membership.Role.REPORTER)
    MembershipFactory(user=both, organisation=tree["root"], role=Membership.Role.APPROVER)
    entries = {figures["new_members"]: Entry(Decimal(5))}
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(unit=tree["a"], period=period, by=both, entries=entries, loaded_version=0)
    assert [m.to for m in mail.outbox] == [["approver@hoind.vn"]]


class TestOutbox:
    @pytest.fixture
    def waiting(self, settings, reporter, period, submit_as):
        """One unsent email about a Lạng Sơn report, one about a Lai Châu report."""
        settings.EMAIL_BACKEND = DOWN
        submit_as(reporter)
        other = OrganisationFactory(province=ProvinceFactory(name="Lai Châu", code="lai-chau"))
        report = ReportFactory(unit=OrganisationFactory(parent=other), period=period, status=Report.Status.SUBMITTED)
        event = report.events.create(action="submitted", by=reporter)
        Notification.objects.create(event=event, to="laichau@hoind.vn", subject="Lai Châu", body="…", status="failed")
        return Notification.objects.get(to="approver@hoind.vn"), Notification.objects.get(to="laichau@hoind.vn")

    @pytest.fixture
    def staff_admin(self, program_admin):
        program_admin.is_staff = True
        program_admin.save()
        return program_admin

    def test_a_program_admin_sees_their_province_s_failures_only(self, client, staff_admin, waiting):
        own, other = waiting
        client.force_login(staff_admin)
        changelist = reverse("admin:reports_notification_changelist")
        html = client.get(changelist, {"status__exact": "failed"}).content.decode()
        assert "approver@hoind.vn" in html
        assert "laichau@hoind.vn" not in html
        assert (
            "SMTPConnectError"
            in client.get(reverse("admin:reports_notification_change", args=[own.pk])).content.decode()
        )
        assert client.get(reverse("admin:reports_notification_change", args=[other.pk])).status_code in (302, 404)
        delete = client.post(reverse("admin:reports_notification_delete", args=[own.pk]), {"post": "yes"})
        assert delete.status_code == 403
        assert Notification.objects.filter(pk=own.pk).exists()

    def test_the_report_page_links_admins_to_the_outbox(self, client, tree, staff_admin, board_viewer, period, waiting):
        outbox = reverse("admin:reports_notification_changelist")
        client.force_login(staff_admin)
        assert outbox in client.get(detail_url(tree["a"], period)).content.decode()
        client.force_login(board_viewer)
        html = client.get(detail_url(tree["a"], period)).content.decode()
        assert 'data-testid="unsent-mail"' in html
        assert outbox not in html

    def test_a_superuser_sees_all_and_may_drop_an_undeliverable_email(self, client, waiting):
        other = waiting[1]
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
        html = client.get(reverse("admin:reports_notification_changelist")).content.decode()
        assert "approver@hoind.vn" in html
        assert "laichau@hoind.vn" in html
        delete = client.post(reverse("admin:reports_notification_delete", args=[other.pk]), {"post": "yes"})
        assert delete.status_code == 302
        assert not Notification.objects.filter(pk=other.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite has none")
@pytest.mark.django_db(transaction=True)
def test_an_email_another_run_is_sending_is_left_to_it(settings, tree, reporter, submit_as):
    """Two runs at once (the timer and a page, say) never send the same email twice."""
    settings.EMAIL_BACKEND = DOWN
    submit_as(reporter)
    notification = Notification.objects.get()
    other_run = connection.Database.connect(
        **{key: value for key, value in connection.get_connection_params().items() if key != "cursor_factory"}
    )
    try:
        with other_run.cursor() as cursor:
            cursor.execute("SELECT id FROM reports_notification WHERE id = %s FOR UPDATE", [notification.pk])
            settings.EMAIL_BACKEND = WORKING
            assert send_pending() == (0, 0)
            assert mail.outbox == []
        other_run.rollback()
    finally:
        other_run.close()
    assert send_pending() == (1, 0)
    assert len(mail.outbox) == 1
