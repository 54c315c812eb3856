"""What every admin page of ours shares."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from nongdan.concurrency import VersionedInlineFormSet, VersionedModelForm
from nongdan.forms import VIETNAMESE_NUMBERS


def is_value_of(field, value) -> bool:
    """Whether `value`, as it came in an address or a form, is one the model field can hold ("1.5" is no id)."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class SafeEditingAdminMixin:
    """No silent overwrite of a newer version, and numbers typed the Vietnamese way (1.500; 7,5).

    For a page or an inline (the formset is an inline's; a page of one record has none).
    """

    form = VersionedModelForm
    formset = VersionedInlineFormSet
    formfield_overrides = VIETNAMESE_NUMBERS


class RecordAdminMixin:
    """Every page of one record fetches it through `get_queryset()`: what the list does not show is a 404.

    Django answers a missing record with a redirect and a message naming the id; a 404 tells an
    admin of another province nothing, as every other page of the app does. `delete_refusals()`
    names the records that must stay, and why: the delete page and the bulk "delete" action both
    show the reasons and delete nothing.
    """

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def delete_refusals(self, objs) -> list[str]:
        return []

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [*protected, *self.delete_refusals(objs)]


class HistoryAdmin(RecordAdminMixin, SimpleHistoryAdmin):
    """django-simple-history's pages, held to the same rules as the change page.

    Its history list and history form fetch the record by id from the whole table, and its form
    saves on POST with only the view permission. Here both reach only records `get_queryset()`
    returns. The history form is the page that reverts to an old version: it needs the change
    permission on that record, and saves through the same form as the change page (scoped choices,
    no stale overwrite). Whoever may only read sees every change on the history list.
    """

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request, self.get_object(request, unquote(object_id))):
            raise PermissionDenied
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute).model
        if not is_value_of(history._meta.get_field("history_id"), version_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
