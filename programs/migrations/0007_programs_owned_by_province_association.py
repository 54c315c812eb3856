"""Existing programs are province-wide: each becomes owned by its province's association.

A province without a province association keeps its programs without an owner, which means the
same thing (the plan covers every association unit of the province).
"""

from django.db import migrations
from django.db.models import F


def own_by_province_association(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Program = apps.get_model("programs", "Program")
    for program in Program.objects.filter(owner__isnull=True):
        association = (
            Organisation.objects.filter(province_id=program.province_id, kind="province_association")
            .order_by(F("retired_on").asc(nulls_first=True), "path")
            .first()
        )
        if association is not None:
            Program.objects.filter(pk=program.pk).update(owner=association)


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_program_owner_and_kind")]

    operations = [migrations.RunPython(own_by_province_association, migrations.RunPython.noop)]
