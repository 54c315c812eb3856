import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy

from nongdan.forms import VietnameseNumberField
from nongdan.numbers import format_number
from targets.allocating import CellKey, Grid, share_problem


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

    def clean(self):
        data = super().clean()
        columns = {column.target.pk: column for column in self.grid.columns}
        for name, (_unit_id, target_id) in self.keys.items():
            problem = share_problem(columns[target_id], data.get(name))
            if problem:
                self.add_error(name, problem)
        return data

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
