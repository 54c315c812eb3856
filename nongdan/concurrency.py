"""No silent overwrites in the admin: a form remembers which version of the record it showed.

Every model edited here keeps django-simple-history records; the newest history id is the
record's version. When someone else saved the record after this form was opened, saving is
refused with a message next to the form, and what this person typed stays on the screen.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


def latest_history(instance):
    return instance.history.order_by("-history_id").select_related("history_user").first()


def latest_versions(model, pks) -> dict[int, int]:
    """The version of each record at once: its newest history id, by primary key."""
    history = model.history.model.objects.filter(**{f"{model._meta.pk.attname}__in": pks})
    return dict(history.values_list(model._meta.pk.attname).annotate(Max("history_id")))


class VersionedModelForm(forms.ModelForm):
    history_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, versions: dict[int, int] | None = None, **kwargs):
        """`versions`: the records' versions already looked up (an inline's rows); else this one's is."""
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            if versions is None:
                latest = latest_history(self.instance)
                versions = {self.instance.pk: latest.history_id} if latest else {}
            self.fields["history_version"].initial = versions.get(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            latest = latest_history(self.instance)
            if latest and cleaned.get("history_version") != latest.history_id:
                raise ValidationError(
                    _(
                        "%(who)s đã sửa bản ghi này lúc %(when)s, sau khi bạn mở trang. Những gì bạn nhập"
                        " vẫn còn trên màn hình: hãy mở bản ghi ở thẻ khác để xem thay đổi của họ rồi lưu lại."
                    )
                    % {
                        "who": latest.history_user or _("Người khác"),
                        "when": date_format(localtime(latest.history_date), "SHORT_DATETIME_FORMAT"),
                    },
                    code="stale",
                )
        return cleaned

    def has_changed(self):
        return any(name != "history_version" for name in self.changed_data)


class VersionedInlineFormSet(forms.BaseInlineFormSet):
    """An inline's rows, each remembering its version: looked up for every row in one query.

    The rows' drop-downs are the same list: read once for the inline, not once per row (an
    autocomplete reads only its chosen record, and needs its queryset to do so).
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        shared = self.__dict__.setdefault("_shared_choices", {})
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # the admin wraps it with its + and ✎ links
            if isinstance(field, forms.ModelChoiceField) and not isinstance(widget, AutocompleteMixin):
                if name not in shared:
                    shared[name] = list(field.choices)
                field.choices = shared[name]
        return form

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < self.initial_form_count():
            if not hasattr(self, "_versions"):
                self._versions = latest_versions(self.model, [obj.pk for obj in self.get_queryset()])
            kwargs["versions"] = self._versions
        return kwargs
