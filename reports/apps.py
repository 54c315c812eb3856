from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"

    def ready(self):
        from reports import admin_notifications  # noqa: F401 - the outbox's admin, kept apart from admin.py
