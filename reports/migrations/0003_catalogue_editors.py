"""The shared catalogue gets its own role; nobody else keeps the right to edit it.

Figures, resolutions and reporting periods belong to no province. Until now any program admin
holding the model permissions could change them for every province. This creates the group
"Quản trị danh mục dùng chung" with every permission on the three models, and takes the add,
change and delete permissions on them away from everyone else: from users directly (superusers
keep theirs, they need none) and from every other group. Viewing stays as it was.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

CATALOGUE_EDITORS = "Quản trị danh mục dùng chung"  # organisations.permissions.CATALOGUE_EDITORS
CATALOGUE = [("programs", "resolution"), ("targets", "figure"), ("reports", "reportingperiod")]


def _permissions(apps, actions):
    condition = Q(pk__in=[])
    for app_label, model in CATALOGUE:
        condition |= Q(content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions])
    return apps.get_model("auth", "Permission").objects.filter(condition)


def _create_missing_permissions(apps):
    """On a new database the permissions are created after the last migration: this one needs them now."""
    for app_label, _model in CATALOGUE:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = getattr(app_config, "models_module", None) or True  # a migration state has none
        create_permissions(app_config, apps=apps, verbosity=0)


def create_catalogue_editors(apps, schema_editor):
    _create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    editors, _created = Group.objects.get_or_create(name=CATALOGUE_EDITORS)
    editors.permissions.add(*_permissions(apps, ["add", "change", "delete", "view"]))
    editing = _permissions(apps, ["add", "change", "delete"])
    User.user_permissions.through.objects.filter(permission__in=editing).exclude(user__is_superuser=True).exclude(
        user__groups=editors
    ).delete()
    Group.permissions.through.objects.filter(permission__in=editing).exclude(group=editors).delete()


def remove_catalogue_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CATALOGUE_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0003_program_archived_on"),
        ("reports", "0002_reportevent_reportreopening"),
        ("targets", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_catalogue_editors, remove_catalogue_editors)]
