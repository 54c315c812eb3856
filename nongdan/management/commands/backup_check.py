"""Prove that a backup restores: dump this database, restore the dump into a fresh one, compare.

It runs the README's own commands (pg_dump, createdb, pg_restore), then compares every table of
the two databases row for row (a count and a checksum of all rows) and every sequence, and drops
the copy. Everything the app knows is in these tables (no uploaded files; sessions, login attempts
and the mail outbox included), so equal tables mean equal pages and exports. PostgreSQL only.
"""

import contextlib
import os
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""
# Rows in a fixed order, so equal contents give equal checksums.
TABLE_FINGERPRINT = "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
SEQUENCES = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"


def fingerprint(dbname: str) -> dict[str, tuple]:
    """Each table's (rows, checksum) and each sequence's last value, in database `dbname`."""
    settings = connection.settings_dict
    database = connection.Database.connect(
        dbname=dbname,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )
    with contextlib.closing(database), database.cursor() as cursor:
        cursor.execute(TABLES)
        tables = [name for (name,) in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(TABLE_FINGERPRINT.format(connection.ops.quote_name(table)))
            result[table] = cursor.fetchone()
        cursor.execute(SEQUENCES)
        result |= {f"sequence {name}": (last,) for name, last in cursor.fetchall()}
    return result


def differences(original: dict[str, tuple], restored: dict[str, tuple]) -> list[str]:
    """What differs between two fingerprints, one line per table or sequence."""
    return [
        f"{name}: {original.get(name, 'thiếu')} ≠ {restored.get(name, 'thiếu')}"
        for name in sorted(original.keys() | restored.keys())
        if original.get(name) != restored.get(name)
    ]


class Command(BaseCommand):
    help = (
        "Sao lưu CSDL bằng pg_dump, phục hồi vào một CSDL mới bằng pg_restore, so sánh từng bảng rồi xóa bản phục hồi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="giữ lại CSDL phục hồi để xem")

    def handle(self, *args, keep=False, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "backup_check cần PostgreSQL (DATABASE_URL=postgres://…); pg_dump không dùng cho SQLite."
            )
        source = connection.settings_dict["NAME"]
        copy = f"{source}_restore_check"
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / f"{source}.dump"
            self._run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source)
            self._run("dropdb", "--if-exists", copy)
            self._run("createdb", copy)
            try:
                self._run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={copy}", str(dump))
                original, restored = fingerprint(source), fingerprint(copy)
            finally:
                if not keep:
                    self._run("dropdb", "--if-exists", copy)
        found = differences(original, restored)
        if found:
            raise CommandError("Bản phục hồi khác bản gốc:\n" + "\n".join(found))
        tables = [value for name, value in original.items() if not name.startswith("sequence ")]
        self.stdout.write(
            f"Sao lưu và phục hồi {source}: {len(tables)} bảng, {sum(rows for rows, _sum in tables)} dòng, "
            f"{len(original) - len(tables)} sequence giống hệt bản gốc."
            + (f" CSDL phục hồi giữ lại: {copy}." if keep else "")
        )

    def _run(self, *command: str) -> None:
        """Run a PostgreSQL client tool against the server Django uses."""
        settings = connection.settings_dict
        env = os.environ | {
            name: str(settings[key])
            for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"))
            if settings[key]
        }
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise CommandError(f"{' '.join(command)}: {result.stderr.strip()}")
