"""Form pieces shared by every app."""

from decimal import Decimal

from django import forms
from django.db import models

from nongdan.numbers import format_number, parse_number


class VietnameseNumberField(forms.CharField):
    """A number typed the Vietnamese way ("1.500", "1 500", "7,5") and shown the same way.

    Django's own number fields would read "1.500" as one and a half: every number a person types
    in this app goes through here instead.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 30})

    def __init__(self, *, decimals_allowed: bool = True, max_digits=None, decimal_places=None, **kwargs):
        # max_digits and decimal_places come from a model DecimalField; the model still checks them.
        self.decimals_allowed = decimals_allowed and decimal_places != 0
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, Decimal | int):
            return Decimal(value)
        return parse_number(super().to_python(value), decimals_allowed=self.decimals_allowed)

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else value


# For ModelAdmin.formfield_overrides: decimals in the Django admin are typed the Vietnamese way too.
VIETNAMESE_NUMBERS = {models.DecimalField: {"form_class": VietnameseNumberField}}
