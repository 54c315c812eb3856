"""Completeness of reporting: which reporting units sent the year's quarterly reports, and when.

Each quarter counts the units active then: a unit retired or merged on 01/07 is still due for Q1 and
Q2 and no longer for Q3, so a past quarter's rate stays what it was when the quarter ended.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.dates import format_date
from nongdan.numbers import format_quarter
from organisations.models import Organisation
from reports.dashboards.base import ScopedView
from reports.dashboards.exports import Cell, Table
from reports.dashboards.scope import Scope
from reports.models import Report, ReportingCalendar, ReportingPeriod, period_dates

# --- Reads ---------------------------------------------------------------------------------------


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


def reporting_units(*, root: Organisation, year: int):
    """Association units active in some quarter of `year`, with none such below them, within `root`'s subtree."""
    in_year = Organisation.objects.associations().active_in(year, 1)
    below = in_year.filter(parent=OuterRef("pk"))
    return in_year.subtree(root).exclude(Exists(below)).order_by("path")


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

COLOURS = {
    Submission.APPROVED: "success",
    Submission.ON_TIME: "primary",
    Submission.LATE: "warning",
    Submission.RETURNED: "danger",
    Submission.MISSING: "secondary",
    Submission.RETIRED: "light",
}


def matrix_table(data: Completeness, *, scope: Scope, unit_url: Callable[[Organisation], str]) -> Table:
    def badge(unit, period) -> Cell:
        submission = data.grid[unit.pk, period.pk]
        return Cell.badge(submission.label, COLOURS[submission])

    return Table(
        title=_("Tình hình gửi báo cáo năm %(year)s") % {"year": scope.year},
        slug="tinh-hinh-gui-bao-cao",
        headers=[_("Đơn vị báo cáo"), *(format_quarter(p.year, p.quarter) for p in data.periods)],
        rows=[[Cell(unit.name, url=unit_url(unit)), *(badge(unit, p) for p in data.periods)] for unit in data.units],
    )


def summary_table(data: Completeness) -> Table:
    return Table(
        title=_("Tỷ lệ đầy đủ theo quý"),
        slug="ty-le-day-du",
        headers=[_("Quý"), _("Hạn gửi"), _("Số đơn vị báo cáo"), *(c.label for c in DUE), _("Tỷ lệ đã gửi")],
        rows=[
            [
                Cell(format_quarter(period.year, period.quarter)),
                Cell(format_date(data.deadlines[period.pk])),
                Cell.number(data.due(period)),
                *(Cell.number(data.count(period, c)) for c in DUE),
                Cell.percent(data.sent_percent(period)),
            ]
            for period in data.periods
        ],
    )


class CompletenessView(ScopedView):
    template_name = "dashboards/completeness.html"
    export_name = "tinh-hinh-gui-bao-cao"

    def build(self, scope, data):
        found = completeness(scope=scope)
        matrix = matrix_table(found, scope=scope, unit_url=self.unit_url)
        summary = summary_table(found)
        return {"matrix": matrix, "summary": summary, "tables": [summary, matrix], "tab": "completeness"}
