import pytest
from django.core.management import call_command

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
