"""Programs already in production databases become owned by their province's association.

Lạng Sơn has a retired association (before a merger) and the one in office: the program goes to the
one in office. Lai Châu has no association unit yet: its draft stays without an owner, which covers
the whole province all the same.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from programs.models import Program

BEFORE = ("programs", "0006_program_owner_and_kind")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def old_apps():
    yield _migrate([BEFORE])
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_each_program_is_owned_by_its_provinces_association_in_office(old_apps):
    provinces = old_apps.get_model("organisations", "Province").objects
    units = old_apps.get_model("organisations", "Organisation").objects
    programs = old_apps.get_model("programs", "Program").objects
    resolution = old_apps.get_model("programs", "Resolution").objects.create(
        number="46-NQ/TW", title="46", issuing_body="Bộ Chính trị", issued_on="2023-12-20"
    )
    lang_son = provinces.create(name="Lạng Sơn", code="lang-son")
    lai_chau = provinces.create(name="Lai Châu", code="lai-chau")
    kind = "province_association"
    units.create(province=lang_son, kind=kind, name="Hội cũ", retired_on="2025-07-01", path="/00000001/")
    in_office = units.create(province=lang_son, kind=kind, name="Hội Nông dân tỉnh Lạng Sơn", path="/00000002/")
    units.create(province=lai_chau, kind="party_committee", name="Tỉnh ủy Lai Châu", path="/00000003/")
    common = {"resolution": resolution, "title": "Chương trình", "start_year": 2024, "end_year": 2030}
    programs.create(province=lang_son, slug="115-ctr-tu", **common)
    programs.create(province=lai_chau, slug="du-thao-lai-chau", **common)

    _migrate([("programs", "0007_programs_owned_by_province_association")])

    owners = dict(Program.objects.values_list("slug", "owner_id"))
    assert owners == {"115-ctr-tu": in_office.pk, "du-thao-lai-chau": None}
    assert all(kind == Program.Kind.ACTION_PROGRAM for kind in Program.objects.values_list("kind", flat=True))
