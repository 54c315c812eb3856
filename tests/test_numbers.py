from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nongdan.numbers import format_number, format_percent, format_quarter, parse_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.500", Decimal("1500")),
        ("1500", Decimal("1500")),
        ("1 500", Decimal("1500")),
        ("1\u00a0500", Decimal("1500")),
        ("  42 ", Decimal("42")),
        ("1.234.567", Decimal("1234567")),
        ("7,5", Decimal("7.5")),
        ("7.5", Decimal("7.5")),
        ("1.500,25", Decimal("1500.25")),
        ("0", Decimal("0")),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_reads_numbers_as_vietnamese_staff_type_them(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "decimals_allowed", "code"),
    [
        ("abc", True, "not_a_number"),
        ("12a", True, "not_a_number"),
        ("-5", True, "negative"),
        ("7,5", False, "not_integer"),
        ("1,500", False, "not_integer"),
        ("1.50.0", True, "bad_grouping"),
        ("1,2,3", True, "two_commas"),
        ("7,", True, "empty_fraction"),
        ("7,125", True, "too_precise"),
        ("99.999.999.999", True, "too_large"),
    ],
)
def test_parse_rejects_with_a_specific_vietnamese_message(typed, decimals_allowed, code):
    with pytest.raises(ValidationError) as error:
        parse_number(typed, decimals_allowed=decimals_allowed)
    assert error.value.code == code
    assert error.value.messages[0]  # a sentence, not a code


def test_parse_messages_are_in_vietnamese():
    with pytest.raises(ValidationError) as error:
        parse_number("-3")
    assert error.value.messages == ["Số liệu không được là số âm."]


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1500, None, "1.500"),
        (Decimal("69886"), None, "69.886"),
        (Decimal("1500.00"), None, "1.500"),
        (Decimal("7.7"), None, "7,7"),
        (Decimal("7.75"), 1, "7,8"),
        (Decimal("1234567.5"), 2, "1.234.567,50"),
        (0, None, "0"),
        (None, None, ""),
    ],
)
def test_format_number(value, decimals, shown):
    assert format_number(value, decimals) == shown


def test_format_percent_and_quarter():
    assert format_percent(Decimal("7.7")) == "7,7 %"
    assert format_percent(Decimal("100")) == "100 %"
    assert format_percent(Decimal("95.30")) == "95,3 %"
    assert format_quarter(2025, 3) == "Quý III/2025"
    assert format_quarter(2024, 4) == "Quý IV/2024"
