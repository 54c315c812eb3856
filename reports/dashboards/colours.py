"""How the dashboards colour what they show, in one place.

A status is always written in words; its colour only adds to them. Badges name Bootstrap's theme
colour, charts need the same colour as a value (Bootstrap 5.3's, vendored under static/vendor/).
"""

from reports.dashboards.exports import Cell
from targets.measuring import Status

THEME = {
    "primary": "#0d6efd",
    "secondary": "#6c757d",
    "success": "#198754",
    "warning": "#ffc107",
    "danger": "#dc3545",
}

STATUS_COLOURS = {
    Status.MET: "success",
    Status.ON_TRACK: "primary",
    Status.NEARLY: "warning",
    Status.BEHIND: "danger",
    Status.NO_DATA: "secondary",
    Status.NOT_ALLOCATED: "secondary",
    Status.AT_YEAR_END: "secondary",
}


def status_badge(status: Status) -> Cell:
    """How a target stands, as a table cell."""
    return Cell.badge(status.label, STATUS_COLOURS[status])


def chart_colour(status: Status) -> str:
    return THEME[STATUS_COLOURS[status]]
