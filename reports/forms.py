"""Forms for the report pages. They validate; reports.services saves."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.forms import VietnameseNumberField
from nongdan.numbers import format_number
from reports.rules import sheet_entries, sheet_rules
from reports.services import Entry
from reports.sheets import FigureLine, ReportSheet, TargetGroup
from targets.models import Figure


def _help_text(line: FigureLine, previous_label: str) -> str:
    figure = line.figure
    when = _("Tính số phát sinh trong quý.") if figure.is_flow else _("Tính số có đến cuối quý.")
    previous = format_number(line.previous) if line.previous is not None else _("chưa có")
    return format_html(
        "{} {}<br><span data-testid='previous-{}'>{}: <strong>{}</strong></span>",
        figure.definition.splitlines()[0] if figure.definition else "",
        when,
        figure.code,
        previous_label,
        previous,
    )


@dataclass(frozen=True)
class FieldRow:
    """One figure on the entry form: its value field and its comment field, side by side."""

    line: FigureLine
    value: forms.BoundField
    comment: forms.BoundField


@dataclass(frozen=True)
class Section:
    """The fields of one target, under its heading and text (rendered by the template, escaped)."""

    group: TargetGroup
    rows: list[FieldRow]


class ReportForm(forms.Form):
    """One field per figure the unit's programs need, grouped under the target it serves."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    confirm_unusual = forms.BooleanField(
        required=False,
        label=gettext_lazy("Tôi đã kiểm tra: những số khác nhiều so với quý trước là đúng (lý do ghi ở ô ghi chú)."),
    )

    def __init__(self, *args, sheet: ReportSheet, submitting: bool = False, **kwargs):
        self.sheet = sheet
        self.submitting = submitting
        self.unusual: list[str] = []
        report = sheet.report
        initial = {"version": report.version if report else 0}
        for line in sheet.lines:
            if line.saved:
                initial[line.field_name] = format_number(line.saved.value)
                initial[line.comment_name] = line.saved.comment
        super().__init__(*args, initial=initial, **kwargs)

        previous_label = str(sheet.previous_period) if sheet.previous_period else _("Quý trước")
        for line in sheet.lines:
            figure = line.figure
            self.fields[line.field_name] = VietnameseNumberField(
                required=False,
                decimals_allowed=figure.allows_decimals,
                label=f"{figure.name} ({figure.unit_of_measure})",
                help_text=_help_text(line, previous_label),
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 30, "class": "num-input"}
                ),
            )
            self.fields[line.comment_name] = forms.CharField(
                required=False,
                max_length=500,
                label=_("Ghi chú cho “%(figure)s”") % {"figure": figure.name},
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        # Only how crispy draws each field (errors inline); the grouping is the template's.
        self.helper = FormHelper()
        self.helper.form_tag = False

    @property
    def sections(self) -> list[Section]:
        """The fields grouped under the target each serves, in the sheet's order.

        Headings and target texts are people's data: the template prints them as escaped text, never
        through a crispy layout (whose Fieldset legends and HTML objects are compiled as templates).
        """
        return [
            Section(
                group=group,
                rows=[FieldRow(line, self[line.field_name], self[line.comment_name]) for line in group.lines],
            )
            for group in self.sheet.groups
        ]

    def clean(self):
        cleaned = super().clean()
        found = sheet_rules(sheet=self.sheet, cleaned=cleaned, failed=set(self.errors), submitting=self.submitting)
        self.unusual = found.unusual
        for name, message in found.errors:
            self.add_error(name, message)
        return cleaned

    def entries(self) -> dict[Figure, Entry]:
        return sheet_entries(sheet=self.sheet, cleaned=self.cleaned_data)

    def typed(self) -> dict[int, str]:
        """What the person typed, figure by figure, as they typed it (to show beside what is saved)."""
        return {line.figure.pk: self.data.get(line.field_name, "") for line in self.sheet.lines}


class DecisionForm(forms.Form):
    """Approve, or return with a reason. The button pressed says which."""

    APPROVE, RETURN = "approve", "return"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(APPROVE, APPROVE), (RETURN, RETURN)], widget=forms.HiddenInput)
    reason = forms.CharField(
        required=False,
        label=gettext_lazy("Lý do trả lại"),
        help_text=gettext_lazy("Bắt buộc khi trả lại; đơn vị sẽ thấy lý do này."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."))
        return cleaned


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("Mở đến hết ngày"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=gettext_lazy("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("Ngày mở đến không được ở trong quá khứ."))
        return until


class ReopenManyForm(ReopenForm):
    """The units to reopen a closed quarter for (all of those offered, unless unticked), until a date."""

    units = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Đơn vị"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    field_order = ["units", "until", "reason"]

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(state.unit.pk, state.unit.name) for state in states]
        self.fields["units"].initial = [state.unit.pk for state in states]
        self.fields["units"].error_messages["required"] = _("Hãy chọn ít nhất một đơn vị.")
        self.fields["units"].error_messages["invalid_choice"] = _(
            "Đơn vị %(value)s không nằm trong danh sách được mở lại."
        )
