"""The completeness page: which reporting units sent the year's quarterly reports, and when
(reports.dashboards.reporting reads it)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from nongdan.dates import format_date
from nongdan.numbers import format_quarter
from organisations.models import Organisation
from reports.dashboards.base import ScopedView
from reports.dashboards.exports import Cell, Table
from reports.dashboards.reporting import DUE, Completeness, Submission, completeness
from reports.dashboards.scope import Scope

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
