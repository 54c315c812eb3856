from django.contrib import admin

from nongdan.admin_base import HistoryAdmin, RecordAdminMixin, SafeEditingAdminMixin
from organisations.admin_scoping import ProvinceScopedAdminMixin, ProvinceScopedChoicesMixin
from organisations.models import Membership, Organisation, Province
from organisations.services import organisation_move


@admin.register(Province)
class ProvinceAdmin(ProvinceScopedAdminMixin, RecordAdminMixin, admin.ModelAdmin):
    province_lookup = "pk"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class MembershipInline(SafeEditingAdminMixin, ProvinceScopedChoicesMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    list_display = ["name", "kind", "province", "parent", "professional", "retired_on", "is_demo"]
    list_filter = ["province", "kind", "professional", "is_demo", ("retired_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "merged_into"]
    list_select_related = ["province", "parent"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        """A unit given another parent moves with everything below it."""
        if change and "parent" in form.changed_data:
            organisation_move(unit=obj, parent=obj.parent, by=request.user)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(SafeEditingAdminMixin, ProvinceScopedAdminMixin, HistoryAdmin):
    province_lookup = "organisation__province"
    list_display = ["user", "role", "organisation"]
    list_filter = ["role", "organisation__province"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
