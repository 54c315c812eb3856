from django.contrib import admin

from nongdan.admin_base import HistoryAdmin, SafeEditingAdminMixin
from organisations.admin_scoping import (
    ProvinceScopedAdminMixin,
    ProvinceScopedChoicesMixin,
    SharedCatalogueAdminMixin,
)
from targets.models import Figure, Target, TargetYearValue


@admin.register(Figure)
class FigureAdmin(SafeEditingAdminMixin, SharedCatalogueAdminMixin, HistoryAdmin):
    list_display = ["name", "code", "kind", "unit_of_measure", "allows_decimals"]
    list_filter = ["kind", "allows_decimals"]
    search_fields = ["name", "code", "definition"]


class TargetYearValueInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    model = TargetYearValue
    extra = 0


@admin.register(Target)
class TargetAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "program__province"
    list_display = ["label", "short_name", "program", "measure", "comparator", "value", "unit_of_measure"]
    list_filter = ["program", "measure", "comparator"]
    search_fields = ["label", "short_name", "text"]
    list_select_related = ["program__province"]
    autocomplete_fields = ["numerator", "denominator"]
    inlines = [TargetYearValueInline]
