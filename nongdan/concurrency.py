"""No silent overwrites in the admin: a form remembers which version of the record it showed.

Every model edited here keeps django-simple-history records; the newest history id is the
record's version. When someone else saved the record after this form was opened, saving is
refused with a message next to the form, and what this person typed stays on the screen.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


def latest_history(instance):
    return instance.history.order_by("-history_id").select_related("history_user").first()


class VersionedModelForm(forms.ModelForm):
    history_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            latest = latest_history(self.instance)
            self.fields["history_version"].initial = latest.history_id if latest else None

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
