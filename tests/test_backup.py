"""Backup and restore (README: Sao lưu và phục hồi): a pg_dump restores into a fresh database with
every row and sequence as it was. Runs on PostgreSQL, as CI does; a SQLite run skips it."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from nongdan.management.commands.backup_check import differences, fingerprint
from reports.models import Report
from tests.factories import ReportFactory, ReportValueFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore need PostgreSQL: run with DATABASE_URL=postgres://… (CI does)",
)


@pytest.fixture
def data(tree, reporter):
    """The seed programs, and a report with a decimal value, a comment in Vietnamese and its history."""
    call_command("load_programs", stdout=io.StringIO())
    report = ReportFactory(unit=tree["a"], status=Report.Status.APPROVED)
    ReportValueFactory(report=report, value=Decimal("1234.50"), comment="Số liệu “ước tính”, có dấu\nxuống dòng")
    return report


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_every_row_and_sequence(data):
    out = io.StringIO()
    call_command("backup_check", stdout=out)
    assert "giống hệt bản gốc" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", [f"{connection.settings_dict['NAME']}_restore_check"]
        )
        assert cursor.fetchone() == (0,)  # the copy is gone


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_comparison_sees_a_changed_value(data):
    before = fingerprint(connection.settings_dict["NAME"])
    value = data.values.get()
    value.value = Decimal("1234.51")
    value.save()
    found = differences(before, fingerprint(connection.settings_dict["NAME"]))
    assert [line.split(":")[0] for line in found] == [
        "reports_historicalreportvalue",
        "reports_reportvalue",
        "sequence reports_historicalreportvalue_history_id_seq",
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_other_databases_are_refused_with_a_reason():
    with pytest.raises(CommandError, match="backup_check cần PostgreSQL"):
        call_command("backup_check")
