"""Who reported: the reporting units of a dashboard's scope and where each one's quarterly report stands.

Each quarter counts the units active then: a unit retired or merged on 01/07 is still due for Q1 and
Q2 and no longer for Q3, so a past quarter's rate stays what it was when the quarter ended. The
completeness page shows it; every dashboard says how many units it counts.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.numbers import format_quarter
from organisations.models import Organisation
from reports.dashboards.scope import Scope, reporting_units
from reports.models import Report, ReportingCalendar, ReportingPeriod, period_dates


class Submission(models.TextChoices):
    """Where a reporting unit's quarterly report stands."""

    APPROVED = "approved", gettext_lazy("Đã duyệt")
    ON_TIME = "on_time", gettext_lazy("Đã gửi đúng hạn")
    LATE = "late", gettext_lazy("Gửi trễ hạn")
    RETURNED = "returned", gettext_lazy("Bị trả lại")
    MISSING = "missing", gettext_lazy("Chưa gửi")
    RETIRED = "retired", gettext_lazy("Đã ngừng hoạt động")


SENT = {Submission.APPROVED, Submission.ON_TIME, Submission.LATE}
DUE = [s for s in Submission if s != Submission.RETIRED]  # where a unit due to report can stand


def _submission(status: str | None, submitted_at, deadline: datetime.date) -> Submission:
    if status == Report.Status.APPROVED:
        return Submission.APPROVED
    if status == Report.Status.RETURNED:
        return Submission.RETURNED
    if status == Report.Status.SUBMITTED:
        late = submitted_at is not None and timezone.localdate(submitted_at) > deadline
        return Submission.LATE if late else Submission.ON_TIME
    return Submission.MISSING


@dataclass(frozen=True)
class Completeness:
    units: list[Organisation]
    periods: list[ReportingPeriod]
    grid: dict[tuple[int, int], Submission]  # (unit id, period id) → where its report stands
    deadlines: dict[int, datetime.date]  # period id → the deadline, by the province's calendar

    def count(self, period: ReportingPeriod, submission: Submission) -> int:
        return sum(self.grid[unit.pk, period.pk] == submission for unit in self.units)

    def due(self, period: ReportingPeriod) -> int:
        """The units that had to report the quarter: those active through it."""
        return len(self.units) - self.count(period, Submission.RETIRED)

    def sent_percent(self, period: ReportingPeriod) -> Decimal | None:
        if not self.due(period):
            return None
        return Decimal(sum(self.count(period, s) for s in SENT) * 100) / self.due(period)


def completeness(*, scope: Scope) -> Completeness:
    """The scope's reporting units × the year's quarters, in four queries; on time or late by the
    province's own calendar where it has one."""
    units = list(reporting_units(root=scope.unit, year=scope.year))
    periods = list(ReportingPeriod.objects.for_year(scope.year).filter(quarter__lte=scope.quarter))
    reports = {
        (unit_id, period_id): (status, submitted_at)
        for unit_id, period_id, status, submitted_at in Report.objects.filter(
            unit__path__startswith=scope.unit.path, period__year=scope.year
        )
        .order_by()
        .values_list("unit_id", "period_id", "status", "submitted_at")
    }
    calendar = ReportingCalendar.objects.filter(province=scope.unit.province_id).first()
    deadlines = {period.pk: period_dates(period, calendar)[0] for period in periods}
    grid = {
        (unit.pk, period.pk): _submission(*reports.get((unit.pk, period.pk), (None, None)), deadlines[period.pk])
        if unit.is_active_in(period.year, period.quarter)
        else Submission.RETIRED
        for unit in units
        for period in periods
    }
    return Completeness(units=units, periods=periods, grid=grid, deadlines=deadlines)


# --- The page ------------------------------------------------------------------------------------


def counted_line(scope: Scope) -> str:
    """ "3/5 đơn vị đã báo cáo": the as-of quarter's reports that count, of the reporting units due then."""
    found = completeness(scope=scope)
    period = next((p for p in found.periods if p.quarter == scope.quarter), None)
    counted = {Submission.APPROVED}
    if scope.include_submitted:
        counted |= {Submission.ON_TIME, Submission.LATE}
    if period is None:
        reported, due = 0, sum(unit.is_active_in(scope.year, scope.quarter) for unit in found.units)
    else:
        reported, due = sum(found.count(period, s) for s in counted), found.due(period)
    return _("%(reported)s/%(due)s đơn vị đã báo cáo %(quarter)s") % {
        "reported": reported,
        "due": due,
        "quarter": format_quarter(scope.year, scope.quarter),
    }
