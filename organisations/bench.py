"""Timing the workbook import on a synthetic province, for `manage.py bench` (inside its rolled-back
transaction): a province association, communes of ten units each, and people with a role each."""

import io
import time
from collections.abc import Callable

from openpyxl import Workbook

from organisations.imports import import_apply, import_plan
from organisations.models import Province
from organisations.workbook import PEOPLE_COLUMNS, PEOPLE_SHEET, UNIT_COLUMNS, UNITS_SHEET


def _workbook(*, units: int, people: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(UNITS_SHEET)
    sheet.append([c.header for c in UNIT_COLUMNS])
    sheet.append(["T", "Hội Nông dân tỉnh thử", "", "", "Hội Nông dân tỉnh", "", "", ""])
    codes = []
    for n in range(units - 1):
        commune, rest = divmod(n, 10)
        if rest == 0:
            code, row = f"X{commune:04}", [f"Hội Nông dân xã {commune:04}", "", "T", "commune_association"]
        else:
            code, row = f"X{commune:04}-{rest}", [f"Chi Hội {rest} xã {commune:04}", "", f"X{commune:04}", "branch"]
        sheet.append([code, *row, "", "", ""])
        codes.append(code)
    sheet = book.create_sheet(PEOPLE_SHEET)
    sheet.append([c.header for c in PEOPLE_COLUMNS])
    for n in range(people):
        sheet.append([f"Nguyễn Văn Thử {n}", f"thu{n}@bench.example", "", codes[n % len(codes)], "reporter"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def bench_import(*, units: int, people: int, write: Callable[[str], None]) -> None:
    """Check then apply a workbook of `units` units and `people` people; call inside a transaction
    that is rolled back afterwards."""
    province = Province.objects.create(name="Tỉnh thử nhập", code="bench-thu-nhap")
    content = _workbook(units=units, people=people)
    start = time.perf_counter()
    plan = import_plan(province=province, content=content, by=None)
    checked = time.perf_counter()
    if plan.problems:
        raise RuntimeError(f"bench workbook has problems: {plan.problems[:3]}")
    import_apply(province=province, content=content, by=None, digest=plan.digest)
    done = time.perf_counter()
    write(
        f"Nhập tệp Excel {units} đơn vị, {people} người: kiểm tra {checked - start:.1f} s,"
        f" kiểm tra lại và ghi {done - checked:.1f} s, tổng {done - start:.1f} s"
    )
