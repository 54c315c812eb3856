"""Writes: saving a report's figures, the submit / return / approve workflow, reopening a closed period.

Every change to a report bumps `Report.version` with a conditional UPDATE, so two people saving the
same report cannot overwrite each other: the second one gets a ReportConflict. Each change, those
UPDATEs included, leaves a record in the report's history with the person who made it.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organisations.models import Organisation
from reports import emails
from reports.models import Report, ReportEvent, ReportingPeriod, ReportReopening, ReportValue
from reports.selectors import decision_refusal, report_state, report_states
from reports.sheets import ReportSheet
from targets.models import Figure


class Entry(NamedTuple):
    """What someone typed for one figure: None means "not reported"."""

    value: Decimal | None
    comment: str = ""


class ReportWrite(NamedTuple):
    """One unit's figures, and the version of its report the person saw (0: there was none yet)."""

    unit: Organisation
    entries: dict[Figure, Entry]
    loaded_version: int
    sheet: ReportSheet | None = None
    """The unit's sheet as read for this save. When it shows the version the person saw, its lock state
    and saved values are used as they are: nothing changes a report without a new version, and the
    version is checked under lock before anything is written."""

    @property
    def known(self) -> ReportSheet | None:
        sheet = self.sheet
        if sheet is not None and (sheet.report.version if sheet.report else 0) == self.loaded_version:
            return sheet
        return None


class ReportConflict(Exception):
    """Someone else changed the report since this person loaded it."""

    def __init__(self, current: Report | None):
        super().__init__("report changed since it was loaded")
        self.current = current


