"""Template filters for Vietnamese number formatting, available in every template."""

from django import template

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
