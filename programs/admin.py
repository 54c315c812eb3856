from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from nongdan.admin_base import SafeEditingAdminMixin
from organisations.admin_scoping import ProvinceScopedAdminMixin
from programs.models import Assignment, Program, Resolution, Task


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["number", "issuing_body", "issued_on"]
    search_fields = ["number", "title"]


class TaskInline(SafeEditingAdminMixin, admin.StackedInline):
    model = Task
    extra = 0


class AssignmentInline(SafeEditingAdminMixin, admin.StackedInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["body"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "task" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = Task.objects.filter(program_id=request.resolver_match.kwargs["object_id"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Program)
class ProgramAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, SimpleHistoryAdmin):
    """Programs with their tasks and assignments; targets.admin adds the targets and baselines."""

    list_display = ["__str__", "status", "issued_on", "start_year", "end_year"]
    list_filter = ["status", ("province", admin.RelatedOnlyFieldListFilter), "resolution"]
    search_fields = ["number", "title", "general_objective"]
    prepopulated_fields = {"slug": ["number"]}
    list_select_related = ["province"]
    inlines = [TaskInline, AssignmentInline]


@admin.register(Task)
class TaskAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, SimpleHistoryAdmin):
    province_lookup = "program__province"
    list_display = ["__str__", "program"]
    list_filter = ["program"]
    search_fields = ["text"]


@admin.register(Assignment)
class AssignmentAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, SimpleHistoryAdmin):
    province_lookup = "program__province"
    list_display = ["body_name_as_written", "role", "program", "task"]
    list_filter = ["role", "program"]
    search_fields = ["body_name_as_written", "text"]
    autocomplete_fields = ["body"]
