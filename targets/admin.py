from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from nongdan.admin_base import SafeEditingAdminMixin
from organisations.admin_scoping import ProvinceScopedAdminMixin
from targets.models import Figure, Target, TargetYearValue


@admin.register(Figure)
class FigureAdmin(SafeEditingAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "unit_of_measure", "allows_decimals"]
    list_filter = ["kind", "allows_decimals"]
    search_fields = ["name", "code", "definition"]


class TargetYearValueInline(SafeEditingAdminMixin, admin.TabularInline):
    model = TargetYearValue
    extra = 0


@admin.register(Target)
class TargetAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, SimpleHistoryAdmin):
    province_lookup = "program__province"
    list_display = ["label", "short_name", "program", "measure", "comparator", "value", "unit_of_measure"]
    list_filter = ["program", "measure", "comparator"]
    search_fields = ["label", "short_name", "text"]
    list_select_related = ["program__province"]
    autocomplete_fields = ["numerator", "denominator"]
    inlines = [TargetYearValueInline]
