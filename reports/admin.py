from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from nongdan.admin_base import SafeEditingAdminMixin
from reports.models import Report, ReportEvent, ReportingPeriod, ReportReopening, ReportValue


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cutoff_date", "deadline"]
    list_filter = ["year"]


class ReportValueInline(SafeEditingAdminMixin, admin.TabularInline):
    model = ReportValue
    extra = 0
    autocomplete_fields = ["figure"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "by", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(SafeEditingAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "period", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "period", "unit__province"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "period"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ReportValueInline, ReportEventInline]

    def save_model(self, request, obj, form, change):
        """A change made here moves the version, so a reporter's open form cannot overwrite it."""
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ReportReopening)
class ReportReopeningAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "until", "by", "at"]
    list_filter = ["period", "unit__province"]
    search_fields = ["unit__name", "reason"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "period", "by"]
    readonly_fields = ["by", "at"]

    def save_model(self, request, obj, form, change):
        obj.by = request.user
        super().save_model(request, obj, form, change)
