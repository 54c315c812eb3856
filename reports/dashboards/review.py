"""How a review names its period, counts the units that reported and sums up the targets, in one place.

The board's report document and its print view take these three from here, so they say what the
dashboard says. A period is the year up to the end of a quarter, as reviews are written: through
Q1 is "Quý I/2025", through Q2 the six-month review, through Q3 nine months, through Q4 the year.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from nongdan.numbers import format_quarter, format_review
from reports.dashboards.completeness import Submission, completeness
from reports.dashboards.scope import Scope
from targets.measuring import Progress, Status


@dataclass(frozen=True)
class ReviewSummary:
    period: str
    headline: str
    counted: str


def _counted_line(scope: Scope) -> str:
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


def _headline(progress: list[Progress]) -> str:
    statuses = [p.status for p in progress]
    return _("Đạt và vượt %(met)s/%(total)s chỉ tiêu, đúng tiến độ %(on_track)s") % {
        "met": statuses.count(Status.MET),
        "total": len(statuses),
        "on_track": statuses.count(Status.ON_TRACK),
    }


def review_summary(*, scope: Scope, progress: list[Progress]) -> ReviewSummary:
    return ReviewSummary(
        period=format_review(scope.year, scope.quarter),
        headline=_headline(progress),
        counted=_counted_line(scope),
    )
