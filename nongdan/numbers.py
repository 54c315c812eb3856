"""Numbers the Vietnamese way: typed as people type them, shown as they expect them.

"1.500", "1500" and "1 500" all mean 1500; "7,5" is seven and a half; "1.500,5" is both at once.
Output is always `1.500` and `7,7 %`, whatever the interface language.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A unit's quarterly figure above this is a typing slip, not a report.
MAX_REPORTED_VALUE = Decimal("1000000000")

_SPACES = re.compile(r"[\s\u00a0\u202f_']")
# Thousands grouping never starts with a zero: "0.500" is a decimal typed the English way, not 500.
_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
# Minus signs as word processors and phone keyboards type them, not only the ASCII hyphen.
_MINUS = ("-", "\u2212", "\u2013", "\u2014")
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def parse_number(text: str, *, decimals_allowed: bool = True) -> Decimal | None:
    """Read a number typed in Vietnamese style; None when the field was left empty."""
    raw = _SPACES.sub("", str(text or ""))
    if not raw:
        return None
    if raw.startswith(_MINUS):
        raise ValidationError(_("Số liệu không được là số âm."), code="negative")
    if raw.startswith("+"):
        raw = raw[1:]
    if not re.fullmatch(r"[\d.,]+", raw) or not any(ch.isdigit() for ch in raw):
        raise ValidationError(
            _("“%(value)s” không phải là một số. Hãy nhập chữ số, ví dụ 1.500 hoặc 7,5.") % {"value": text},
            code="not_a_number",
        )
    whole, comma, fraction = raw.partition(",")
    if "," in fraction:
        raise ValidationError(_("Chỉ được dùng một dấu phẩy cho phần thập phân."), code="two_commas")
    if "." in fraction:
        # "44,962.000": English grouping and decimal point. Which number was meant cannot be known.
        raise ValidationError(
            _(
                "“%(value)s” có dấu chấm đứng sau dấu phẩy (cách viết số của nước ngoài) nên không rõ là số nào. "
                "Hãy viết theo kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân, "
                "ví dụ 44.962 hoặc 7,5."
            )
            % {"value": text},
            code="mixed_separators",
        )
    if "." in whole:
        if _GROUPED.match(whole):
            whole = whole.replace(".", "")
        elif not comma and whole.count(".") == 1:
            # "7.5": a decimal point typed the English way; no thousands grouping fits it.
            whole, fraction, comma = *whole.split("."), "."
        else:
            raise ValidationError(_("Dấu chấm chỉ dùng để ngăn cách hàng nghìn (ví dụ 1.500)."), code="bad_grouping")
    if comma and not fraction:
        raise ValidationError(_("Thiếu chữ số sau dấu thập phân."), code="empty_fraction")
    try:
        value = Decimal(f"{whole or '0'}.{fraction}" if comma else whole)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only digits
        raise ValidationError(_("Không đọc được số này."), code="invalid") from exc
    if value != value.to_integral_value() and not decimals_allowed:
        raise ValidationError(
            _("Chỉ tiêu này đếm số nguyên, không có phần thập phân (1.500 là một nghìn năm trăm)."),
            code="not_integer",
        )
    if fraction and len(fraction) > 2:
        raise ValidationError(_("Chỉ được nhập tối đa 2 chữ số thập phân."), code="too_precise")
    if value > MAX_REPORTED_VALUE:
        raise ValidationError(
            _("Số quá lớn (tối đa %(max)s). Hãy kiểm tra lại.") % {"max": format_number(MAX_REPORTED_VALUE)},
            code="too_large",
        )
    return value


def format_number(value, decimals: int | None = None) -> str:
    """1500 → "1.500"; 7.7 → "7,7". `decimals` fixes the places; None shows what is there."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_percent(value, decimals: int = 1) -> str:
    """7.7 → "7,7 %" (the value is already a percentage); trailing ",0" dropped."""
    if value is None:
        return ""
    text = format_number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} %"


def format_quarter(year: int, quarter: int) -> str:
    """(2025, 3) → "Quý III/2025"."""
    return _("Quý %(q)s/%(y)s") % {"q": ROMAN_QUARTERS[quarter], "y": year}


def review_name(quarter: int) -> str:
    """The review that closes at the end of `quarter`, as reviews are written: "Quý I", "6 tháng đầu năm",
    "9 tháng", "Cả năm" (tổng kết năm). Each counts the year from its start."""
    if quarter == 1:
        return _("Quý I")
    return {2: _("6 tháng đầu năm"), 3: _("9 tháng"), 4: _("Cả năm")}[quarter]


def format_review(year: int, quarter: int) -> str:
    """(2025, 2) → "6 tháng đầu năm 2025": the year up to the end of `quarter`, named as reviews name it."""
    if quarter == 1:
        return format_quarter(year, 1)
    if quarter == 2:
        return _("6 tháng đầu năm %(year)s") % {"year": year}
    if quarter == 3:
        return _("9 tháng năm %(year)s") % {"year": year}
    return _("năm %(year)s") % {"year": year}
