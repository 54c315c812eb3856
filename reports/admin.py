from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import Report, ReportingPeriod, ReportValue


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cutoff_date", "deadline"]
    list_filter = ["year"]


class ReportValueInline(admin.TabularInline):
    model = ReportValue
    extra = 0
    autocomplete_fields = ["figure"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "period", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "period", "unit__province"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "period"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ReportValueInline]
