"""Tree paths with zero-padded ids, so that ordering by path is tree order under any collation."""

from django.db import migrations


def pad(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    for unit in Organisation.objects.order_by("pk"):
        parts = [part for part in unit.path.strip("/").split("/") if part]
        unit.path = "/" + "".join(f"{int(part):08d}/" for part in parts)
        unit.save(update_fields=["path"])


def unpad(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    for unit in Organisation.objects.order_by("pk"):
        parts = [part for part in unit.path.strip("/").split("/") if part]
        unit.path = "/" + "".join(f"{int(part)}/" for part in parts)
        unit.save(update_fields=["path"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(pad, unpad)]
