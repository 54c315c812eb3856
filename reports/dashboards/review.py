"""How a review names its period, counts the units that reported and sums up the targets, in one place.

The board's report document and its print view take these three from here, so they say what the
dashboard says. A period is the year up to the end of a quarter, as reviews are written: through
Q1 is "Quý I/2025", through Q2 the six-month review, through Q3 nine months, through Q4 the year.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from nongdan.numbers import format_review
from reports.dashboards.reporting import counted_line
from reports.dashboards.scope import Scope
from targets.measuring import Progress, Status


@dataclass(frozen=True)
class ReviewSummary:
    period: str
    headline: str
    counted: str


def headline(progress: list[Progress]) -> str:
    statuses = [p.status for p in progress]
    return _("Đạt và vượt %(met)s/%(total)s chỉ tiêu, đúng tiến độ %(on_track)s") % {
        "met": statuses.count(Status.MET),
        "total": len(statuses),
        "on_track": statuses.count(Status.ON_TRACK),
    }


def review_summary(*, scope: Scope, progress: list[Progress]) -> ReviewSummary:
    return ReviewSummary(
        period=format_review(scope.year, scope.quarter),
        headline=headline(progress),
        counted=counted_line(scope),
    )
