"""Reads that feed the report pages: where each report stands, and its history (reports.sheets: the
sheet a unit fills in)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nongdan.dates import format_date
from nongdan.numbers import format_number
from organisations.models import Organisation
from organisations.permissions import Action, unit_filter, units_for
from reports.models import (
    Notification,
    Report,
    ReportEvent,
    ReportingCalendar,
    ReportingPeriod,
    ReportReopening,
    ReportValue,
    period_dates,
)
from targets.models import Figure

UNITS_PER_PAGE = 50
OPEN_WINDOW_DAYS = 120  # no calendar keeps a quarter open longer than this after its cut-off


@dataclass(frozen=True)
class ReportState:
    """Where one unit's report for one quarter stands, whether or not it exists yet."""

    unit: Organisation
    period: ReportingPeriod
    report: Report | None
    reopened_until: datetime.date | None
    today: datetime.date
    calendar: ReportingCalendar | None = None
    """The unit's province's own reporting rules, if it has any."""

    @property
    def deadline(self) -> datetime.date:
        return period_dates(self.period, self.calendar)[0]

    @property
    def closes_on(self) -> datetime.date:
        """The last day the unit may still enter figures: the deadline plus the grace days."""
        return period_dates(self.period, self.calendar)[1]

    @property
    def is_closed(self) -> bool:
        """Past the deadline and the grace days, and not reopened for this unit."""
        if self.today <= self.closes_on:
            return False
        return not (self.reopened_until and self.reopened_until >= self.today)

    @property
    def status(self) -> str:
        """A Report.Status value, or "not_started" / "locked" for what the model does not store."""
        status = self.report.status if self.report else "not_started"
        if status in (Report.Status.SUBMITTED, Report.Status.APPROVED):
            return status
        return "locked" if self.is_closed else status

    @property
    def status_label(self) -> str:
        if self.status == "not_started":
            return _("Chưa nhập")
        if self.status == "locked":
            return _("Đã khóa")
        return Report.Status(self.status).label

    @property
    def unit_retired(self) -> bool:
        """A retired or merged unit files nothing more: its units above or its successor report for it."""
        return self.unit.retired_on is not None and self.unit.retired_on <= self.today

    @property
    def lock_reason(self) -> str | None:
        """Why the figures cannot be changed now, told to someone who cannot reopen; None while they can."""
        return self.lock_reason_for(may_reopen=False)

    def lock_reason_for(self, *, may_reopen: bool) -> str | None:
        """Why the figures cannot be changed now, and what the reader can do: a program admin is never
        told to ask the program admin."""
        if self.unit_retired:
            return _("Đơn vị đã ngừng hoạt động từ ngày %(date)s nên không nhập, gửi báo cáo được nữa.") % {
                "date": format_date(self.unit.retired_on)
            }
        if self.status == Report.Status.APPROVED:
            return _("Báo cáo đã được duyệt nên không sửa được nữa.")
        if self.status == Report.Status.SUBMITTED:
            return _("Báo cáo đã gửi và đang chờ duyệt; chỉ sửa được khi bị trả lại.")
        if self.status == "locked":
            dates = {"deadline": format_date(self.deadline), "closes": format_date(self.closes_on)}
            if may_reopen:
                return (
                    _(
                        "Đã quá hạn nộp (hạn %(deadline)s, gia hạn đến hết %(closes)s). "
                        "Anh/chị có thể mở lại kỳ báo cáo cho đơn vị ở cuối trang này."
                    )
                    % dates
                )
            return (
                _(
                    "Đã quá hạn nộp (hạn %(deadline)s, gia hạn đến hết %(closes)s). "
                    "Muốn nhập tiếp, hãy đề nghị quản trị chương trình mở lại kỳ báo cáo cho đơn vị."
                )
                % dates
            )
        return None

    @property
    def is_editable(self) -> bool:
        return self.lock_reason is None

    @property
    def awaits_reporter(self) -> bool:
        """Still to be submitted: the deadline matters."""
        return self.report is None or self.report.status in (Report.Status.DRAFT, Report.Status.RETURNED)

    @property
    def days_left(self) -> int:
        """Days until the deadline; negative when overdue."""
        return (self.deadline - self.today).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def _visible_periods(*, today: datetime.date):
    """Quarters that have begun: nobody reports a quarter that has not started."""
    current_quarter = (today.month - 1) // 3 + 1
    return ReportingPeriod.objects.filter(Q(year__lt=today.year) | Q(year=today.year, quarter__lte=current_quarter))


