import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.admin_base import HistoryAdmin, SafeEditingAdminMixin
from nongdan.numbers import format_number
from organisations.admin_scoping import (
    ProvinceScopedAdminMixin,
    ProvinceScopedChoicesMixin,
    SharedCatalogueAdminMixin,
)
from programs.admin import AssignmentInline, ProgramAdmin, TaskInline
from programs.models import Program
from targets.forms import TargetForm
from targets.models import Allocation, Baseline, EntryLevel, Figure, Target, TargetYearValue


def number_column(name: str, description) -> callable:
    """A change list column showing a number the Vietnamese way (1.500; 7,5), not Django's 1500,00."""

    @admin.display(description=description, ordering=name)
    def shown(_admin, obj) -> str:
        return format_number(getattr(obj, name))

    return shown


@admin.register(Figure)
class FigureAdmin(SafeEditingAdminMixin, SharedCatalogueAdminMixin, HistoryAdmin):
    list_display = ["name", "code", "kind", "unit_of_measure", "allows_decimals"]
    list_filter = ["kind", "allows_decimals"]
    search_fields = ["name", "code", "definition"]


class TargetYearValueInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    model = TargetYearValue
    extra = 0


class AllocationInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    """Giao chỉ tiêu: each unit below the plan's owner gets its share of the target for a year."""

    model = Allocation
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Target)
class TargetAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "program__province"
    list_display = ["label", "short_name", "program", "measure", "goal", "unit_of_measure"]
    list_filter = ["program", "measure", "comparator"]
    search_fields = ["label", "short_name", "text"]
    list_select_related = ["program__province"]
    autocomplete_fields = ["numerator", "denominator"]
    inlines = [TargetYearValueInline, AllocationInline]
    form = TargetForm
    readonly_fields = ["in_words"]

    class Media:
        js = ["js/target-words.js"]

    @admin.display(description=gettext_lazy("chỉ tiêu"), ordering="value")
    def goal(self, target: Target) -> str:
        return target.in_words()

    @admin.display(description=gettext_lazy("Mục tiêu như văn bản viết"))
    def in_words(self, target: Target | None) -> str:
        """The target in words, kept up to date by target-words.js while it is edited."""
        phrases = {
            "comparators": {comparator: str(Target.phrase(comparator)) for comparator in Target.Comparator.values},
            "yearly": _("%(goal)s mỗi năm"),
            "year_end": _("%(goal)s (đánh giá vào cuối năm)"),
        }
        return format_html(
            '<output id="target-in-words" data-phrases="{}" aria-live="polite">{}</output>',
            json.dumps(phrases, ensure_ascii=False),
            target.in_words() if target and target.pk else "",
        )


@admin.register(Allocation)
class AllocationAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "target__program__province"
    list_display = ["target", "unit", "year", "shown_value"]
    shown_value = number_column("value", gettext_lazy("chỉ tiêu được giao"))

    list_filter = ["year", "target__program"]
    search_fields = ["unit__name", "target__short_name"]
    list_select_related = ["target", "unit"]
    autocomplete_fields = ["target", "unit"]


class TargetInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    model = Target
    form = TargetForm
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
        "timing",
        "applies_from",
    ]
    show_change_link = True


class BaselineInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    model = Baseline
    extra = 0


class EntryLevelInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    """Who reports what: the level of the association that enters a figure of this plan."""

    model = EntryLevel
    extra = 0


admin.site.unregister(Program)


@admin.register(Program)
class ProgramWithTargetsAdmin(ProgramAdmin):
    """The program as programs.admin shows it, with its targets and baselines among its tasks and assignments."""

    inlines = [TaskInline, TargetInline, EntryLevelInline, BaselineInline, AssignmentInline]


@admin.register(Baseline)
class BaselineAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "program__province"
    list_display = ["label", "shown_value", "unit_of_measure", "as_of", "as_of_text", "program"]
    shown_value = number_column("value", gettext_lazy("giá trị"))

    list_filter = ["program"]
