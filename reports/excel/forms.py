"""The upload form, and the options of a dry run (submit afterwards, unusual values confirmed)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.forms import ReportForm

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy("Tệp mẫu tải từ hệ thống, đã điền số liệu. Chưa có gì được lưu khi tải lên."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Hãy chọn tệp .xlsx. Tệp .xls hay .ods: mở bằng Excel hoặc LibreOffice rồi lưu dạng .xlsx.")
            )
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB, không phải một tệp mẫu nhập số liệu."))
        return file


class CheckOptionsForm(forms.Form):
    submit = forms.BooleanField(required=False, label=gettext_lazy("Gửi báo cáo để duyệt ngay sau khi lưu"))
    confirm_unusual = forms.BooleanField(required=False, label=ReportForm.base_fields["confirm_unusual"].label)

    def options(self) -> dict[str, bool]:
        """{"submitting": …, "confirm_unusual": …}, False for anything unreadable."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        return {"submitting": cleaned.get("submit", False), "confirm_unusual": cleaned.get("confirm_unusual", False)}
