"""nongdan.query: what an address may carry, read as a number only when it is one."""

import pytest

from nongdan.query import ascii_int


@pytest.mark.parametrize(
    ("value", "expected"), [("0", 0), ("7", 7), ("2025", 2025), ("007", 7), ("999999999", 999999999)]
)
def test_ascii_digits_are_numbers(value, expected):
    assert ascii_int(value) == expected


@pytest.mark.parametrize(
    "value",
    [None, "", " 1", "1 ", "1\n", "-1", "+1", "1.5", "1e3", "abc", "²", "2²", "١٢", "０", "1_000", "1234567890"],
)
def test_anything_else_is_none(value):
    assert ascii_int(value) is None
