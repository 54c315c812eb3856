"""Writes: saving a report's figures, the submit / return / approve workflow, reopening a closed period.

Every change to a report bumps `Report.version` with a conditional UPDATE, so two people saving the
same report cannot overwrite each other: the second one gets a ReportConflict. Each change, those
UPDATEs included, leaves a record in the report's history with the person who made it.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation
from reports import emails
from reports.models import Report, ReportEvent, ReportingPeriod, ReportReopening, ReportValue
from reports.selectors import decision_refusal, report_state
from targets.models import Figure


class Entry(NamedTuple):
    """What someone typed for one figure: None means "not reported"."""

    value: Decimal | None
    comment: str = ""


class ReportConflict(Exception):
    """Someone else changed the report since this person loaded it."""

    def __init__(self, current: Report | None):
        super().__init__("report changed since it was loaded")
        self.current = current


class ReportLocked(Exception):
    """The report cannot be changed now; `reason` says why, in words for the person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _claim(*, unit: Organisation, period: ReportingPeriod, loaded_version: int, by) -> Report:
    """Take the next version of the unit's report, or raise ReportConflict if it moved.

    `loaded_version` 0 means the person saw no report yet: it is created now, unless someone was faster.
    """
    if loaded_version == 0:
        try:
            with transaction.atomic():
                report = Report(unit=unit, period=period)
                report._history_user = by
                report.save()
                return report
        except IntegrityError:
            raise ReportConflict(unit.reports.filter(period=period).first()) from None
    moved = unit.reports.filter(period=period, version=loaded_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not moved:
        raise ReportConflict(unit.reports.filter(period=period).first())
    report = unit.reports.get(period=period)
    _record_history(report=report, by=by)
    return report


def _record_history(*, report: Report, by) -> None:
    """Add the report as it is now to its history: conditional UPDATEs bypass django-simple-history.

    Called in the same transaction as the UPDATE, which holds the row until the commit, so the
    record is the state that UPDATE produced.
    """
    report._history_user = by
    Report.history.bulk_history_create([report], update=True)


def _write_values(*, report: Report, entries: dict[Figure, Entry], by) -> None:
    saved = {v.figure_id: v for v in report.values.all()}
    for figure, entry in entries.items():
        current = saved.get(figure.pk)
        if entry.value is None:
            if current is not None:
                current._history_user = by
                current.delete()
            continue
        if current is None:
            current = ReportValue(report=report, figure=figure)
        elif current.value == entry.value and current.comment == entry.comment:
            continue
        current.value, current.comment = entry.value, entry.comment
        current.full_clean(validate_unique=False, validate_constraints=False)
        current._history_user = by
        current.save()


def _save(*, unit: Organisation, period: ReportingPeriod, by, entries: dict[Figure, Entry], loaded_version: int):
    report = _claim(unit=unit, period=period, loaded_version=loaded_version, by=by)
    reason = report_state(unit=unit, period=period, report=report).lock_reason
    if reason:
        raise ReportLocked(reason)
    _write_values(report=report, entries=entries, by=by)
    return report


@transaction.atomic
def report_save(
    *, unit: Organisation, period: ReportingPeriod, by, entries: dict[Figure, Entry], loaded_version: int
) -> Report:
    """Save the figures as a draft (a returned report stays returned until it is sent again)."""
    report = _save(unit=unit, period=period, by=by, entries=entries, loaded_version=loaded_version)
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SAVED, by=by)
    return report


@transaction.atomic
def report_submit(
    *, unit: Organisation, period: ReportingPeriod, by, entries: dict[Figure, Entry], loaded_version: int
) -> Report:
    """Save the figures and send the report to the approvers above the unit."""
    report = _save(unit=unit, period=period, by=by, entries=entries, loaded_version=loaded_version)
    report.status = Report.Status.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), by
    report._history_user = by
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    event = ReportEvent.objects.create(
        report=report, action=ReportEvent.Action.SUBMITTED, by=by, at=report.submitted_at
    )
    emails.report_submitted(event=event)
    return report


def _decide(*, report: Report, by, loaded_version: int, status: str, reason: str = "") -> ReportEvent:
    refusal = decision_refusal(report=report, user=by)
    if refusal:
        raise ReportLocked(refusal)
    now = timezone.now()
    changes = {"status": status, "decided_at": now, "decided_by": by, "version": F("version") + 1, "updated_at": now}
    if reason:
        changes["return_reason"] = reason
    # The submitter is excluded here too, in case `report` was read before the version being decided.
    moved = (
        Report.objects.filter(pk=report.pk, version=loaded_version, status=Report.Status.SUBMITTED)
        .exclude(submitted_by=by)
        .update(**changes)
    )
    if not moved:
        raise ReportConflict(Report.objects.filter(pk=report.pk).first())
    report.refresh_from_db()
    action = ReportEvent.Action.RETURNED if status == Report.Status.RETURNED else ReportEvent.Action.APPROVED
    _record_history(report=report, by=by)
    event = ReportEvent(report=report, action=action, by=by, at=now, note=reason)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def report_approve(*, report: Report, by, loaded_version: int) -> Report:
    """Approve a submitted report; from now on it is read-only."""
    return _decide(report=report, by=by, loaded_version=loaded_version, status=Report.Status.APPROVED).report


@transaction.atomic
def report_return(*, report: Report, by, reason: str, loaded_version: int) -> Report:
    """Send a submitted report back to the unit with a reason it must read; it becomes editable again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Trả lại báo cáo phải ghi lý do.")})
    event = _decide(report=report, by=by, loaded_version=loaded_version, status=Report.Status.RETURNED, reason=reason)
    emails.report_returned(event=event)
    return event.report


@transaction.atomic
def report_reopen(
    *, unit: Organisation, period: ReportingPeriod, by, until: datetime.date, reason: str
) -> ReportReopening:
    """Let a unit enter a closed period's figures again, until the end of `until`."""
    reopening = ReportReopening(unit=unit, period=period, by=by, until=until, reason=reason)
    reopening.full_clean()
    reopening.save()
    return reopening