def calendars_of(units) -> dict[int, ReportingCalendar]:
    """The reporting calendar of each of the units' provinces that has one, by province id."""
    provinces = {unit.province_id for unit in units}
    return {c.province_id: c for c in ReportingCalendar.objects.filter(province__in=provinces)}


def _reopened_until(*, units, periods, today: datetime.date) -> dict[tuple[int, int], datetime.date]:
    rows = (
        ReportReopening.objects.filter(unit__in=units, period__in=periods, until__gte=today)
        .values("unit_id", "period_id")
        .annotate(until=Max("until"))
        .order_by()
    )
    return {(row["unit_id"], row["period_id"]): row["until"] for row in rows}


@dataclass(frozen=True)
class UnitRow:
    unit: Organisation
    states: list[ReportState]


@dataclass(frozen=True)
class ReportOverview:
    years: list[int]
    year: int | None
    periods: list[ReportingPeriod]
    page: Page
    rows: list[UnitRow]
    queue: list[Report]
    todo: list[ReportState]
    """What the person has to enter now: open quarters not yet sent, and returned reports."""


def _todo_order(state: ReportState) -> tuple:
    """Returned reports first, then by quarter and by place in the tree."""
    return (state.status != Report.Status.RETURNED, state.period.year, state.period.quarter, state.unit.path)


def _todo(
    *, units: list[Organisation], today: datetime.date, calendars: dict[int, ReportingCalendar]
) -> list[ReportState]:
    """A reporter's work for now, of `units` (theirs): every quarter still open for entry and not sent
    (not started, a draft, returned), and every returned report, with its reason even if locked."""
    if not units:
        return []
    begun = _visible_periods(today=today)
    # Every quarter that may still be open under any province's calendar; each unit's own rules decide below.
    open_periods = list(begun.filter(cutoff_date__gte=today - datetime.timedelta(days=OPEN_WINDOW_DAYS)))
    reports = list(
        Report.objects.filter(unit__in=units)
        .filter(Q(period__in=open_periods) | Q(status=Report.Status.RETURNED))
        .select_related("period")
        .order_by()
    )
    periods = {p.pk: p for p in [*open_periods, *(r.period for r in reports)]}
    found = {(r.unit_id, r.period_id): r for r in reports}
    reopened = _reopened_until(units=units, periods=list(periods.values()), today=today)
    candidates = {(unit.pk, period.pk) for unit in units for period in open_periods} | set(found)
    by_id = {unit.pk: unit for unit in units}
    states = [
        ReportState(
            unit=by_id[unit_id],
            period=periods[period_id],
            report=found.get((unit_id, period_id)),
            reopened_until=reopened.get((unit_id, period_id)),
            today=today,
            calendar=calendars.get(by_id[unit_id].province_id),
        )
        for unit_id, period_id in candidates
    ]
    returned = Report.Status.RETURNED
    todo = [
        s
        for s in states
        if s.awaits_reporter and not s.unit_retired and (s.is_editable or (s.report and s.report.status == returned))
    ]
    return sorted(todo, key=_todo_order)


