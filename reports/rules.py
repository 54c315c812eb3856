"""The rules a quarter's figures follow together, wherever they were typed: the entry form or a file.

Each figure is first read by its own field of the entry form (reports.forms.ReportForm: Vietnamese
numbers, whole numbers where the figure has no decimals, comments of bounded length). What is read
then goes through `sheet_rules`: a comment needs a figure, figures far from last quarter's need a
confirmation and a comment, a percentage's numerator may not exceed its denominator (a draft too:
a wrong pair is caught when it is typed, not weeks later at submission), and, when submitting, the
report may not be empty. The form applies them in its clean(); an upload of many
units applies them to each unit without building a form per unit.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from nongdan.numbers import format_number
from reports.services import Entry
from reports.sheets import ReportSheet
from targets.models import Figure

# A value this many times the previous quarter's (or less than its inverse) asks for a confirmation.
UNUSUAL_FACTOR = Decimal(3)


@dataclass
class RuleErrors:
    """What the rules found: errors by field name (None: the whole report), and the unusual values."""

    errors: list[tuple[str | None, str]] = field(default_factory=list)
    unusual: list[str] = field(default_factory=list)


class _Checker:
    """Applies the rules in order. Like a form's add_error, an error takes its field's value out of
    `cleaned`, so a later rule does not judge a value already refused."""

    def __init__(self, *, sheet: ReportSheet, cleaned: dict, failed: set[str]):
        self.sheet = sheet
        self.cleaned = dict(cleaned)
        self.failed = set(failed)
        self.found = RuleErrors()

    def add(self, name: str | None, message: str) -> None:
        self.cleaned.pop(name, None)
        self.failed.add(name)
        self.found.errors.append((name, message))

    def comments_need_figures(self) -> None:
        cleaned = self.cleaned
        for line in self.sheet.lines:
            if cleaned.get(line.comment_name) and line.field_name in cleaned and cleaned[line.field_name] is None:
                self.add(line.comment_name, _("Ghi chú đi kèm một số liệu: hãy nhập số liệu hoặc xóa ghi chú."))

    def unusual_values(self) -> None:
        """Values far from the previous quarter's need a confirmation and a comment."""
        confirmed = self.cleaned.get("confirm_unusual")
        for line in self.sheet.lines:
            value = self.cleaned.get(line.field_name)
            previous = line.previous
            if value is None or not previous:
                continue
            if not (previous / UNUSUAL_FACTOR <= value <= previous * UNUSUAL_FACTOR):
                self.found.unusual.append(line.field_name)
                if not confirmed:
                    self.add(
                        line.field_name,
                        _(
                            "Khác nhiều so với quý trước (%(previous)s). Nếu số này đúng, hãy đánh dấu ô xác nhận "
                            "ở cuối trang và ghi chú lý do."
                        )
                        % {"previous": format_number(previous)},
                    )
                elif not self.cleaned.get(line.comment_name):
                    self.add(line.comment_name, _("Số này khác nhiều so với quý trước: hãy ghi chú lý do."))

    def _value(self, figure: Figure) -> Decimal | None:
        return self.cleaned.get(f"value_{figure.pk}")

    def ratios(self) -> None:
        """For percentage targets, the numerator may not exceed the denominator."""
        for rule in self.sheet.ratio_rules:
            numerator = self._value(rule.numerator)
            denominator = self._value(rule.denominator)
            source = _("trong báo cáo này")
            if denominator is None and not rule.denominator.is_flow:
                denominator = self.sheet.earlier_stock.get(rule.denominator.pk)
                source = _("báo cáo gần nhất trước đây")
            if numerator is None or denominator is None or numerator <= denominator:
                continue
            name = f"value_{rule.numerator.pk}"
            if name in self.failed:
                continue
            self.add(
                name,
                _("Không được lớn hơn “%(denominator)s” (%(value)s, %(source)s).")
                % {"denominator": rule.denominator.name, "value": format_number(denominator), "source": source},
            )

    def not_empty(self) -> None:
        if not self.failed and all(self.cleaned.get(line.field_name) is None for line in self.sheet.lines):
            self.add(None, _("Báo cáo chưa có số liệu nào; hãy nhập trước khi gửi."))


def sheet_rules(*, sheet: ReportSheet, cleaned: dict, failed: set[str], submitting: bool) -> RuleErrors:
    """Check the figures of one unit's sheet together.

    `cleaned` holds what each field read (value_<id>: Decimal or None, comment_<id>, confirm_unusual);
    a field that could not be read is left out of it and named in `failed`.
    """
    checker = _Checker(sheet=sheet, cleaned=cleaned, failed=failed)
    checker.comments_need_figures()
    checker.unusual_values()
    checker.ratios()
    if submitting:
        checker.not_empty()
    return checker.found


def sheet_entries(*, sheet: ReportSheet, cleaned: dict) -> dict[Figure, Entry]:
    """What a valid sheet saves: every figure of the form, None where it was left empty."""
    return {line.figure: Entry(cleaned[line.field_name], cleaned[line.comment_name].strip()) for line in sheet.lines}
