"""Forms of the "Đơn vị" pages. They validate; organisations.services saves."""

import hashlib
import unicodedata

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.concurrency import VersionedModelForm
from organisations.models import Membership, Organisation, Province, normalise_code
from organisations.workbook import kind_choices

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UnitChoiceField(forms.ModelChoiceField):
    """Units are picked by code and name: names repeat across communes ("Chi Hội thôn 1")."""

    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.name}"


def _units(province: Province, *, exclude: Organisation | None = None):
    units = province.organisations.active().order_by("path")
    if exclude is not None and exclude.pk:
        units = units.exclude(path__startswith=exclude.path)
    return units


class UnitForm(VersionedModelForm):
    parent = UnitChoiceField(
        queryset=Organisation.objects.none(), required=False, label=gettext_lazy("Đơn vị cấp trên")
    )

    class Meta:
        model = Organisation
        fields = ["code", "name", "short_name", "parent", "kind", "professional"]

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.instance.province = province
        self.fields["parent"].queryset = _units(province, exclude=self.instance)
        self.fields["kind"].choices = kind_choices()

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if self.province.organisations.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Tỉnh này đã có đơn vị mang mã này."))
        return code

    def unit_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RetireForm(VersionedModelForm):
    """Retire a unit on a date, or merge it into another (which takes the active units below it)."""

    merged_into = UnitChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=gettext_lazy("Sáp nhập vào"),
        help_text=gettext_lazy("Để trống nếu đơn vị chỉ ngừng hoạt động. Các đơn vị cấp dưới sẽ chuyển sang đây."),
    )

    class Meta:
        model = Organisation
        fields = ["retired_on", "merged_into"]
        widgets = {"retired_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.instance
        self.fields["retired_on"].required = True
        kinds = Organisation.ASSOCIATION_KINDS
        family = {"kind__in": kinds} if unit.is_association else {}
        units = _units(unit.province, exclude=unit).filter(**family)
        self.fields["merged_into"].queryset = units if unit.is_association else units.exclude(kind__in=kinds)


class PersonForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=300)
    email = forms.EmailField(label=gettext_lazy("Email"), help_text=gettext_lazy("Thư đặt mật khẩu gửi về đây."))


class PersonCreateForm(PersonForm):
    username = forms.CharField(
        label=gettext_lazy("Tên đăng nhập"),
        max_length=150,
        required=False,
        validators=[get_user_model().username_validator],
        help_text=gettext_lazy("Để trống thì dùng email."),
    )
    organisation = UnitChoiceField(queryset=Organisation.objects.none(), label=gettext_lazy("Đơn vị"))
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=Membership.Role.choices)

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _units(province)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email", "")
        matches = get_user_model().objects.filter(email__iexact=email)
        if email and matches.count() > 1:
            self.add_error("email", _("Nhiều tài khoản dùng email này: liên hệ quản trị hệ thống."))
        username = cleaned.get("username") or email.lower()
        if username and get_user_model().objects.filter(username=username).exclude(email__iexact=email).exists():
            self.add_error("username" if cleaned.get("username") else "email", _("Tên đăng nhập này đã có người dùng."))
        return cleaned


def _fingerprint(person) -> str:
    return hashlib.sha256(f"{person.first_name}\n{person.last_name}\n{person.email}".encode()).hexdigest()


class PersonEditForm(PersonForm):
    """A person's name and email. Remembers what it showed: someone else's later change is not overwritten."""

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, person, **kwargs):
        self.person = person
        initial = {"full_name": person.get_full_name(), "email": person.email, "loaded": _fingerprint(person)}
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("loaded") != _fingerprint(self.person):
            raise ValidationError(
                _(
                    "Người khác đã sửa thông tin người này sau khi anh/chị mở trang. Những gì anh/chị nhập vẫn"
                    " còn trên màn hình: hãy tải lại trang ở thẻ khác để xem thay đổi của họ rồi lưu lại."
                ),
                code="stale",
            )
        email = cleaned.get("email", "")
        if get_user_model().objects.filter(email__iexact=email).exclude(pk=self.person.pk).exists():
            self.add_error("email", _("Email này đã là của một tài khoản khác."))
        return cleaned


class RoleForm(forms.Form):
    organisation = UnitChoiceField(queryset=Organisation.objects.none(), label=gettext_lazy("Đơn vị"))
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=Membership.Role.choices)

    def __init__(self, *args, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _units(province)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Hãy chọn tệp Excel .xlsx (tệp .xls cũ: mở bằng Excel rồi lưu lại dạng .xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Tệp lớn quá 5 MB."))
        return upload


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Anyone active may ask for a link to (re)set their password, including people added from the
    pages or a workbook, who have no password until they choose one."""

    def get_users(self, email):
        wanted = unicodedata.normalize("NFKC", email).casefold()
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if unicodedata.normalize("NFKC", user.email).casefold() == wanted)
