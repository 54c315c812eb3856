"""An uploaded template back into cells, or a refusal of the whole file with the reason in words."""

import io
import logging
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from nongdan.numbers import format_number
from reports.excel import layout
from reports.excel.layout import Meta

logger = logging.getLogger(__name__)

# An entry template of a few thousand units unpacks to a few MB; anything far bigger is not one of ours.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class FileRefused(Exception):
    """The file as a whole cannot be used; `reason` says why, for the person who uploaded it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def typed_text(value) -> str:
    """A cell's value as the entry form receives typing: numbers in Vietnamese style, text as it is.

    A number cell is unambiguous, so it is written without grouping ("1500", "7,5") for the form's
    parser; Excel keeps 15 significant digits, so floats are read at that precision.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(value) if isinstance(value, int | Decimal) else Decimal(format(value, ".15g"))
        return f"{number:f}".replace(".", ",")
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def shown(value) -> str:
    """A cell's value as the problem list shows it: numbers the Vietnamese way, text as typed."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(typed_text(value).replace(",", "."))
    return typed_text(value)


@dataclass(frozen=True)
class UploadedFile:
    meta: Meta
    cells: dict[tuple[int, int], object]
    """The values of the data sheet's cells that matter, by (row, column)."""

    def value(self, cell: tuple[int, int]):
        return self.cells.get(cell)


def _check_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRefused(_("Tệp này không phải tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ trang báo cáo.")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(_("Tệp quá lớn so với một tệp mẫu nhập số liệu."))


def _meta(workbook) -> Meta:
    if layout.META_SHEET not in workbook.sheetnames or layout.DATA_SHEET not in workbook.sheetnames:
        raise FileRefused(
            _(
                "Tệp này không phải tệp mẫu nhập số liệu của hệ thống (thiếu trang thông tin tệp). "
                "Hãy tải tệp mẫu ở trang báo cáo, điền vào đó rồi tải lên."
            )
        )
    try:
        return Meta.from_rows(workbook[layout.META_SHEET].iter_rows(values_only=True))
    except (ValueError, TypeError, KeyError, IndexError):
        raise FileRefused(
            _("Trang thông tin của tệp mẫu đã bị sửa hoặc là của phiên bản cũ. Hãy tải tệp mẫu mới.")
        ) from None


def _cells(sheet, meta: Meta) -> dict[tuple[int, int], object]:
    wanted = set(meta.labels())
    for unit in meta.units:
        for figure in meta.figures:
            wanted |= {meta.value_cell(unit, figure), meta.comment_cell(unit, figure)}
    if not wanted:  # a province whose programs ask for no figure yet
        return {}
    last_row, last_col = max(row for row, _col in wanted), max(col for _row, col in wanted)
    cells = {}
    for row, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=last_row, max_col=last_col, values_only=True), start=1
    ):
        for col, value in enumerate(values, start=1):
            if (row, col) in wanted:
                cells[(row, col)] = value
    return cells


def _check_labels(meta: Meta, cells) -> None:
    """Each label must still be where the template wrote it: rows or columns were not moved."""
    for cell, label in meta.labels().items():
        found = cells.get(cell)
        if str(found or "").strip() != label.strip():
            raise FileRefused(
                _(
                    "Ô %(cell)s của trang “%(sheet)s” phải là “%(label)s” nhưng tệp ghi “%(found)s”: dòng hoặc cột "
                    "đã bị chèn, xóa hay sắp xếp lại. Hãy dán số liệu vào đúng chỗ trong tệp mẫu mới."
                )
                % {"cell": layout.address(*cell), "sheet": layout.DATA_SHEET, "label": label, "found": found or ""}
            )


def read_upload(content: bytes) -> UploadedFile:
    """The template's metadata and the data cells it points at; FileRefused when the file cannot be used."""
    _check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged file can fail anywhere inside openpyxl: it is refused, never a server error
        logger.info("Unreadable upload", exc_info=True)
        raise FileRefused(
            _("Không đọc được tệp này. Hãy mở lại bằng Excel hoặc LibreOffice, lưu dạng .xlsx.")
        ) from None
    try:
        meta = _meta(workbook)
        cells = _cells(workbook[layout.DATA_SHEET], meta)
    finally:
        workbook.close()
    _check_labels(meta, cells)
    return UploadedFile(meta=meta, cells=cells)
