from django.contrib import admin
from django.utils.translation import gettext as _

from nongdan.admin_base import HistoryAdmin, RecordAdminMixin, SafeEditingAdminMixin
from organisations.admin_scoping import (
    ProvinceScopedAdminMixin,
    ProvinceScopedChoicesMixin,
    SharedCatalogueAdminMixin,
)
from programs.models import Assignment, Program, Resolution, Task


@admin.register(Resolution)
class ResolutionAdmin(SharedCatalogueAdminMixin, RecordAdminMixin, admin.ModelAdmin):
    list_display = ["number", "issuing_body", "issued_on"]
    search_fields = ["number", "title"]


class TaskInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.StackedInline):
    model = Task
    extra = 0


class AssignmentInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.StackedInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["body"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "task" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = Task.objects.filter(program_id=request.resolver_match.kwargs["object_id"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Program)
class ProgramAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    """Programs with their tasks and assignments; targets.admin adds the targets and baselines."""

    list_display = ["__str__", "status", "issued_on", "start_year", "end_year", "archived_on"]
    list_filter = ["status", ("archived_on", admin.EmptyFieldListFilter), "province", "resolution"]
    search_fields = ["number", "title", "general_objective"]
    prepopulated_fields = {"slug": ["number"]}
    list_select_related = ["province"]
    inlines = [TaskInline, AssignmentInline]

    def get_queryset(self, request):
        """A program is named with its province: in lists, drop-downs and filters alike."""
        return super().get_queryset(request).select_related("province")

    def delete_refusals(self, objs) -> list[str]:
        kept = Program.objects.filter(pk__in=[program.pk for program in objs]).with_content()
        return [
            _("%(program)s đã có mục tiêu, nhiệm vụ hoặc số liệu: hãy ghi “lưu trữ từ ngày” thay vì xóa.")
            % {"program": program}
            for program in kept.select_related("province")
        ]


@admin.register(Task)
class TaskAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "program__province"
    list_display = ["__str__", "program"]
    list_filter = ["program"]
    search_fields = ["text"]


@admin.register(Assignment)
class AssignmentAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "program__province"
    list_display = ["body_name_as_written", "role", "program", "task"]
    list_filter = ["role", "program"]
    search_fields = ["body_name_as_written", "text"]
    autocomplete_fields = ["body"]
