"""The province workbook: one XLSX with a sheet of units and a sheet of people.

`workbook_write` makes the template, filled with what the province has now (so an admin edits and
uploads it back); `workbook_read` turns an uploaded file into rows of text, with the problems that
stop it being read at all. Checking the rows against the province is `organisations.imports`.
The file's layout is Vietnamese whatever the interface language: the same file must read back.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from nongdan.dates import format_date
from nongdan.office import office_text
from organisations.models import Membership, Organisation, Province

GUIDE_SHEET = "Hướng dẫn"
UNITS_SHEET = "Đơn vị"
PEOPLE_SHEET = "Người dùng"
LISTS_SHEET = "Danh mục"
YES, NO = "có", "không"
MAX_ROWS = 20000  # per sheet: far above a province (about 1.500 units), far below a hostile file


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    guide: str


UNIT_COLUMNS = [
    Column("code", "Mã đơn vị", True, 16, "Mã cố định, không trùng trong tỉnh (chữ không dấu, số, . _ -)."),
    Column("name", "Tên đơn vị", True, 44, "Tên đầy đủ, ví dụ Hội Nông dân xã Cao Lộc."),
    Column("short_name", "Tên ngắn", False, 20, "Không bắt buộc."),
    Column("parent_code", "Mã đơn vị cấp trên", False, 18, "Để trống cho Hội Nông dân tỉnh và các cơ quan, ban."),
    Column("kind", "Loại", True, 34, "Chọn trong danh sách."),
    Column("professional", "Nghề nghiệp", False, 12, "“có” cho chi Hội, tổ Hội nghề nghiệp; để trống nếu không."),
    Column("retired_on", "Ngừng hoạt động từ ngày", False, 16, "dd/mm/yyyy; để trống nếu đang hoạt động."),
    Column("merged_into", "Sáp nhập vào (mã đơn vị)", False, 18, "Mã đơn vị nhận sáp nhập; cần ngày ngừng hoạt động."),
]
PEOPLE_COLUMNS = [
    Column("full_name", "Họ và tên", True, 28, "Ví dụ Hoàng Thị Mai."),
    Column("email", "Email", True, 30, "Mỗi người một email; thư đặt mật khẩu gửi về đây."),
    Column("username", "Tên đăng nhập", False, 20, "Để trống thì dùng email."),
    Column("unit_code", "Mã đơn vị", True, 16, "Đơn vị nơi người này giữ vai trò."),
    Column("role", "Vai trò", True, 30, "Chọn trong danh sách; mỗi vai trò một dòng."),
]

GUIDE = [
    "Tệp đơn vị và người dùng của tỉnh",
    "",
    "Trang “Đơn vị”: mỗi dòng một đơn vị của Hội (tỉnh, xã, chi Hội, tổ Hội) hoặc một cơ quan, ban.",
    "Trang “Người dùng”: mỗi dòng một vai trò của một người; người có hai vai trò thì có hai dòng.",
    "Cột có dấu (*) là bắt buộc. Không đổi tên trang, không đổi tên cột.",
    "",
    "Tải lên tệp này ở trang Đơn vị → Nhập từ Excel. Hệ thống kiểm tra trước và liệt kê mọi lỗi",
    "(trang, dòng, cột, giá trị, lý do); chưa thay đổi gì cho đến khi anh/chị xác nhận.",
    "Khi xác nhận, toàn bộ tệp được ghi một lần: hoặc tất cả, hoặc không gì cả.",
    "",
    "Đơn vị được nhận ra theo mã (không phân biệt chữ hoa, chữ thường); người dùng theo email.",
    "Nhập lại cùng một tệp không thay đổi gì; sửa tệp rồi nhập lại thì cập nhật, không tạo trùng.",
    "Đơn vị không có trong tệp được giữ nguyên; đơn vị không bao giờ bị xóa: ghi ngày ngừng hoạt động,",
    "hoặc mã đơn vị nhận sáp nhập (các đơn vị cấp dưới đang hoạt động chuyển sang đơn vị đó).",
    "Mỗi người có trong tệp: các dòng của họ là toàn bộ vai trò của họ trong tỉnh (vai trò không còn",
    "trong tệp sẽ bị bỏ). Người không có trong tệp được giữ nguyên.",
    "Người mới nhận thư để tự đặt mật khẩu. Tệp không bao giờ chứa mật khẩu.",
    "Người chưa có email không có trong tệp tải về: sửa họ ở trang Người dùng.",
    "",
    "Loại đơn vị và vai trò: chọn trong danh sách (trang “Danh mục”).",
]


def _labels(choices) -> list[str]:
    with translation.override("vi"):
        return [str(label) for _value, label in choices]


def kind_choices():
    """Every kind a province may hold: the central association is the national catalogue's."""
    return [(value, label) for value, label in Organisation.Kind.choices if value != Organisation.Kind.CENTRAL]


