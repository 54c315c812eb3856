"""Reports in the Django admin: a read-only window.

A report's status and values change only through the workflow (reports/services.py), which checks
who may do it, records an event and moves the version; nothing here goes around it. Deleting is left
to whoever holds the permission, except for approved reports, which stay.
"""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.admin_base import HistoryAdmin, RecordAdminMixin, SafeEditingAdminMixin
from nongdan.numbers import format_number
from organisations.admin_scoping import ProvinceScopedAdminMixin, SharedCatalogueAdminMixin
from reports.models import Report, ReportEvent, ReportingCalendar, ReportingPeriod, ReportReopening, ReportValue


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SharedCatalogueAdminMixin, RecordAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "cutoff_date", "deadline"]
    list_filter = ["year"]


@admin.register(ReportingCalendar)
class ReportingCalendarAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    """A province's own deadline, grace and reopening days, set by its program admins."""

    list_display = ["province", "deadline_days", "grace_days", "return_reopen_days"]
    list_select_related = ["province"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportValueInline(ReadOnlyInline):
    model = ReportValue
    fields = ["figure", "shown_value", "comment"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("giá trị"))
    def shown_value(self, value: ReportValue) -> str:
        return format_number(value.value)


class ReportEventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ["action", "by", "at", "note"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "unit__province"
    list_display = ["unit", "period", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "period", "unit__province"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "period"]
    inlines = [ReportValueInline, ReportEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_refusals(self, objs) -> list[str]:
        approved = Report.objects.filter(pk__in=[report.pk for report in objs], status=Report.Status.APPROVED)
        return [
            _("%(report)s đã được duyệt: báo cáo đã duyệt không thể xóa.") % {"report": report}
            for report in approved.select_related("unit", "period")
        ]


@admin.register(ReportReopening)
class ReportReopeningAdmin(ProvinceScopedAdminMixin, RecordAdminMixin, admin.ModelAdmin):
    province_lookup = "unit__province"
    list_display = ["unit", "period", "until", "by", "at"]
    list_filter = ["period", "unit__province"]
    search_fields = ["unit__name", "reason"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "period", "by"]
    readonly_fields = ["by", "at"]

    def save_model(self, request, obj, form, change):
        obj.by = request.user
        super().save_model(request, obj, form, change)
