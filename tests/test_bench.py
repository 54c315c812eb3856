import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from organisations.models import Province
from reports.models import Report

pytestmark = pytest.mark.django_db


def test_bench_measures_every_page_and_leaves_nothing_behind(capsys):
    call_command("bench", communes=3, years=1, import_units=25, import_people=40, sheet_units=4)
    output = capsys.readouterr().out
    rows = [line for line in output.splitlines() if line.rstrip().endswith(tuple("0123456789")) and " 200 " in line]
    assert len(rows) == 14  # every page answered 200, with its queries and time
    assert "Trang nhập số liệu" in output and "Kết quả theo mục tiêu" in output
    assert "Nhập Excel: tải lên                302" in output and "  — xác nhận, lưu                  302" in output
    assert "đã lưu 64 giá trị" in output  # 4 units × 16 figures
    assert "Nhập tệp Excel 25 đơn vị, 40 người: kiểm tra" in output
    assert not Province.objects.exists() and not Report.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the national data set is written in PostgreSQL's SQL")
def test_the_national_bench_prints_every_page_beside_its_sql_floor_and_leaves_nothing(capsys):
    call_command("bench", national=True, provinces=2, communes=3, runs=1)
    output = capsys.readouterr().out
    assert "2 tỉnh × 3 xã, 2021–2030, 2.160 giá trị" in output  # 6 communes × 40 quarters × 9 figures
    pages = [line for line in output.splitlines() if line.rstrip().endswith(tuple("0123456789"))]
    assert [line[:28].strip() for line in pages] == [
        "Kết quả theo mục tiêu",
        "— XLSX",
        "Theo đơn vị",
        "Tình hình gửi báo cáo",
        "So sánh 2 tỉnh",
        "Báo cáo quý (người duyệt)",
        "Trang nhập số liệu",
    ]
    assert "HTTP" not in output and "Lưu nháp 9 số liệu" in output
    assert not Province.objects.exists() and not Report.objects.exists()


def test_the_national_bench_needs_postgresql(settings):
    if connection.vendor == "postgresql":
        pytest.skip("this machine's database is PostgreSQL")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", national=True)
