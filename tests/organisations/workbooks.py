"""Workbooks as a person would fill them, built in memory for the import tests."""

import io

from openpyxl import Workbook, load_workbook

from organisations.workbook import PEOPLE_COLUMNS, PEOPLE_SHEET, UNIT_COLUMNS, UNITS_SHEET

COMMUNE = "Hội Nông dân xã, phường, đặc khu (cơ sở Hội)"
BRANCH = "Chi Hội"
PROVINCE = "Hội Nông dân tỉnh"
REPORTER = "Cán bộ nhập số liệu"
APPROVER = "Người duyệt báo cáo"
ADMIN = "Quản trị chương trình"


def unit(code, name, parent="", kind=COMMUNE, professional="", retired_on="", merged_into="", short_name=""):
    return [code, name, short_name, parent, kind, professional, retired_on, merged_into]


def person(full_name, email, unit_code, role=REPORTER, username=""):
    return [full_name, email, username, unit_code, role]


def xlsx(units=(), people=()) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in ((UNITS_SHEET, UNIT_COLUMNS, units), (PEOPLE_SHEET, PEOPLE_COLUMNS, people)):
        sheet = book.create_sheet(title)
        sheet.append([c.header + (" (*)" if c.required else "") for c in columns])
        for row in rows:
            sheet.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def rows(content: bytes, title: str) -> list[list]:
    """The rows of a sheet below its header, as values."""
    sheet = load_workbook(io.BytesIO(content))[title]
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