class ReportLocked(Exception):
    """The report cannot be changed now; `reason` says why, in words for the person."""

    def __init__(self, reason: str, unit: Organisation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.unit = unit


def _claim(*, period: ReportingPeriod, writes: list[ReportWrite], by, note: str) -> dict[int, Report]:
    """Take the next version of each unit's report (by unit id), or raise ReportConflict if one moved.

    A unit loaded at version 0 had no report yet: it is created now, unless someone was faster.
    """
    units = [write.unit for write in writes]
    current = {r.unit_id: r for r in Report.objects.select_for_update().filter(period=period, unit__in=units)}
    for write in writes:
        report = current.get(write.unit.pk)
        if (report.version if report else 0) != write.loaded_version:
            raise ReportConflict(report)
    new = [Report(unit=unit, period=period) for unit in units if unit.pk not in current]
    if new:
        try:
            with transaction.atomic():
                bulk_create_with_history(new, Report, default_user=by, default_change_reason=note)
        except IntegrityError:
            raise ReportConflict(Report.objects.filter(period=period, unit__in=[r.unit for r in new]).first()) from None
    loaded = defaultdict(list)
    for report in current.values():
        loaded[report.version].append(report)
    now = timezone.now()
    for version, claimed in loaded.items():
        pks = [report.pk for report in claimed]
        if Report.objects.filter(pk__in=pks, version=version).update(version=version + 1, updated_at=now) != len(pks):
            raise ReportConflict(None)
        for report in claimed:  # as the UPDATE left them, without reading them again
            report.version, report.updated_at = version + 1, now
    _record_history(reports=list(current.values()), by=by, note=note)
    return {**current, **{report.unit_id: report for report in new}}


def _record_history(*, reports: list[Report], by, note: str = "") -> None:
    """Add the reports as they are now to their history: conditional UPDATEs bypass django-simple-history.

    Called in the same transaction as the UPDATE, which holds the rows until the commit, so the
    records are the state that UPDATE produced.
    """
    Report.history.bulk_history_create(reports, update=True, default_user=by, default_change_reason=note)


def _saved_values(*, writes: list[ReportWrite], reports: dict[int, Report]) -> dict[tuple[int, int], ReportValue]:
    """The values saved now, by (report id, figure id): from the writes' sheets when they all know them."""
    if all(write.known for write in writes):
        return {
            (reports[write.unit.pk].pk, line.figure.pk): line.saved
            for write in writes
            for line in write.known.lines
            if line.saved is not None
        }
    return {(v.report_id, v.figure_id): v for v in ReportValue.objects.filter(report__in=reports.values()).order_by()}


def _write_values(*, writes: list[ReportWrite], reports: dict[int, Report], by, note: str) -> None:
    saved = _saved_values(writes=writes, reports=reports)
    created, updated = [], []
    for write in writes:
        report = reports[write.unit.pk]
        for figure, entry in write.entries.items():
            current = saved.get((report.pk, figure.pk))
            if entry.value is None:
                if current is not None:
                    current._history_user, current._change_reason = by, note
                    current.delete()
                continue
            if current is None:
                current = ReportValue(report=report, figure=figure)
                created.append(current)
            elif current.value == entry.value and current.comment == entry.comment:
                continue
            else:
                current.figure = figure  # in hand: clean() reads it without a query
                updated.append(current)
            current.value, current.comment = entry.value, entry.comment
            # The model's own rules; report and figure are in hand, so no query checks they exist.
            current.full_clean(exclude=["report", "figure"], validate_unique=False, validate_constraints=False)
    ReportValue.objects.bulk_create(created)
    _history_of_created(values=created, by=by, note=note)
    bulk_update_with_history(updated, ReportValue, ["value", "comment"], default_user=by, default_change_reason=note)


def _history_of_created(*, values: list[ReportValue], by, note: str, batch: int = 500) -> None:
    """The "+" history record of each value just created, copied by the database (INSERT … SELECT).

    The records are those simple_history's bulk_history_create would write; building a model instance
    for each of a province's sixteen thousand values cost more than a second, this costs milliseconds.
    """
    history = ReportValue.history.model
    tracked = {field.attname for field in history.tracked_fields}
    copied = [field.column for field in history._meta.concrete_fields if field.attname in tracked]
    given = {
        "history_date": connection.ops.adapt_datetimefield_value(timezone.now()),
        "history_change_reason": note,
        "history_type": "+",
        "history_user_id": by.pk,
    }
    expected = tracked | set(given) | {"history_id"}
    if {field.attname for field in history._meta.concrete_fields} != expected:  # pragma: no cover - a new field
        raise RuntimeError("the history of report values has fields this copy does not fill")
    quote = connection.ops.quote_name
    for start in range(0, len(values), batch):
        ids = [value.pk for value in values[start : start + batch]]
        # Only identifiers from the models, quoted, go into the text; every value is a parameter.
        sql = "INSERT INTO {table} ({columns}) SELECT {copied}, {given} FROM {source} WHERE {pk} IN ({ids})".format(  # noqa: S608
            table=quote(history._meta.db_table),
            columns=", ".join(quote(column) for column in [*copied, *given]),
            copied=", ".join(quote(column) for column in copied),
            given=", ".join(["%s"] * len(given)),
            source=quote(ReportValue._meta.db_table),
            pk=quote(ReportValue._meta.pk.column),
            ids=", ".join(["%s"] * len(ids)),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*given.values(), *ids])