def _text_cell(sheet, row: int, column: int, value) -> None:
    """Text stays text: a name starting with "=" never becomes a formula, and loses what XML cannot carry."""
    cell = sheet.cell(row=row, column=column, value=office_text(value))
    if isinstance(value, str):
        cell.data_type = "s"


def _header(sheet, columns: list[Column]) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="D9EAD3")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header + (" (*)" if column.required else ""))
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _validation(sheet, columns: list[Column], key: str, formula: str) -> None:
    letter = get_column_letter([c.key for c in columns].index(key) + 1)
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    rule.error = "Hãy chọn một giá trị trong danh sách."
    rule.add(f"{letter}2:{letter}{MAX_ROWS}")
    sheet.add_data_validation(rule)


def _lists_sheet(book: Workbook) -> dict[str, str]:
    """A sheet holding the drop-down lists; returns each list's range formula."""
    sheet = book.create_sheet(LISTS_SHEET)
    lists = {"kind": _labels(kind_choices()), "role": _labels(Membership.Role.choices), "professional": [YES, NO]}
    formulas = {}
    for index, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value={"kind": "Loại", "role": "Vai trò", "professional": "Nghề nghiệp"}[key])
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        formulas[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    return formulas


def _guide_sheet(book: Workbook, province: Province) -> None:
    sheet = book.active
    sheet.title = GUIDE_SHEET
    sheet.column_dimensions["A"].width = 100
    lines = [*GUIDE, "", f"Tỉnh: {province.name} (mã {province.code})", ""]
    for title, columns in ((UNITS_SHEET, UNIT_COLUMNS), (PEOPLE_SHEET, PEOPLE_COLUMNS)):
        lines.append(f"Trang “{title}”:")
        lines += [f"  • {c.header}{' (*)' if c.required else ''}: {c.guide}" for c in columns]
    for row, line in enumerate(lines, start=1):
        _text_cell(sheet, row, 1, line)
    sheet["A1"].font = Font(bold=True, size=14)


def _unit_rows(province: Province):
    with translation.override("vi"):
        labels = dict(kind_choices())
        for unit in province.organisations.select_related("parent", "merged_into").order_by("path"):
            yield [
                unit.code,
                unit.name,
                unit.short_name,
                unit.parent.code if unit.parent_id else "",
                str(labels.get(unit.kind, unit.kind)),
                YES if unit.professional else "",
                unit.retired_on,
                unit.merged_into.code if unit.merged_into_id else "",
            ]


def _people_rows(province: Province):
    memberships = (
        Membership.objects.filter(organisation__province=province)
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "user__email", "organisation__path", "role")
    )
    with translation.override("vi"):
        labels = {value: str(label) for value, label in Membership.Role.choices}
        for m in memberships:
            yield [m.user.get_full_name(), m.user.email, m.user.username, m.organisation.code, labels[m.role]]


