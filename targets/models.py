"""What is measured: the raw figures units report, program targets computed from them, and the baselines
progress starts from."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nongdan.numbers import format_number, format_percent
from organisations.models import Organisation


class Figure(models.Model):
    """A raw count a unit reports each quarter (a data element)."""

    class Kind(models.TextChoices):
        FLOW = "flow", _("Phát sinh trong kỳ")
        STOCK = "stock", _("Có đến cuối kỳ")

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    definition = models.TextField(_("định nghĩa"))
    kind = models.CharField(
        _("loại"),
        max_length=10,
        choices=Kind.choices,
        help_text=_("Phát sinh: cộng dồn các quý. Có đến cuối kỳ: lấy số mới nhất, không cộng."),
    )
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    allows_decimals = models.BooleanField(_("cho phép số thập phân"), default=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [models.CheckConstraint(condition=Q(kind__in=["flow", "stock"]), name="figure_kind_valid")]

    def __str__(self):
        return self.name

    @property
    def is_flow(self) -> bool:
        return self.kind == self.Kind.FLOW


class Target(models.Model):
    """A specific target (mục tiêu cụ thể) of a program, labelled as in the document ("3a")."""

    class Measure(models.TextChoices):
        FLOW_TOTAL = "flow_total", _("Tổng phát sinh trong năm")
        STOCK_LATEST = "stock_latest", _("Số có đến thời điểm báo cáo")
        RATIO = "ratio", _("Tỷ lệ giữa hai số liệu")
        GROWTH = "growth", _("Tăng trưởng so với cuối năm trước (%)")

    class Comparator(models.TextChoices):
        GTE = "gte", "≥"
        GT = "gt", ">"
        EQ = "eq", "="
        LT = "lt", "<"
        LTE = "lte", "≤"

    class Scale(models.IntegerChoices):
        PERCENT = 100, _("Phần trăm (%): tử số trên 100 của mẫu số")
        PER_UNIT = 1, _("Số trên mỗi đơn vị của mẫu số (ví dụ: đồng trên mỗi hội viên)")
        PER_THOUSAND = 1000, _("Phần nghìn (‰)")

    class Timing(models.TextChoices):
        QUARTERLY = "quarterly", _("Theo dõi hằng quý")
        YEAR_END = "year_end", _("Đánh giá vào cuối năm")

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="targets"
    )
    label = models.CharField(_("số hiệu"), max_length=10, help_text=_("Như trong văn bản: 1, 3a, 6b."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung nguyên văn"))
    short_name = models.CharField(_("tên ngắn"), max_length=120)
    measure = models.CharField(_("cách đo"), max_length=20, choices=Measure.choices)
    numerator = models.ForeignKey(
        Figure, verbose_name=_("số liệu (tử số)"), on_delete=models.PROTECT, related_name="targets_as_numerator"
    )
    denominator = models.ForeignKey(
        Figure,
        verbose_name=_("mẫu số"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets_as_denominator",
    )
    ratio_scale = models.PositiveIntegerField(
        _("tỷ lệ tính theo"),
        choices=Scale.choices,
        default=Scale.PERCENT,
        help_text=_("Chỉ dùng cho mục tiêu tỷ lệ: một quỹ tính trên mỗi hội viên không phải là phần trăm."),
    )
    comparator = models.CharField(_("so sánh"), max_length=3, choices=Comparator.choices, default=Comparator.GTE)
    value = models.DecimalField(_("giá trị hằng năm"), max_digits=14, decimal_places=2)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    timing = models.CharField(
        _("thời điểm đánh giá"),
        max_length=10,
        choices=Timing.choices,
        default=Timing.QUARTERLY,
        help_text=_(
            "Theo dõi hằng quý: so với yêu cầu đến từng quý. Đánh giá vào cuối năm (xếp loại cơ sở Hội, hộ đạt"
            " danh hiệu): không tính tiến độ theo quý, chỉ đánh giá ở quý IV."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "label"]
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "label"],
                name="target_label_unique_in_program",
                violation_error_message=_("Chương trình đã có mục tiêu mang số hiệu này."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_non_negative",
                violation_error_message=_("Giá trị mục tiêu không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(measure="ratio", denominator__isnull=False)
                | (~Q(measure="ratio") & Q(denominator__isnull=True)),
                name="target_ratio_has_denominator",
                violation_error_message=_("Mục tiêu tỷ lệ cần mẫu số; các mục tiêu khác thì không."),
            ),
            models.CheckConstraint(
                condition=~Q(numerator=models.F("denominator")),
                name="target_ratio_distinct_figures",
                violation_error_message=_("Tử số và mẫu số phải là hai số liệu khác nhau."),
            ),
            models.CheckConstraint(
                condition=Q(measure__in=["flow_total", "stock_latest", "ratio", "growth"]), name="target_measure_valid"
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=["gte", "gt", "eq", "lt", "lte"]), name="target_comparator_valid"
            ),
            models.CheckConstraint(condition=Q(timing__in=["quarterly", "year_end"]), name="target_timing_valid"),
        ]

    def __str__(self):
        return f"{self.label}. {self.short_name}"

    @property
    def is_percentage(self) -> bool:
        """Written as a percentage: a ratio on 100, or a growth."""
        return (self.measure == self.Measure.RATIO and self.ratio_scale == 100) or self.measure == self.Measure.GROWTH

    @property
    def is_rate(self) -> bool:
        """A level each unit reaches on its own (a ratio, a growth): never added up over units, nor allocated."""
        return self.measure in (self.Measure.RATIO, self.Measure.GROWTH)

    def clean(self):
        errors = {}
        if self.measure == self.Measure.RATIO and not self.denominator_id:
            errors["denominator"] = _("Mục tiêu tỷ lệ cần có mẫu số.")
        if self.measure != self.Measure.RATIO and self.denominator_id:
            errors["denominator"] = _("Chỉ mục tiêu tỷ lệ mới có mẫu số.")
        if self.denominator_id and self.denominator_id == self.numerator_id:
            errors["denominator"] = _("Tử số và mẫu số phải là hai số liệu khác nhau.")
        if self.numerator_id:
            expected_kind = {
                self.Measure.FLOW_TOTAL: Figure.Kind.FLOW,
                self.Measure.STOCK_LATEST: Figure.Kind.STOCK,
                self.Measure.GROWTH: Figure.Kind.STOCK,
            }
            kind = expected_kind.get(self.measure)
            if kind and self.numerator.kind != kind:
                errors["numerator"] = _("Cách đo “%(measure)s” cần một số liệu loại “%(kind)s”.") % {
                    "measure": self.get_measure_display(),
                    "kind": Figure.Kind(kind).label,
                }
        if self.value is not None and self.value < 0:
            errors["value"] = _("Giá trị mục tiêu không được âm.")
        if errors:
            raise ValidationError(errors)

    def _override(self, year: int) -> "TargetYearValue | None":
        return next((override for override in self.year_values.all() if override.year == year), None)

    def value_for(self, year: int) -> Decimal:
        """The target for `year`: the year's own value where the document sets one, else the annual value."""
        override = self._override(year)
        return override.value if override else self.value

    def comparator_for(self, year: int) -> str:
        """How `year` is compared: the year's own comparator where one is set ("trên" one year), else the target's."""
        override = self._override(year)
        return override.comparator if override and override.comparator else self.comparator

    @property
    def is_year_end(self) -> bool:
        return self.timing == self.Timing.YEAR_END

    def in_words(self) -> str:
        """The whole target as a document writes it: "từ 1.500 trở lên mỗi năm", "dưới 0,5 %", with its timing."""
        words = self.describe()
        if self.measure == self.Measure.FLOW_TOTAL:
            words = _("%(goal)s mỗi năm") % {"goal": words}
        if self.is_year_end:
            words = _("%(goal)s (đánh giá vào cuối năm)") % {"goal": words}
        return words

    def format_value(self, value) -> str:
        return format_percent(value) if self.is_percentage else format_number(value)

    def describe(self, value=None, year: int | None = None, comparator: str | None = None) -> str:
        """The comparator in words, as the documents write it: "từ 1.500 trở lên", "100 %"; for `year`, its own
        (or the `comparator` given)."""
        value = self.value if value is None else value
        shown = self.format_value(value)
        comparator = comparator or (self.comparator if year is None else self.comparator_for(year))
        return self.phrase(comparator) % {"v": shown}

    @classmethod
    def phrase(cls, comparator: str) -> str:
        """How the documents write a comparator, around the value `%(v)s`: "từ %(v)s trở lên"."""
        return {
            cls.Comparator.GTE: _("từ %(v)s trở lên"),
            cls.Comparator.GT: _("trên %(v)s"),
            cls.Comparator.EQ: "%(v)s",
            cls.Comparator.LT: _("dưới %(v)s"),
            cls.Comparator.LTE: _("không quá %(v)s"),
        }[comparator]

    def is_met(self, actual: Decimal, goal: Decimal, comparator: str | None = None) -> bool:
        """Whether `actual` reaches `goal` the way the target (or, given, a year's `comparator`) compares."""
        return {
            self.Comparator.GTE: actual >= goal,
            self.Comparator.GT: actual > goal,
            # A plain figure ("thành lập mới 20 tổ", "100 %") is reached once the actual gets there.
            self.Comparator.EQ: actual >= goal,
            self.Comparator.LT: actual < goal,
            self.Comparator.LTE: actual <= goal,
        }[comparator or self.comparator]


