"""Entry templates: the XLSX a reporter fills for their unit, or an approver for the units below them.

Cells to fill are unlocked and shaded, number cells validated (a whole or decimal number from 0);
everything else is locked (without a password: protection against slips, not
a secret). The hidden metadata sheet is what an upload is matched and checked against.
"""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from nongdan.dates import format_date, format_moment
from nongdan.numbers import MAX_REPORTED_VALUE
from nongdan.office import office_text
from organisations.models import Organisation
from reports.excel import layout
from reports.excel.layout import Kind, Meta, MetaFigure, MetaUnit
from reports.models import ReportingPeriod
from reports.sheets import FigureLine, ReportSheet, TargetGroup, lines_of

INPUT_FILL = PatternFill("solid", start_color="FFF2CC")
INPUT_STYLES = {"whole": "Ô nhập số nguyên", "decimal": "Ô nhập số thập phân", "comment": "Ô nhập ghi chú"}
WHOLE_FORMAT, DECIMAL_FORMAT = "#,##0", "#,##0.00"
UNIT_WIDTHS = {"A": 28, "B": 34, "C": 50, "D": 12, "E": 18, "F": 16, "G": 18, "H": 40}


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _made(made_by) -> str:
    return _("Tải lúc %(when)s, %(who)s") % {
        "when": format_moment(timezone.now()),
        "who": made_by.get_full_name() or made_by.get_username(),
    }


def _new_workbook(*, meta: Meta, title: str, info: str, help_text: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    _add_input_styles(workbook)
    sheet = workbook.active
    sheet.title = layout.DATA_SHEET
    sheet["A1"], sheet["A2"], sheet["A3"] = office_text(title), office_text(info), office_text(help_text)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A3"].alignment = Alignment(wrap_text=False)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False  # widen columns, rows: allowed

    hidden = workbook.create_sheet(layout.META_SHEET)
    for row in meta.rows():
        hidden.append([office_text(value) for value in row])
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook, sheet


def _validations(sheet: Worksheet) -> dict[str, DataValidation]:
    """A rule per kind of number cell; cells are added to them as they are written."""
    rules = {
        "whole": DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2=str(int(MAX_REPORTED_VALUE)),
            errorTitle=_("Số nguyên"),
            error=_("Nhập một số nguyên từ 0 trở lên, không có phần thập phân (ví dụ 1500). Để trống nếu chưa có."),
        ),
        "decimal": DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=str(int(MAX_REPORTED_VALUE)),
            errorTitle=_("Số"),
            error=_("Nhập một số từ 0 trở lên, tối đa 2 chữ số thập phân (ví dụ 7,5). Để trống nếu chưa có."),
        ),
    }
    for rule in rules.values():
        rule.allow_blank = True
        rule.showErrorMessage = True
        rule.errorStyle = "stop"
        sheet.add_data_validation(rule)
    return rules


def _add_input_styles(workbook: Workbook) -> None:
    """Cells to fill: unlocked and shaded, numbers with their display format. One named style per kind
    (setting each cell's fill, protection and format one by one costs a second for a thousand units)."""
    for kind, number_format in (("whole", WHOLE_FORMAT), ("decimal", DECIMAL_FORMAT), ("comment", "General")):
        workbook.add_named_style(
            NamedStyle(
                name=INPUT_STYLES[kind],
                fill=INPUT_FILL,
                protection=Protection(locked=False),
                number_format=number_format,
            )
        )


def _input(sheet: Worksheet, row: int, col: int, value, kind: str) -> None:
    """A cell to fill (its validation rule is added apart, per column or per cell)."""
    sheet.cell(row=row, column=col, value=office_text(value)).style = INPUT_STYLES[kind]


def _kind(line: FigureLine) -> str:
    return "decimal" if line.figure.allows_decimals else "whole"


