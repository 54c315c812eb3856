"""The Django admin, province by province.

A program admin sees and edits only their own province's records, and every drop-down, autocomplete
and list filter offers only those. Each province-bound model's admin says how its rows reach a
province (`province_lookup`); a related model's choices follow its own admin's rule, so the rule
is written once per model. Records no province owns (figures, resolutions, reporting periods) form
the shared catalogue: everyone who may reads it, only the catalogue role edits it.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import AutocompleteSelect

from nongdan.admin_base import is_value_of
from organisations.permissions import edits_catalogue, managed_provinces


def _scoped_admin(admin_site, model) -> "ProvinceScopedAdminMixin | None":
    if admin_site.is_registered(model):
        model_admin = admin_site.get_model_admin(model)
        if isinstance(model_admin, ProvinceScopedAdminMixin):
            return model_admin
    return None


def scoped_choices(admin_site, model, request):
    """The records of `model` the user may pick: what its admin lists them, or None when no province owns them."""
    model_admin = _scoped_admin(admin_site, model)
    return None if model_admin is None else model_admin.get_queryset(request)


class ProvinceScopedListFilter(admin.RelatedFieldListFilter):
    """A list filter on a related record that offers only the user's provinces' records."""

    def field_choices(self, field, request, model_admin):
        records = scoped_choices(model_admin.admin_site, field.related_model, request)
        return [(getattr(record, field.target_field.attname), str(record)) for record in records]


class TolerantAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, which looks up the posted value to show it again with the form's errors.

    A value that is no id of the related model ("abc", "²", a number beyond any column) is shown as
    nothing; Django's own widget lets the lookup fail, a server error instead of "choose a valid option".
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        to_field = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, [v for v in value if is_value_of(to_field, v)], attr)


class ProvinceScopedChoicesMixin:
    """Drop-downs of a form (or an inline's) offer only the user's provinces' records."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", TolerantAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **self._scoped(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._scoped(db_field, request, kwargs))

    def _scoped(self, db_field, request, kwargs: dict) -> dict:
        choices = scoped_choices(self.admin_site, db_field.related_model, request)
        if choices is None:
            return kwargs
        if "queryset" in kwargs:  # already narrowed by the admin (e.g. the program's own tasks)
            choices = kwargs["queryset"].filter(pk__in=choices.values("pk"))
        return {**kwargs, "queryset": choices}


class ProvinceScopedAdminMixin(ProvinceScopedChoicesMixin):
    """Program admins see and edit in the Django admin only their own province's records.

    `province_lookup` is the path from the model to its province.
    """

    province_lookup = "province"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.province_lookup}__in": managed_provinces(request.user)})

    def get_list_filter(self, request):
        """Every list filter on a related record offers only the user's provinces' records."""
        return [self._scoped_list_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_list_filter(self, entry):
        if not isinstance(entry, str):
            return entry
        field = get_fields_from_path(self.model, entry)[-1]
        if field.is_relation and _scoped_admin(self.admin_site, field.related_model):
            return (entry, ProvinceScopedListFilter)
        return entry


class SharedCatalogueAdminMixin:
    """Records every province shares: read-only but for the catalogue role, whatever model permissions one holds."""

    def has_add_permission(self, request):
        return edits_catalogue(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return edits_catalogue(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return edits_catalogue(request.user) and super().has_delete_permission(request, obj)
