"""Emails about reports: to the approvers above a unit when it submits, to its reporters when returned."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations.permissions import Action, people_who_can
from reports.models import Report


def _send(*, report: Report, action: Action, subject: str, template: str) -> int:
    recipients = [user for user in people_who_can(action, report.unit) if user.email]
    link = settings.SITE_URL + reverse(
        "reports:detail", args=[report.unit_id, report.period.year, report.period.quarter]
    )
    messages = [
        (
            subject,
            render_to_string(template, {"report": report, "recipient": user, "link": link}),
            None,
            [user.email],
        )
        for user in recipients
    ]
    return send_mass_mail(messages, fail_silently=False)


def report_submitted(*, report: Report) -> int:
    """Tell the approvers of the unit's ancestors that a report waits for them."""
    return _send(
        report=report,
        action=Action.DECIDE,
        subject=_("Báo cáo chờ duyệt: %(report)s") % {"report": report},
        template="reports/email/submitted.txt",
    )


def report_returned(*, report: Report) -> int:
    """Tell the unit's reporters that their report came back, and why."""
    return _send(
        report=report,
        action=Action.REPORT,
        subject=_("Báo cáo bị trả lại: %(report)s") % {"report": report},
        template="reports/email/returned.txt",
    )
