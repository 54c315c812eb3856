"""Baseline moves to the targets app: forget it here, without touching its tables.

targets/migrations/0002_baseline_from_programs.py takes the same tables over (and renames them),
together with the content types, so permissions, admin log entries and history stay attached.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_program_former_province")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalBaseline"),
                migrations.DeleteModel(name="Baseline"),
            ],
        ),
    ]
