"""What every file we write for office programs (Excel, Word) shares."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def office_text(value):
    """A value as a cell or a paragraph can hold it: text loses the control characters XML cannot carry (a vertical
    tab pasted from a word processor into a name or a comment); anything else is returned as it is."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
