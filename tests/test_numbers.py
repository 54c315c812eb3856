"""nongdan.numbers: every way people type a figure, every message they can get, and how numbers are shown."""

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
        (" 1500 ", Decimal("1500")),
        ("+1.500", Decimal("1500")),
        ("12.345.678", Decimal("12345678")),
        ("0", Decimal("0")),
        ("7,5", Decimal("7.5")),
        ("7.5", Decimal("7.5")),
        ("0.50", Decimal("0.5")),
        ("1.500,25", Decimal("1500.25")),
        (",5", Decimal("0.5")),
        ("7,0", Decimal("7")),
    ],
)
def test_reads_numbers_as_people_type_them(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_means_not_reported(typed):
    assert parse_number(typed) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "not_a_number"),
        ("12a", "not_a_number"),
        ("1e5", "not_a_number"),
        ("-5", "negative"),
        ("−5", "negative"),
        ("–5", "negative"),
        ("1,5,5", "two_commas"),
        ("1.50.0", "bad_grouping"),
        ("1.500.5,2", "bad_grouping"),
        ("15,", "empty_fraction"),
        ("7,555", "too_precise"),
        # Thousands never start with a zero: not 500, and too precise to be a decimal.
        ("0.500", "too_precise"),
        # English thousands in a field with decimals: refused, never silently 1,5.
        ("1,500", "too_precise"),
        ("5.000.000.000", "too_large"),
        # English grouping and decimal point together: never guessed.
        ("44,962.000", "mixed_separators"),
        ("1,5.5", "mixed_separators"),
    ],
)
def test_rejects_with_a_specific_message(typed, code):
    with pytest.raises(ValidationError) as caught:
        parse_number(typed)
    assert caught.value.code == code
    assert caught.value.messages[0]


@pytest.mark.parametrize("decimals_allowed", [True, False])
def test_mixed_separators_are_refused_whatever_the_figure(decimals_allowed):
    with pytest.raises(ValidationError) as caught:
        parse_number("44,962.000", decimals_allowed=decimals_allowed)
    assert caught.value.messages == [
        "“44,962.000” có dấu chấm đứng sau dấu phẩy (cách viết số của nước ngoài) nên không rõ là số nào. "
        "Hãy viết theo kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân, "
        "ví dụ 44.962 hoặc 7,5."
    ]


@pytest.mark.parametrize("typed", ["7,5", "7.5", "1,500"])
def test_a_count_has_no_decimals(typed):
    with pytest.raises(ValidationError) as caught:
        parse_number(typed, decimals_allowed=False)
    assert caught.value.code == "not_integer"
    assert "số nguyên" in caught.value.messages[0]


def test_a_count_accepts_grouped_thousands():
    assert parse_number("1.500", decimals_allowed=False) == Decimal("1500")


def test_messages_are_vietnamese_and_quote_what_was_typed():
    with pytest.raises(ValidationError) as caught:
        parse_number("mười")
    assert "“mười” không phải là một số" in caught.value.messages[0]


@pytest.mark.parametrize("value", [Decimal("1500"), Decimal("7.5"), Decimal("1234567.25"), Decimal("0")])
def test_what_is_shown_reads_back_the_same(value):
    assert parse_number(format_number(value)) == value


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
