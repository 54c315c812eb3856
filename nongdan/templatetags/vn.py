"""Template filters for Vietnamese numbers and moments, available in every template."""

from django import template

from nongdan.dates import format_moment
from nongdan.numbers import format_number, format_percent

register = template.Library()


@register.filter
def so(value, decimals=None):
    """{{ 1500|so }} → 1.500; {{ 7.75|so:1 }} → 7,8."""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def phantram(value, decimals=1):
    """{{ 7.7|phantram }} → 7,7 %."""
    return format_percent(value, int(decimals))


@register.filter(expects_localtime=True)
def ngaygio(value):
    """{{ report.submitted_at|ngaygio }} → 15/04/2024 09:30: the date, then the time, as nongdan/formats has them."""
    return format_moment(value)