@transaction.atomic
def reports_save(
    *, period: ReportingPeriod, by, writes: list[ReportWrite], submit: bool = False, note: str = ""
) -> list[Report]:
    """Save several units' figures for one quarter, all or none, in a fixed number of queries.

    Drafts by default (a returned report stays returned until it is sent again); with `submit`, every
    report is sent to the approvers above its unit. `note` goes into the audit: the reports' events and
    the change reason of every value's history.
    """
    change_reason = note[: ReportValue.history.model._meta.get_field("history_change_reason").max_length]
    reports = _claim(period=period, writes=writes, by=by, note=change_reason)
    if all(write.known for write in writes):
        states = {write.unit.pk: write.known.state for write in writes}
    else:
        states = report_states(units=[write.unit for write in writes], period=period, reports=reports)
    for write in writes:
        reason = states[write.unit.pk].lock_reason
        if reason:
            raise ReportLocked(reason, unit=write.unit)
    _write_values(writes=writes, reports=reports, by=by, note=change_reason)
    now = timezone.now()
    saved = [reports[write.unit.pk] for write in writes]
    if submit:
        for report in saved:
            report.status, report.submitted_at, report.submitted_by, report.updated_at = (
                Report.Status.SUBMITTED,
                now,
                by,
                now,
            )
        bulk_update_with_history(
            saved,
            Report,
            ["status", "submitted_at", "submitted_by", "updated_at"],
            default_user=by,
            default_change_reason=change_reason,
        )
    action = ReportEvent.Action.SUBMITTED if submit else ReportEvent.Action.SAVED
    events = ReportEvent.objects.bulk_create(
        ReportEvent(report=report, action=action, by=by, at=now, note=note) for report in saved
    )
    if submit:
        for event in events:
            emails.report_submitted(event=event)
    return saved


def report_save(
    *,
    unit: Organisation,
    period: ReportingPeriod,
    by,
    entries: dict[Figure, Entry],
    loaded_version: int,
    note: str = "",
    sheet: ReportSheet | None = None,
) -> Report:
    """Save the figures as a draft (a returned report stays returned until it is sent again)."""
    writes = [ReportWrite(unit=unit, entries=entries, loaded_version=loaded_version, sheet=sheet)]
    return reports_save(period=period, by=by, writes=writes, note=note)[0]


def report_submit(
    *,
    unit: Organisation,
    period: ReportingPeriod,
    by,
    entries: dict[Figure, Entry],
    loaded_version: int,
    note: str = "",
    sheet: ReportSheet | None = None,
) -> Report:
    """Save the figures and send the report to the approvers above the unit."""
    writes = [ReportWrite(unit=unit, entries=entries, loaded_version=loaded_version, sheet=sheet)]
    return reports_save(period=period, by=by, writes=writes, submit=True, note=note)[0]


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
    _record_history(reports=[report], by=by)
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
    """Send a submitted report back to the unit with a reason it must read; it becomes editable again.

    Returned after the quarter closed, it is reopened for the unit for the days its province's calendar
    says (REPORT_RETURN_REOPEN_DAYS without one).
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Trả lại báo cáo phải ghi lý do.")})
    event = _decide(report=report, by=by, loaded_version=loaded_version, status=Report.Status.RETURNED, reason=reason)
    state = report_state(unit=report.unit, period=report.period, report=report)
    if state.is_closed:  # returned after the quarter closed: no dead end for the unit
        days = state.calendar.return_reopen_days if state.calendar else settings.REPORT_RETURN_REOPEN_DAYS
        report_reopen(
            unit=report.unit,
            period=report.period,
            by=by,
            until=state.today + datetime.timedelta(days=days),
            reason=_("Mở lại tự động khi trả lại báo cáo sau hạn. Lý do trả lại: %(reason)s") % {"reason": reason},
        )
    emails.report_returned(event=event)
    return event.report


@transaction.atomic
def reports_reopen(
    *, units: list[Organisation], period: ReportingPeriod, by, until: datetime.date, reason: str
) -> list[ReportReopening]:
    """Reopen a closed quarter for many units at once, with one reason: all of them, or none."""
    return [report_reopen(unit=unit, period=period, by=by, until=until, reason=reason) for unit in units]


@transaction.atomic
def report_reopen(
    *, unit: Organisation, period: ReportingPeriod, by, until: datetime.date, reason: str
) -> ReportReopening:
    """Let a unit enter a closed period's figures again, until the end of `until`."""
    reopening = ReportReopening(unit=unit, period=period, by=by, until=until, reason=reason)
    reopening.full_clean()
    reopening.save()
    return reopening
