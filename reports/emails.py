"""Emails about reports: to the approvers above a unit when it submits, to its reporters when returned.

Mail is best effort. Each email is written to the outbox (`Notification`) in the transaction of the
step it tells about and sent after the commit, so a mail outage never undoes the step nor turns its
page into an error. What fails stays in the outbox, is logged and shown to admins, and is retried:
with the next email sent, and by `manage.py send_pending_mail` (run it from cron or a systemd timer).
"""

import contextlib
import logging
import smtplib

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.permissions import Action, people_who_can
from reports.models import Notification, ReportEvent

logger = logging.getLogger(__name__)

# How many unsent emails, newest first (the new ones among them), a step's page waits for.
SENT_WITH_EACH_STEP = 20
# After these the server, not the message, is the trouble: the rest waits for the next try.
_CONNECTION_LOST = (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError)


def one_line(text: str) -> str:
    """Header-safe text: line breaks and runs of spaces (in a unit's name, say) become one space."""
    return " ".join(text.split())


def _enqueue(*, event: ReportEvent, action: Action, subject: str, template: str) -> list[Notification]:
    """One email to everyone who may do `action` for the report's unit, except whoever took the step."""
    report = event.report
    recipients = people_who_can(action, report.unit).exclude(pk=event.by_id).exclude(email="")
    link = settings.SITE_URL + reverse(
        "reports:detail", args=[report.unit_id, report.period.year, report.period.quarter]
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            event=event,
            to=user.email,
            subject=one_line(subject),
            body=render_to_string(template, {"report": report, "recipient": user, "link": link}),
        )
        for user in recipients
    )
    transaction.on_commit(lambda: send_pending(limit=SENT_WITH_EACH_STEP), robust=True)
    return notifications


def report_submitted(*, event: ReportEvent) -> list[Notification]:
    """Tell the approvers of the unit's ancestors that a report waits for them."""
    return _enqueue(
        event=event,
        action=Action.DECIDE,
        subject=_("Báo cáo chờ duyệt: %(report)s") % {"report": event.report},
        template="reports/email/submitted.txt",
    )


def report_returned(*, event: ReportEvent) -> list[Notification]:
    """Tell the unit's reporters that their report came back, and why."""
    return _enqueue(
        event=event,
        action=Action.REPORT,
        subject=_("Báo cáo bị trả lại: %(report)s") % {"report": event.report},
        template="reports/email/returned.txt",
    )


def _record_failure(notifications, error: Exception) -> None:
    notifications.unsent().update(
        status=Notification.Status.FAILED,
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}",
        last_attempt_at=timezone.now(),
    )


def _send_one(notification: Notification, connection) -> Exception | None:
    """Send one (locked) email and record how it went; returns the error when it failed."""
    message = mail.EmailMessage(notification.subject, notification.body, to=[notification.to], connection=connection)
    try:
        message.send()
    except (OSError, ValueError) as error:  # SMTP errors are OSErrors; a bad header is a ValueError
        logger.warning("Email %d to %s not sent: %s", notification.pk, notification.to, error)
        _record_failure(Notification.objects.filter(pk=notification.pk), error)
        return error
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, attempts=F("attempts") + 1, sent_at=now, last_attempt_at=now
    )
    return None


def send_pending(*, limit: int | None = None) -> tuple[int, int]:
    """Try the emails not sent yet, newest first, over one connection; returns (sent, failed).

    Each email is locked while it is sent, so two runs at once never send it twice.
    """
    ids = list(Notification.objects.unsent().order_by("-created_at", "-pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0, 0
    connection = mail.get_connection()
    try:
        connection.open()
    except OSError as error:
        logger.warning("Mail server unreachable, %d email(s) left in the outbox: %s", len(ids), error)
        _record_failure(Notification.objects.filter(pk__in=ids), error)
        return 0, len(ids)
    sent = failed = 0
    try:
        for pk in ids:
            with transaction.atomic():
                notification = Notification.objects.select_for_update(skip_locked=True).unsent().filter(pk=pk).first()
                if notification is None:  # sent meanwhile, or being sent by another run
                    continue
                error = _send_one(notification, connection)
            if error is None:
                sent += 1
                continue
            failed += 1
            if isinstance(error, _CONNECTION_LOST):
                break
    finally:
        with contextlib.suppress(OSError):
            connection.close()
    return sent, failed