def _header(sheet: Worksheet, headers: list[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(row=layout.HEADER_ROW, column=col, value=office_text(text))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _describe(group: TargetGroup, line: FigureLine) -> list[str]:
    """A figure as the guide columns describe it: target, name, definition, unit of measure, flow or stock."""
    figure = line.figure
    return [group.heading, figure.name, figure.definition, figure.unit_of_measure, figure.get_kind_display()]


def _describe_columns(sheet: Worksheet, row: int, group: TargetGroup, line: FigureLine) -> None:
    for col, text in enumerate(_describe(group, line), start=layout.TARGET_COL):
        sheet.cell(row=row, column=col, value=office_text(text)).alignment = Alignment(wrap_text=True, vertical="top")


def _save(workbook: Workbook) -> bytes:
    # openpyxl takes text starting with "=" for a formula. Nothing in a template is one: names and
    # comments people typed stay text, so "=HYPERLINK(…)" in a comment is never run by whoever opens it.
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _meta(*, kind: Kind, root: Organisation, period: ReportingPeriod, units, figures) -> Meta:
    return Meta(
        kind=kind,
        province_id=root.province_id,
        province_name=root.province.name,
        year=period.year,
        quarter=period.quarter,
        period_label=str(period),
        root_id=root.pk,
        root_name=root.name,
        units=units,
        figures=figures,
    )


def unit_workbook(*, sheet: ReportSheet, made_by) -> bytes:
    """One unit's quarter: a row per figure of its entry form, with last quarter's and the saved values."""
    unit, period, report = sheet.state.unit, sheet.state.period, sheet.report
    lines = [(group, line) for group in sheet.groups for line in group.lines]
    first = layout.FIRST_ROW
    meta = _meta(
        kind=Kind.UNIT,
        root=unit,
        period=period,
        units=[MetaUnit(unit.pk, unit.name, report.version if report else 0, None)],
        figures=[
            MetaFigure(line.figure.pk, line.figure.code, line.figure.name, row, layout.VALUE_COL, layout.COMMENT_COL)
            for row, (_group, line) in enumerate(lines, start=first)
        ],
    )
    workbook, ws = _new_workbook(
        meta=meta,
        title=_("Số liệu báo cáo quý: %(unit)s — %(period)s") % {"unit": unit.name, "period": period},
        info=f"{unit.province.name} · {_('Hạn nộp')} {format_date(sheet.state.deadline)} · {_made(made_by)}",
        help_text=_(
            "Nhập số vào cột G (số đã lưu được điền sẵn); để trống nghĩa là chưa báo cáo, khác số 0. "
            "Số khác nhiều so với quý trước cần ghi lý do ở cột H. Không chèn, xóa hay sắp xếp dòng. "
            "Tải tệp lên ở trang báo cáo: “Nhập từ tệp Excel”."
        ),
    )
    previous = str(sheet.previous_period) if sheet.previous_period else _("Quý trước")
    _header(
        ws,
        [
            _("Mục tiêu"),
            _("Số liệu"),
            _("Định nghĩa"),
            _("Đơn vị tính"),
            _("Loại"),
            _("%(period)s (quý trước)") % {"period": previous},
            _("%(period)s: số liệu") % {"period": period},
            _("Ghi chú"),
        ],
    )
    rules = _validations(ws)
    for row, (group, line) in enumerate(lines, start=first):
        _describe_columns(ws, row, group, line)
        previous_cell = ws.cell(row=row, column=layout.PREVIOUS_COL, value=_number(line.previous))
        previous_cell.number_format = DECIMAL_FORMAT if line.figure.allows_decimals else WHOLE_FORMAT
        saved = line.saved
        _input(ws, row, layout.VALUE_COL, _number(saved.value) if saved else None, _kind(line))
        _input(ws, row, layout.COMMENT_COL, saved.comment if saved else None, "comment")
        rules[_kind(line)].add(ws.cell(row=row, column=layout.VALUE_COL).coordinate)
    for letter, width in UNIT_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(row=first, column=1)
    return _save(workbook)


def _deadline(sheets: list[ReportSheet], period: ReportingPeriod) -> str:
    """The units' deadline (their province's calendar: one province per file)."""
    return format_date(sheets[0].state.deadline if sheets else period.deadline)


def units_workbook(*, root: Organisation, period: ReportingPeriod, sheets: list[ReportSheet], made_by) -> bytes:
    """The units below `root`: a row per unit, a column per figure (then a column per figure's comment)."""
    first, value_col = layout.FIRST_ROW, layout.UNITS_FIRST_VALUE_COL
    lines = lines_of(sheets)
    comment_col = value_col + len(lines)
    headers = [f"{line.figure.name} ({line.figure.unit_of_measure})" for _group, line in lines]
    meta = _meta(
        kind=Kind.UNITS,
        root=root,
        period=period,
        units=[
            MetaUnit(s.state.unit.pk, s.state.unit.name, s.report.version if s.report else 0, row)
            for row, s in enumerate(sheets, start=first)
        ],
        figures=[
            MetaFigure(line.figure.pk, line.figure.code, header, None, value_col + n, comment_col + n)
            for n, ((_group, line), header) in enumerate(zip(lines, headers, strict=True))
        ],
    )
    workbook, ws = _new_workbook(
        meta=meta,
        title=_("Số liệu báo cáo quý của các đơn vị thuộc %(unit)s — %(period)s")
        % {"unit": root.name, "period": period},
        info=f"{root.province.name} · {_('Hạn nộp')} {_deadline(sheets, period)} · {_made(made_by)}",
        help_text=_(
            "Mỗi dòng một đơn vị, mỗi cột một số liệu (giải thích ở trang “Giải thích”); số đã lưu được điền sẵn. "
            "Để trống nghĩa là chưa báo cáo. Ghi chú cho từng số ở các cột “Ghi chú” bên phải. "
            "Không chèn, xóa hay sắp xếp dòng, cột."
        ),
    )
    _header(
        ws,
        [_("Đơn vị"), _("Trạng thái")]
        + headers
        + [_("Ghi chú: %(figure)s") % {"figure": line.figure.name} for _group, line in lines],
    )
    rules = _validations(ws)
    for row, sheet in enumerate(sheets, start=first):
        ws.cell(row=row, column=layout.UNIT_NAME_COL, value=office_text(sheet.state.unit.name))
        ws.cell(row=row, column=layout.UNIT_STATUS_COL, value=str(sheet.state.status_label))
        asked = {line.figure.pk: line for line in sheet.lines}
        for n, (_group, column_line) in enumerate(lines):
            line = asked.get(column_line.figure.pk)
            if line is None:
                continue  # a figure this unit does not enter: its cells stay locked and empty
            saved = line.saved
            _input(ws, row, value_col + n, _number(saved.value) if saved else None, _kind(line))
            _input(ws, row, comment_col + n, saved.comment if saved else None, "comment")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 40, 18
    last = first + len(sheets) - 1
    for n, (_group, line) in enumerate(lines):
        column = get_column_letter(value_col + n)
        rules[_kind(line)].add(f"{column}{first}:{column}{last}")
        ws.column_dimensions[get_column_letter(value_col + n)].width = 16
        ws.column_dimensions[get_column_letter(comment_col + n)].width = 30
    ws.freeze_panes = ws.cell(row=first, column=value_col)
    _guide(workbook, lines)
    return _save(workbook)


def _guide(workbook: Workbook, lines: list[tuple[TargetGroup, FigureLine]]) -> None:
    """The sheet that explains each figure column of the units' workbook, read-only."""
    guide = workbook.create_sheet(layout.GUIDE_SHEET, index=1)
    guide.append([_("Mục tiêu"), _("Số liệu"), _("Định nghĩa"), _("Đơn vị tính"), _("Loại"), _("Số thập phân")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for row, (group, line) in enumerate(lines, start=2):
        _describe_columns(guide, row, group, line)
        guide.cell(row=row, column=6, value=_("Được") if line.figure.allows_decimals else _("Không (số nguyên)"))
    for letter, width in UNIT_WIDTHS.items():
        guide.column_dimensions[letter].width = width
    guide.protection.sheet = True


def template_filename(*, unit: Organisation, period: ReportingPeriod, below: bool) -> str:
    """Program-free, ASCII: "mau-nhap-hoi-nong-dan-xa-a-quy-3-2025.xlsx" (or "…-cac-don-vi-thuoc-…")."""
    name = slugify(unit.name.replace("đ", "d").replace("Đ", "D"))
    prefix = "mau-nhap-cac-don-vi-thuoc" if below else "mau-nhap"
    return f"{prefix}-{name}-quy-{period.quarter}-{period.year}.xlsx"
