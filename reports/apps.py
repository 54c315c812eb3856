from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from programs.models import Program
        from reports import admin_notifications  # noqa: F401 - the outbox's admin, kept apart from admin.py
        from reports.calendar import migrated, program_saved

        post_save.connect(program_saved, sender=Program, dispatch_uid="reports.periods_of_program")
        post_migrate.connect(migrated, sender=self, dispatch_uid="reports.periods_after_migrate")
