import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.concurrency import VersionedModelForm
from nongdan.forms import VietnameseNumberField
from nongdan.numbers import format_number
from targets.allocating import CellKey, Grid
from targets.models import Target, TargetYearValue


class TargetForm(VersionedModelForm):
    """A target's editor: a new value or comparator applies from a year on; the years before keep theirs.

    The years before get the old value (and comparator) as their own, unless they already have one:
    what a past year was measured against does not change under it.
    """

    applies_from = forms.IntegerField(
        label=gettext_lazy("áp dụng từ năm"),
        required=False,
        help_text=gettext_lazy(
            "Khi đổi giá trị hoặc cách so sánh: năm bắt đầu áp dụng. Các năm trước giữ chỉ tiêu cũ."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies_from"].initial = timezone.localdate().year

    def _changes_goal(self) -> bool:
        return bool(self.instance.pk and {"value", "comparator"} & set(self.changed_data))

    def clean(self):
        cleaned = super().clean()
        if self._changes_goal():
            program, year = self.instance.program, cleaned.get("applies_from")
            if year is None:
                self.add_error("applies_from", _("Chỉ tiêu đã đổi: hãy ghi năm bắt đầu áp dụng."))
            elif year not in program.years:
                self.add_error(
                    "applies_from",
                    _("Năm phải trong thời gian của chương trình (%(start)s–%(end)s).")
                    % {"start": program.start_year, "end": program.end_year},
                )
        return cleaned

    def _save_m2m(self):
        """After the target is saved: the years before the change keep the goal they had."""
        super()._save_m2m()
        if not self._changes_goal():
            return
        target, since = self.instance, self.cleaned_data["applies_from"]
        old_value, old_comparator = self.initial["value"], self.initial["comparator"]
        comparator_changed = "comparator" in self.changed_data
        own = {override.year: override for override in target.year_values.filter(year__lt=since)}
        for year in range(target.program.start_year, since):
            override = own.get(year)
            if override is None:
                TargetYearValue.objects.create(
                    target=target, year=year, value=old_value, comparator=old_comparator if comparator_changed else ""
                )
            elif comparator_changed and not override.comparator:
                override.comparator = old_comparator
                override.save()

    class Meta:
        model = Target
        fields = "__all__"


def cell_name(key: CellKey) -> str:
    return "a_{}_{}".format(*key)


def _loaded_token(values: dict[CellKey, Decimal | None]) -> str:
    return json.dumps({cell_name(key): str(value) for key, value in values.items() if value is not None})


class AllocationGridForm(forms.Form):
    """One number field per child and target, and what the grid held when it was loaded.

    `loaded` lets the save tell the cells the person changed from those someone else changed since.
    """

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_message = gettext_lazy("Bảng này không còn đúng với dữ liệu: hãy tải lại trang rồi nhập lại.")

    def __init__(self, *args, grid: Grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.fields["loaded"].initial = _loaded_token(grid.values)
        self.keys: dict[str, CellKey] = {}
        for row in grid.rows:
            for column in grid.columns:
                key = (row.unit.pk, column.target.pk)
                self.keys[cell_name(key)] = key
                self.fields[cell_name(key)] = VietnameseNumberField(
                    required=False,
                    decimals_allowed=column.decimals_allowed,
                    label=f"{row.unit.name} — {column.target.label}. {column.target.short_name}",
                    initial=grid.values.get(key),
                )

    def clean_loaded(self) -> dict[CellKey, Decimal]:
        try:
            token = json.loads(self.cleaned_data["loaded"] or "{}")
            return {self.keys[name]: Decimal(value) for name, value in token.items()}
        except (ValueError, TypeError, AttributeError, KeyError, InvalidOperation) as error:
            raise forms.ValidationError(self.stale_message) from error

    def values(self) -> dict[CellKey, Decimal | None]:
        return {key: self.cleaned_data.get(name) for name, key in self.keys.items()}

    def table(self):
        """The bound fields row by row, for the template: [(row, [(column, field)])]."""
        return [
            (row, [(column, self[cell_name((row.unit.pk, column.target.pk))]) for column in self.grid.columns])
            for row in self.grid.rows
        ]


def grid_data(grid: Grid, values: dict[CellKey, Decimal | None]) -> dict[str, str]:
    """Form data showing `values` over what the grid holds, as if typed: an upload shown before it is saved."""
    data = {"loaded": _loaded_token(grid.values)}
    for row in grid.rows:
        for column in grid.columns:
            key = (row.unit.pk, column.target.pk)
            value = values[key] if key in values else grid.values.get(key)
            data[cell_name(key)] = "" if value is None else format_number(value)
    return data


def rebased_data(form: AllocationGridForm, fresh: Grid) -> dict[str, str]:
    """The form's data over a freshly read grid: the person's own changes kept, every other cell as it is now.

    After a conflict, what the person typed is not lost and what others saved is not overwritten.
    """
    loaded = form.cleaned_data["loaded"]
    mine = {key: value for key, value in form.values().items() if value != loaded.get(key)}
    return grid_data(fresh, mine)
