"""Program admins edit their province's reporting calendar: the permissions go to their group,
which existing databases created before the calendar existed."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Quản trị chương trình (theo tỉnh)"


def grant(apps, schema_editor):
    config = apps.get_app_config("reports")
    config.models_module = True  # the permissions are made after migrate otherwise: make them now
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="reports", content_type__model="reportingcalendar")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_reporting_calendar"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
