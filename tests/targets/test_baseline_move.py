"""Baselines moved from the programs app to targets: a database that has them keeps them all.

The database is taken back to where production databases were before the move, given a baseline,
its history, and a program admin allowed to edit baselines; then migrated forward again.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from targets.models import Baseline

MOVE = {"programs": "0004_program_former_province", "targets": "0001_initial"}  # the last migrations before the move


def _migrate(*, before_the_move: bool):
    """Every app at its latest migration, or programs and targets just before the move; the state's apps."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if before_the_move:
        targets = [(app, MOVE.get(app, name)) for app, name in targets]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    yield _migrate(before_the_move=True)
    _migrate(before_the_move=False)


@pytest.mark.django_db(transaction=True)
def test_baselines_their_history_and_permissions_survive_the_move(old_apps):
    content_types = old_apps.get_model("contenttypes", "ContentType").objects
    permission_model = old_apps.get_model("auth", "Permission")
    # As in production: content types under "programs" (the test database was built after the move).
    content_types.filter(model__in=["baseline", "historicalbaseline"]).delete()
    old_type = content_types.create(app_label="programs", model="baseline")
    change = permission_model.objects.create(content_type=old_type, codename="change_baseline", name="Can change")
    admin = old_apps.get_model("auth", "User").objects.create(username="quantri", is_staff=True)
    admin.user_permissions.add(change)

    province = old_apps.get_model("organisations", "Province").objects.create(name="Lai Châu", code="lai-chau")
    resolution = old_apps.get_model("programs", "Resolution").objects.create(
        number="46-NQ/TW", title="46", issuing_body="Bộ Chính trị", issued_on="2023-12-20"
    )
    program = old_apps.get_model("programs", "Program").objects.create(
        resolution=resolution, province=province, slug="du-thao", title="Dự thảo", start_year=2024, end_year=2030
    )
    old_baseline = old_apps.get_model("programs", "Baseline").objects.create(
        program=program, label="Hội viên", value=69886, unit_of_measure="người", as_of_text="đầu năm 2024"
    )
    old_apps.get_model("programs", "HistoricalBaseline").objects.create(
        id=old_baseline.pk,
        program=program,
        label="Hội viên",
        value=69886,
        unit_of_measure="người",
        as_of_text="đầu năm 2024",
        order=0,
        history_date="2024-03-01T09:00Z",
        history_type="+",
    )

    _migrate(before_the_move=False)

    baseline = Baseline.objects.get()
    assert (baseline.pk, baseline.label, baseline.value, baseline.program.slug) == (
        old_baseline.pk,
        "Hội viên",
        69886,
        "du-thao",
    )
    assert [(h.history_type, h.value) for h in baseline.history.all()] == [("+", 69886)]
    assert get_user_model().objects.get(username="quantri").has_perm("targets.change_baseline")
    assert (
        Baseline.objects.create(
            program_id=program.pk, label="Chi Hội", value=975, unit_of_measure="chi Hội", as_of_text="đến nay"
        ).pk
        > baseline.pk
    )
