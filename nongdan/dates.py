"""Dates and moments as the client writes them, in every language: 15/04/2024, 15/04/2024 09:30.

The formats come from the format module (nongdan/formats), never written out where they are used.
"""

from django.utils.formats import date_format, time_format
from django.utils.timezone import is_aware, localtime


def format_date(value) -> str:
    """A date (or the day of a moment): 15/04/2024; "" for none."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def format_moment(value) -> str:
    """A moment in local time, day first: 15/04/2024 09:30; "" for none."""
    if not value:
        return ""
    value = localtime(value) if is_aware(value) else value
    return f"{format_date(value)} {time_format(value, 'TIME_FORMAT')}"