def report_overview(*, user, year: int | None = None, page_number: int = 1) -> ReportOverview:
    """The person's units × the year's quarters, and the reports waiting for their decision.

    Reporters and approvers see the units they act for; people who only read see every unit they may read.
    """
    today = timezone.localdate()
    periods_begun = _visible_periods(today=today)
    years = list(periods_begun.order_by("-year").values_list("year", flat=True).distinct())
    if year not in years:
        year = years[0] if years else None
    periods = list(periods_begun.filter(year=year).order_by("quarter"))

    units = Organisation.objects.associations().active().order_by("path")
    acting = units.filter(unit_filter(user, Action.REPORT) | unit_filter(user, Action.DECIDE))
    page = Paginator(
        acting if acting.exists() else units.filter(unit_filter(user, Action.VIEW)), UNITS_PER_PAGE
    ).get_page(page_number)
    page_units = list(page.object_list)

    reports = {
        (r.unit_id, r.period_id): r for r in Report.objects.filter(unit__in=page_units, period__in=periods).order_by()
    }
    reopened = _reopened_until(units=page_units, periods=periods, today=today)
    calendars = calendars_of(page_units)
    rows = [
        UnitRow(
            unit=unit,
            states=[
                ReportState(
                    unit=unit,
                    period=period,
                    report=reports.get((unit.pk, period.pk)),
                    reopened_until=reopened.get((unit.pk, period.pk)),
                    today=today,
                    calendar=calendars.get(unit.province_id),
                )
                for period in periods
            ],
        )
        for unit in page_units
    ]
    queue = list(
        Report.objects.awaiting_decision()
        .for_units(units_for(user, Action.DECIDE))
        .exclude(submitted_by=user.pk)
        .select_related("unit", "period", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    page_ids = [unit.pk for unit in page_units]
    reporting = set(units_for(user, Action.REPORT).filter(pk__in=page_ids).values_list("pk", flat=True))
    todo = _todo(units=[unit for unit in page_units if unit.pk in reporting], today=today, calendars=calendars)
    return ReportOverview(years=years, year=year, periods=periods, page=page, rows=rows, queue=queue, todo=todo)


def decision_refusal(*, report: Report, user) -> str | None:
    """Why `user` may not approve or return `report` although their role allows it; None when they may.

    Nobody decides a report they submitted, whatever roles they hold.
    """
    if report.submitted_by_id is not None and report.submitted_by_id == user.pk:
        return _(
            "Anh/chị là người gửi báo cáo này nên không tự duyệt hay trả lại được; "
            "một người duyệt khác của cấp trên sẽ quyết định."
        )
    return None


def report_state(*, unit: Organisation, period: ReportingPeriod, report: Report | None) -> ReportState:
    return report_states(units=[unit], period=period, reports={unit.pk: report} if report else {})[unit.pk]


def report_states(
    *, units: list[Organisation], period: ReportingPeriod, reports: dict[int, Report]
) -> dict[int, ReportState]:
    """Where each unit's report for the quarter stands (`reports` by unit id), in one query."""
    today = timezone.localdate()
    reopened = _reopened_until(units=units, periods=[period], today=today)
    calendars = calendars_of(units)
    return {
        unit.pk: ReportState(
            unit=unit,
            period=period,
            report=reports.get(unit.pk),
            reopened_until=reopened.get((unit.pk, period.pk)),
            today=today,
            calendar=calendars.get(unit.province_id),
        )
        for unit in units
    }


def closed_units(*, user, period: ReportingPeriod) -> list[ReportState]:
    """The reporting units `user` manages whose report for the (closed) quarter is still due and locked:
    what a program admin may reopen at once. In tree order."""
    in_use = Organisation.objects.associations().active()
    reporting = in_use.exclude(Exists(in_use.filter(parent=OuterRef("pk"))))  # units above report through these
    units = list(reporting.filter(unit_filter(user, Action.MANAGE)).order_by("path"))
    reports = {r.unit_id: r for r in Report.objects.filter(unit__in=units, period=period).order_by()}
    states = report_states(units=units, period=period, reports=reports).values()
    return [state for state in states if state.is_closed and state.awaits_reporter and not state.unit_retired]


def unsent_notifications(*, report: Report | None) -> int:
    """How many emails about the report have not gone out (the mail server failed); they are retried."""
    if report is None:
        return 0
    return Notification.objects.unsent().filter(event__report=report).count()


def report_events(*, report: Report | None) -> list[ReportEvent]:
    if report is None:
        return []
    return list(report.events.select_related("by"))


@dataclass(frozen=True)
class ValueChange:
    """One change to one figure: who, when, old → new (None: not reported), and the comment then."""

    figure: Figure
    at: datetime.datetime
    by: object
    old: Decimal | None
    new: Decimal | None
    comment: str

    @property
    def is_deletion(self) -> bool:
        return self.new is None

    @property
    def old_text(self) -> str:
        return format_number(self.old)

    @property
    def new_text(self) -> str:
        return format_number(self.new)


def report_value_changes(*, report: Report | None) -> list[ValueChange]:
    """Every change to the report's values, newest first, from the values' history (deletions too)."""
    if report is None:
        return []
    records = (
        ReportValue.history.filter(report_id=report.pk)
        .select_related("figure", "history_user")
        .order_by("history_date", "history_id")
    )
    last: dict[int, tuple[Decimal, str]] = {}
    changes = []
    for record in records:
        before = last.get(record.figure_id)
        if record.history_type == "-":
            new, comment = None, record.comment
            last.pop(record.figure_id, None)
        else:
            new, comment = record.value, record.comment
            last[record.figure_id] = (new, comment)
        if before == (new, comment):
            continue
        changes.append(
            ValueChange(
                figure=record.figure,
                at=record.history_date,
                by=record.history_user,
                old=before[0] if before else None,
                new=new,
                comment=comment,
            )
        )
    changes.reverse()
    return changes
