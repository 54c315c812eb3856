from django.contrib import admin

from nongdan.admin_base import HistoryAdmin, SafeEditingAdminMixin
from organisations.admin_scoping import (
    ProvinceScopedAdminMixin,
    ProvinceScopedChoicesMixin,
    SharedCatalogueAdminMixin,
)
from programs.admin import AssignmentInline, ProgramAdmin, TaskInline
from programs.models import Program
from targets.models import Baseline, Figure, Target, TargetYearValue


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


class TargetInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "label",
        "order",
        "short_name",
        "measure",
        "numerator",
        "denominator",
        "comparator",
        "value",
        "unit_of_measure",
    ]
    show_change_link = True


class BaselineInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    model = Baseline
    extra = 0


admin.site.unregister(Program)


@admin.register(Program)
class ProgramWithTargetsAdmin(ProgramAdmin):
    """The program as programs.admin shows it, with its targets and baselines among its tasks and assignments."""

    inlines = [TaskInline, TargetInline, BaselineInline, AssignmentInline]


@admin.register(Baseline)
class BaselineAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "program__province"
    list_display = ["label", "value", "unit_of_measure", "as_of", "as_of_text", "program"]
    list_filter = ["program"]