def _data_sheet(book: Workbook, title: str, columns: list[Column], rows) -> None:
    sheet = book.create_sheet(title)
    _header(sheet, columns)
    for row_number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            _text_cell(sheet, row_number, index, value)
            if isinstance(value, datetime.date):
                sheet.cell(row=row_number, column=index).number_format = "DD/MM/YYYY"


def workbook_write(*, province: Province) -> bytes:
    """The template, filled with the province's units and people as they are now."""
    book = Workbook()
    _guide_sheet(book, province)
    _data_sheet(book, UNITS_SHEET, UNIT_COLUMNS, _unit_rows(province))
    _data_sheet(book, PEOPLE_SHEET, PEOPLE_COLUMNS, _people_rows(province))
    formulas = _lists_sheet(book)
    _validation(book[UNITS_SHEET], UNIT_COLUMNS, "kind", formulas["kind"])
    _validation(book[UNITS_SHEET], UNIT_COLUMNS, "professional", formulas["professional"])
    _validation(book[PEOPLE_SHEET], PEOPLE_COLUMNS, "role", formulas["role"])
    book.active = 1
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


# Reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One value read from the file: its text (what the person sees) and, for dates, the date."""

    sheet: str
    row: int
    column: str  # "B (Tên đơn vị)"
    text: str
    date: datetime.date | None = None


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str


Row = dict[str, Cell]


@dataclass
class Sheets:
    units: list[Row]
    people: list[Row]
    problems: list[Problem]


def _normalise_header(value) -> str:
    return " ".join(str(value or "").replace("(*)", "").replace("*", "").split()).casefold()


def _cell(sheet: str, row: int, column: str, value) -> Cell:
    if isinstance(value, datetime.datetime):
        return Cell(sheet, row, column, format_date(value.date()), value.date())
    if isinstance(value, datetime.date):
        return Cell(sheet, row, column, format_date(value), value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Cell(sheet, row, column, "" if value is None else " ".join(str(value).split()))


def _read_sheet(book, title: str, columns: list[Column], problems: list[Problem]) -> list[Row]:
    if title not in book.sheetnames:
        problems.append(Problem(title, None, "", "", _("Tệp không có trang “%(sheet)s”.") % {"sheet": title}))
        return []
    rows = book[title].iter_rows(values_only=True)
    headers = [_normalise_header(value) for value in next(rows, ())]
    positions = {}
    for column in columns:
        try:
            index = headers.index(_normalise_header(column.header))
        except ValueError:
            problems.append(
                Problem(title, 1, column.header, "", _("Thiếu cột “%(column)s”.") % {"column": column.header})
            )
            continue
        positions[column.key] = (index, f"{get_column_letter(index + 1)} ({column.header})")
    if len(positions) < len(columns):
        return []
    read = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            problems.append(Problem(title, number, "", "", _("Quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS}))
            break
        values = list(values) + [None] * len(headers)
        row = {key: _cell(title, number, label, values[index]) for key, (index, label) in positions.items()}
        if any(cell.text for cell in row.values()):
            read.append(row)
    return read


def as_date(value) -> datetime.date | None:
    """A date typed as dd/mm/yyyy, or an Excel date number; None if it is neither."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    if value.isdigit() and 1 <= int(value) <= 2958465:
        return from_excel(int(value)).date()
    return None


def workbook_read(content: bytes) -> Sheets:
    """The rows of both sheets, or the problems that stop the file being read."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        problem = Problem(
            "", None, "", "", _("Không đọc được tệp: hãy lưu tệp dưới dạng Excel (.xlsx) rồi tải lên lại.")
        )
        return Sheets([], [], [problem])
    problems: list[Problem] = []
    try:
        units = _read_sheet(book, UNITS_SHEET, UNIT_COLUMNS, problems)
        people = _read_sheet(book, PEOPLE_SHEET, PEOPLE_COLUMNS, problems)
    finally:
        book.close()
    return Sheets(units, people, problems)
