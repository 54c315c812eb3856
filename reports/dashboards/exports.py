"""Tables built once by the selectors and rendered three ways: HTML (templates), CSV and XLSX.

A `Cell` holds the value exactly as it is shown (already rounded), so the screen, the CSV and the
spreadsheet carry the same numbers. CSV is for machines: plain decimal numbers ("1500", "7.7" for
7,7 %), no thousands separators, whatever the language; XLSX holds numbers as numbers, displayed the
Vietnamese way. Every file starts with a block (sheet) saying what it holds.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from nongdan.numbers import format_number, format_percent
from nongdan.office import office_text


@dataclass(frozen=True)
class Cell:
    value: Decimal | str | None
    kind: str = "text"  # text | number | percent | badge
    url: str = ""
    colour: str = ""  # Bootstrap colour of a badge

    @classmethod
    def number(cls, value, decimals: int | None = None, url: str = "", rounding: str = ROUND_HALF_UP) -> "Cell":
        if value is not None and decimals is not None:
            value = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=rounding)
        return cls(value, "number", url)

    @classmethod
    def percent(cls, value, rounding: str = ROUND_HALF_UP) -> "Cell":
        if value is not None:
            value = Decimal(value).quantize(Decimal("0.1"), rounding=rounding)
        return cls(value, "percent")

    @classmethod
    def badge(cls, label, colour: str) -> "Cell":
        """A status in words, with a Bootstrap colour that only adds to them."""
        return cls(str(label), "badge", colour=colour)

    @property
    def text(self) -> str:
        if self.kind == "number":
            return format_number(self.value)
        if self.kind == "percent":
            return format_percent(self.value)
        return "" if self.value is None else str(self.value)

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("number", "percent")


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    footer: list[list[Cell]] = field(default_factory=list)
    slug: str = "bang"
    phone_columns: tuple[int, ...] = ()
    """The columns a phone shows (the screen only; exports keep all); empty: all of them."""

    @property
    def phone_hidden(self) -> set[int]:
        return set(range(len(self.headers))) - set(self.phone_columns) if self.phone_columns else set()

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """Each header with whether its column holds numbers (to align it like them)."""
        sample = self.rows[0] if self.rows else [Cell(None)] * len(self.headers)
        return [(header, cell.is_numeric) for header, cell in zip(self.headers, sample, strict=True)]


def _filename(name: str, extension: str) -> str:
    return f"{slugify(name) or 'bao-cao'}.{extension}"


# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection"); some strip a tab or CR first.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value) -> str:
    """A number as machines read it: "1500", "7.7", "-0.5"; nothing for no value."""
    return "" if value is None else format(Decimal(value).normalize(), "f")


def _csv_text(text) -> str:
    """Text a spreadsheet shows as text: one that starts like a formula gets an apostrophe (OWASP's advice)."""
    text = str(text)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_response(*, tables: list[Table], name: str) -> HttpResponse:
    """UTF-8 with a BOM so Excel opens Vietnamese text correctly; tables one after another, each under its
    title and separated by an empty row; numbers plain."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([_csv_text(table.title)])
        writer.writerow([_csv_text(h) for h in table.headers])
        for row in [*table.rows, *table.footer]:
            writer.writerow([_plain(cell.value) if cell.is_numeric else _csv_text(cell.text) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


def _sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet: 31 characters at most, none of \\ * ? : / [ ], no apostrophe at either end."""
    return re.sub(r"[\\*?:/\[\]]", "-", str(title))[:31].strip("'") or "-"


def _xlsx_row(sheet, cells: list[Cell]) -> None:
    """Numbers stay numbers, formatted as on screen; text is always a string, never a formula.

    A text that starts like a formula is marked with Excel's quote prefix, so it stays text even
    when someone edits the cell; characters XML cannot carry (pasted from a word processor) are dropped.
    """
    sheet.append([cell.value if cell.is_numeric else None for cell in cells])
    for written, cell in zip(sheet[sheet.max_row], cells, strict=True):
        if cell.kind == "percent":
            written.number_format = '0.0" %"'
        elif cell.kind == "number":
            written.number_format = "#,##0.##"
        elif cell.text:
            written.value = office_text(cell.text)
            written.data_type = "s"
            written.quotePrefix = cell.text.startswith(_FORMULA_STARTS)


def xlsx_response(*, tables: list[Table], name: str) -> HttpResponse:
    """One sheet per table; numbers stay numbers, rounded as on screen."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title))
        _xlsx_row(sheet, [Cell(str(h)) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in [*table.rows, *table.footer]:
            _xlsx_row(sheet, row)
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "xlsx")}"'
    return response


EXPORTERS = {"csv": csv_response, "xlsx": xlsx_response}
