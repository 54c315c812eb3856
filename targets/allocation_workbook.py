"""The allocation grid as an Excel file: downloaded, filled in Excel, uploaded back onto the grid.

Sheet "Giao chỉ tiêu": unit code and name, then one column per target headed "1. Kết nạp hội viên
mới (hội viên)"; row 2 holds what the parent has to reach, the last row adds the shares up (a
formula, so the sum shows while the sheet is filled in). Sheet "Thông tin" says which plan, year and
parent the file is for, so a file cannot land on the wrong grid. Reading returns the values per cell
or, for each cell that cannot be read, a message naming the cell.
"""

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from nongdan.dates import format_moment
from nongdan.numbers import parse_number
from nongdan.office import office_text
from targets.allocating import CellKey, Column, Grid

SHEET, INFO_SHEET = "Giao chỉ tiêu", "Thông tin"
CODE_HEADER, NAME_HEADER = "Mã đơn vị", "Đơn vị"
FIRST_UNIT_ROW = 3
WHOLE_FORMAT, DECIMAL_FORMAT = "#,##0", "#,##0.##"


def _header(column: Column) -> str:
    target = column.target
    return office_text(f"{target.label}. {target.short_name} ({target.unit_of_measure})")


def _parent_label(grid: Grid) -> str:
    return _("Chỉ tiêu của %(unit)s") % {"unit": grid.parent.name}


def _total_label() -> str:
    return _("Tổng đã giao")


def _info(grid: Grid) -> list[tuple[str, object]]:
    return [
        (_("Chương trình"), grid.program.number or _("Dự thảo")),
        (_("Mã chương trình"), grid.program.slug),
        (_("Năm"), grid.year),
        (_("Đơn vị giao"), grid.parent.name),
        (_("Mã đơn vị giao"), grid.parent.code),
        (_("Lập lúc"), format_moment(timezone.now())),
    ]


def grid_workbook(grid: Grid) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([CODE_HEADER, NAME_HEADER, *(_header(column) for column in grid.columns)])
    sheet.append(["", office_text(_parent_label(grid)), *(column.parent_value for column in grid.columns)])
    for row in grid.rows:
        sheet.append(
            [row.unit.code, office_text(row.unit.name), *(grid.value(row.unit, c.target) for c in grid.columns)]
        )
    last = sheet.max_row
    sheet.append(["", _total_label()])
    for index, column in enumerate(grid.columns, start=3):
        letter = get_column_letter(index)
        if grid.rows:
            sheet.cell(row=last + 1, column=index, value=f"=SUM({letter}{FIRST_UNIT_ROW}:{letter}{last})")
        for cells in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cells[0].number_format = DECIMAL_FORMAT if column.decimals_allowed else WHOLE_FORMAT
        sheet.column_dimensions[letter].width = 18
    for cell in (*sheet[1], *sheet[2], *sheet[last + 1]):
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 16, 40
    sheet.freeze_panes = "C3"
    info = book.create_sheet(INFO_SHEET)
    for label, value in _info(grid):
        info.append([label, office_text(value)])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 20, 60
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@dataclass
class GridRead:
    values: dict[CellKey, Decimal | None]
    problems: list[str]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float | Decimal):
        # A number Excel holds as a number, written the Vietnamese way so it is read as typed.
        return format(Decimal(str(value)), "f").replace(".", ",")
    return " ".join(str(value).split())


def _check_info(book, grid: Grid, problems: list[str]) -> None:
    if INFO_SHEET not in book.sheetnames:
        return
    found = {_text(label): _text(value) for label, value, *_rest in book[INFO_SHEET].iter_rows(values_only=True)}
    wanted = [
        (_("Mã chương trình"), grid.program.slug),
        (_("Năm"), str(grid.year)),
        (_("Mã đơn vị giao"), grid.parent.code),
    ]
    for label, value in wanted:
        if found.get(label, value) != value:
            problems.append(
                _("Tệp này là bảng giao chỉ tiêu có “%(label)s” là %(found)s, không phải %(value)s của bảng này.")
                % {"label": label, "found": found[label], "value": value}
            )


def _columns(headers: list[str], grid: Grid, problems: list[str]) -> dict[int, Column]:
    """Which target each column of the file holds, by the label its header starts with."""
    by_label = {column.target.label.casefold(): column for column in grid.columns}
    if headers[:2] != [CODE_HEADER, NAME_HEADER]:
        problems.append(
            _("Dòng 1 phải bắt đầu bằng hai cột “%(code)s” và “%(name)s”: hãy dùng tệp tải từ trang này.")
            % {"code": CODE_HEADER, "name": NAME_HEADER}
        )
        return {}
    columns = {}
    for index, header in enumerate(headers[2:], start=2):
        if not header:
            continue
        column = by_label.get(header.split(".", 1)[0].strip().casefold())
        if column is None:
            problems.append(
                _("Ô %(cell)s: “%(header)s” không phải mục tiêu nào của chương trình.")
                % {"cell": f"{get_column_letter(index + 1)}1", "header": header}
            )
        else:
            columns[index] = column
    return columns


def _unit_rows(sheet, grid: Grid, columns: dict[int, Column], problems: list[str]) -> dict[CellKey, Decimal | None]:
    units = {row.unit.code.casefold(): row.unit for row in grid.rows}
    skipped = {_parent_label(grid).casefold(), _total_label().casefold()}
    values: dict[CellKey, Decimal | None] = {}
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        texts = [_text(value) for value in cells]
        if not any(texts) or (not texts[0] and texts[1].casefold() in skipped):
            continue
        unit = units.get(texts[0].casefold())
        if unit is None:
            problems.append(
                _("Ô A%(row)s: “%(code)s” không phải mã của đơn vị cấp dưới nào trong bảng này.")
                % {"row": number, "code": texts[0]}
            )
            continue
        for index, column in columns.items():
            text = texts[index] if index < len(texts) else ""
            try:
                values[unit.pk, column.target.pk] = parse_number(text, decimals_allowed=column.decimals_allowed)
            except ValidationError as error:
                problems.append(
                    _("Ô %(cell)s (%(unit)s, mục tiêu %(label)s): %(message)s")
                    % {
                        "cell": f"{get_column_letter(index + 1)}{number}",
                        "unit": unit.name,
                        "label": column.target.label,
                        "message": " ".join(error.messages),
                    }
                )
    return values


def grid_read(content: bytes, grid: Grid) -> GridRead:
    """The shares the file gives each cell it has (blank: none), or what stops it being read."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return GridRead({}, [_("Không đọc được tệp: hãy lưu tệp dưới dạng Excel (.xlsx) rồi tải lên lại.")])
    problems: list[str] = []
    try:
        if SHEET not in book.sheetnames:
            return GridRead({}, [_("Tệp không có trang “%(sheet)s”.") % {"sheet": SHEET}])
        _check_info(book, grid, problems)
        sheet = book[SHEET]
        headers = [_text(value) for value in next(sheet.iter_rows(max_row=1, values_only=True), ())]
        columns = _columns(headers, grid, problems)
        values = _unit_rows(sheet, grid, columns, problems) if columns and not problems else {}
    finally:
        book.close()
    return GridRead(values, problems)


def workbook_name(grid: Grid) -> str:
    return f"giao-chi-tieu-{grid.program.slug}-{grid.parent.code.lower()}-{grid.year}.xlsx"
