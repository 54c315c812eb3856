"""Reading query parameters: what a link or a hand-edited address may carry."""

import re

# ASCII digits only: str.isdigit() and int() also accept "²" or "١٢", which no link of ours writes.
# Nine digits at most, so the number fits every integer column and never overflows a database.
_ASCII_INT = re.compile(r"[0-9]{1,9}")


def ascii_int(value: str | None) -> int | None:
    """The parameter as a non-negative integer when it is one written in ASCII digits; None otherwise."""
    if value is None or not _ASCII_INT.fullmatch(value):
        return None
    return int(value)
