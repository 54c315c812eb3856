"""Tree paths with zero-padded ids, so that ordering by path is tree order under any collation."""

from django.db import migrations


def _rewrite(segment):
    def rewrite(apps, schema_editor):
        Organisation = apps.get_model("organisations", "Organisation")
        for unit in Organisation.objects.order_by("pk"):
            parts = [part for part in unit.path.strip("/").split("/") if part]
            unit.path = "/" + "".join(segment(int(part)) for part in parts)
            unit.save(update_fields=["path"])

    return rewrite


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(_rewrite(lambda pk: f"{pk:08d}/"), _rewrite(lambda pk: f"{pk}/"))]
