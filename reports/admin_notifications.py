"""The outbox of report emails in the Django admin: what has not gone out yet, and why. Read-only.

Superusers see every province's emails; a program admin sees those about their provinces' reports,
whatever model permissions they hold, and may drop one (an address that no longer exists) with
the delete permission. Kept apart from reports/admin.py; ReportsConfig.ready() registers it.
"""

from django.contrib import admin

from nongdan.admin_base import RecordAdminMixin
from organisations.admin_scoping import ProvinceScopedAdminMixin
from organisations.permissions import managed_provinces
from reports.models import Notification


@admin.register(Notification)
class NotificationAdmin(ProvinceScopedAdminMixin, RecordAdminMixin, admin.ModelAdmin):
    province_lookup = "event__report__unit__province"
    list_display = ["created_at", "subject", "to", "status", "attempts", "last_attempt_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    fields = ["event", "to", "subject", "body", "status", "attempts", "last_attempt_at", "last_error", "sent_at"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        user = request.user
        return super().has_view_permission(request, obj) or (
            user.is_active and user.is_staff and managed_provinces(user).exists()
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
