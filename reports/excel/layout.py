"""Where things sit in an entry template: the contract between the writer and the reader.

Every template has a visible sheet of figures and a hidden, protected sheet of metadata saying what
the file is for (province, units, quarter, each report's version) and where each value was put. The
reader finds the cells through the metadata only, and checks that the label beside each one is still
the label written there, so a file whose rows were sorted or moved is refused instead of misread.
"""

from dataclasses import dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter

FORMAT = "nongdan-mau-nhap-so-lieu"
FORMAT_VERSION = 1
DATA_SHEET = "Số liệu"
GUIDE_SHEET = "Giải thích"
META_SHEET = "Thông tin tệp"

TITLE_ROW, INFO_ROW, HELP_ROW, HEADER_ROW = 1, 2, 3, 5
FIRST_ROW = HEADER_ROW + 1

# A unit's template: one row per figure. These columns also describe the figures of the guide sheet.
TARGET_COL, NAME_COL, DEFINITION_COL, MEASURE_COL, KIND_COL = 1, 2, 3, 4, 5
PREVIOUS_COL, VALUE_COL, COMMENT_COL = 6, 7, 8
# The units' template: one row per unit (name, report status), then a column per figure's value,
# then a column per figure's comment.
UNIT_NAME_COL, UNIT_STATUS_COL, UNITS_FIRST_VALUE_COL = 1, 2, 3


class Kind(StrEnum):
    UNIT = "unit"
    UNITS = "units"


@dataclass(frozen=True)
class MetaUnit:
    id: int
    name: str
    version: int
    row: int | None
    """The unit's row in a units' template; None in a unit's template (the figures have the rows)."""


@dataclass(frozen=True)
class MetaFigure:
    id: int
    code: str
    label: str
    """The text written at the figure's label cell (its row's name, or its column's header)."""
    row: int | None
    value_col: int
    comment_col: int


@dataclass(frozen=True)
class Meta:
    kind: Kind
    province_id: int
    province_name: str
    year: int
    quarter: int
    period_label: str
    root_id: int
    root_name: str
    """The unit the template was made for: the reporting unit, or the unit whose units are below."""
    units: list[MetaUnit]
    figures: list[MetaFigure]

    def value_cell(self, unit: MetaUnit, figure: MetaFigure) -> tuple[int, int]:
        return (figure.row or unit.row, figure.value_col)

    def comment_cell(self, unit: MetaUnit, figure: MetaFigure) -> tuple[int, int]:
        return (figure.row or unit.row, figure.comment_col)

    def unit_cell(self, unit: MetaUnit) -> tuple[int, int]:
        """Where a problem of the whole unit is shown: its name in a units' template, the title otherwise."""
        return (unit.row, UNIT_NAME_COL) if unit.row else (TITLE_ROW, 1)

    def labels(self) -> dict[tuple[int, int], str]:
        """Every label cell and the text the template wrote there."""
        labels = {(unit.row, UNIT_NAME_COL): unit.name for unit in self.units if unit.row}
        for figure in self.figures:
            labels[(figure.row, NAME_COL) if figure.row else (HEADER_ROW, figure.value_col)] = figure.label
        return labels

    def rows(self) -> list[list]:
        """The metadata sheet's rows."""
        return [
            ["dinh_dang", FORMAT, FORMAT_VERSION],
            ["loai", str(self.kind)],
            ["tinh", self.province_id, self.province_name],
            ["ky", self.year, self.quarter, self.period_label],
            ["don_vi_goc", self.root_id, self.root_name],
            *(["don_vi", u.id, u.name, u.version, u.row] for u in self.units),
            *(["so_lieu", f.id, f.code, f.label, f.row, f.value_col, f.comment_col] for f in self.figures),
        ]

    @classmethod
    def from_rows(cls, rows) -> "Meta":
        """Read back what `rows` wrote; ValueError when something is missing or malformed."""
        fields, units, figures = {}, [], []
        for key, *values in rows:
            values = [*values, *[None] * 6]  # a row's empty cells at its end may not be read back
            if key == "don_vi":
                unit_id, name, version, row = values[:4]
                units.append(MetaUnit(int(unit_id), str(name), int(version), int(row) if row else None))
            elif key == "so_lieu":
                figure_id, code, label, row, value_col, comment_col = values[:6]
                row = int(row) if row else None
                figures.append(MetaFigure(int(figure_id), str(code), str(label), row, int(value_col), int(comment_col)))
            elif key:
                fields[key] = values
        if fields.get("dinh_dang", [None])[:2] != [FORMAT, FORMAT_VERSION] or not units:
            raise ValueError("not an entry template of this version")
        if len({u.id for u in units}) != len(units) or len({f.id for f in figures}) != len(figures):
            raise ValueError("a unit or a figure listed twice")
        return cls(
            kind=Kind(fields["loai"][0]),
            province_id=int(fields["tinh"][0]),
            province_name=str(fields["tinh"][1]),
            year=int(fields["ky"][0]),
            quarter=int(fields["ky"][1]),
            period_label=str(fields["ky"][2]),
            root_id=int(fields["don_vi_goc"][0]),
            root_name=str(fields["don_vi_goc"][1]),
            units=units,
            figures=figures,
        )


def address(row: int, col: int) -> str:
    """(7, 3) → "C7"."""
    return f"{get_column_letter(col)}{row}"