class TargetYearValue(models.Model):
    """A year where the target differs from the annual value."""

    target = models.ForeignKey(Target, verbose_name=_("mục tiêu"), on_delete=models.CASCADE, related_name="year_values")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    comparator = models.CharField(
        _("so sánh"),
        max_length=3,
        choices=Target.Comparator.choices,
        blank=True,
        help_text=_(
            "Để trống: như mục tiêu. Chọn khi năm này văn bản so sánh khác (ví dụ “trên” thay vì “từ … trở lên”)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "year"]
        verbose_name = _("giá trị mục tiêu theo năm")
        verbose_name_plural = _("giá trị mục tiêu theo năm")
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="target_year_unique"),
            models.CheckConstraint(
                condition=Q(comparator__in=["", "gte", "gt", "eq", "lt", "lte"]), name="target_year_comparator_valid"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_year_value_non_negative",
                violation_error_message=_("Giá trị mục tiêu không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.target.label} — {self.year}: {self.value}"

    def clean(self):
        if self.target_id and self.year and self.year not in self.target.program.years:
            raise ValidationError({"year": _("Năm này nằm ngoài thời gian của chương trình.")})


class Baseline(models.Model):
    """A value at a date that progress is measured from (Lai Châu: 69.886 hội viên, 7,7 % hộ đăng ký)."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="baselines"
    )
    label = models.CharField(_("chỉ số"), max_length=300)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    as_of = models.DateField(_("tại ngày"), null=True, blank=True)
    as_of_text = models.CharField(
        _("thời điểm như văn bản nêu"),
        max_length=200,
        blank=True,
        help_text=_("Khi văn bản không nêu ngày cụ thể (ví dụ: “đến nay”, đầu năm 2024)."),
    )
    figure = models.ForeignKey(
        Figure,
        verbose_name=_("số liệu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="baselines",
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("mục tiêu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baselines",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = _("số liệu nền")
        verbose_name_plural = _("số liệu nền")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="baseline_value_non_negative",
                violation_error_message=_("Giá trị không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(as_of__isnull=False) | ~Q(as_of_text=""),
                name="baseline_has_a_time",
                violation_error_message=_("Hãy ghi ngày hoặc thời điểm của số liệu nền."),
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.value}"

    def clean(self):
        if self.as_of is None and not self.as_of_text:
            raise ValidationError({"as_of": _("Hãy ghi ngày hoặc thời điểm của số liệu nền.")})
        if self.target_id and self.program_id and self.target.program_id != self.program_id:
            raise ValidationError({"target": _("Mục tiêu này thuộc một chương trình khác.")})


class Allocation(models.Model):
    """A unit's share of a target for a year (giao chỉ tiêu): what that unit is measured against."""

    target = models.ForeignKey(Target, verbose_name=_("mục tiêu"), on_delete=models.CASCADE, related_name="allocations")
    unit = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("đơn vị được giao"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("chỉ tiêu được giao"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "year", "unit__path"]
        verbose_name = _("chỉ tiêu được giao")
        verbose_name_plural = _("chỉ tiêu được giao")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "unit", "year"],
                name="allocation_unique",
                violation_error_message=_("Đơn vị này đã được giao chỉ tiêu này cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="allocation_value_non_negative",
                violation_error_message=_("Chỉ tiêu được giao không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.target.label} — {self.unit} — {self.year}: {format_number(self.value)}"

    def clean(self):
        if not (self.target_id and self.unit_id):
            return
        program = self.target.program
        errors = {}
        if self.year and self.year not in program.years:
            errors["year"] = _("Năm này nằm ngoài thời gian của chương trình.")
        if not program.covers(self.unit) or program.is_measured_whole(self.unit):
            errors["unit"] = _("Chỉ giao chỉ tiêu cho các đơn vị cấp dưới thuộc phạm vi của chương trình.")
        if errors:
            raise ValidationError(errors)


class EntryLevel(models.Model):
    """Which level of the association enters a figure for a plan: branches enter new members, the commune
    enters its fund. Units of other levels do not get the figure on their sheet; what they have is the sum
    of the units below them. Without a level, every unit the plan covers enters the figure."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="entry_levels"
    )
    figure = models.ForeignKey(Figure, verbose_name=_("số liệu"), on_delete=models.PROTECT, related_name="entry_levels")
    kind = models.CharField(
        _("cấp nhập số liệu"),
        max_length=30,
        choices=[(kind.value, kind.label) for kind in Organisation.ASSOCIATION_KINDS],
        help_text=_("Chỉ đơn vị ở cấp này nhập số liệu; cấp trên xem tổng của các đơn vị cấp dưới."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "figure__order"]
        verbose_name = _("cấp nhập số liệu")
        verbose_name_plural = _("cấp nhập số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "figure"],
                name="entry_level_unique",
                violation_error_message=_("Chương trình đã nêu cấp nhập số liệu này."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in Organisation.ASSOCIATION_KINDS]),
                name="entry_level_kind_valid",
            ),
        ]

    def __str__(self):
        return str(self.get_kind_display())

    def clean(self):
        if self.program_id and self.figure_id:
            used = self.program.targets.filter(Q(numerator=self.figure_id) | Q(denominator=self.figure_id))
            if not used.exists():
                raise ValidationError({"figure": _("Không mục tiêu nào của chương trình dùng số liệu này.")})
