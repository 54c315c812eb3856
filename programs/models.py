"""Resolutions and the provincial action programs that carry them out."""

import operator
from functools import reduce

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Organisation, Province


class Resolution(models.Model):
    number = models.CharField(_("số hiệu"), max_length=40, unique=True)
    title = models.TextField(_("trích yếu"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")

    def __str__(self):
        return _("Nghị quyết số %(number)s") % {"number": self.number}


class ProgramQuerySet(models.QuerySet):
    def in_provinces(self, provinces):
        return self.filter(province__in=provinces)

    def active(self):
        """Not archived: still offered in entry forms and program lists."""
        return self.filter(archived_on__isnull=True)

    def with_content(self):
        """Programs that have content: archived, never deleted.

        Content is whatever deleting the program would take with it: its tasks and assignments here,
        its targets and baselines in the targets app (this app does not name what is built on it).
        """
        owned = [rel for rel in self.model._meta.related_objects if rel.on_delete is models.CASCADE]
        has_content = [
            Exists(rel.related_model._default_manager.filter(**{rel.field.name: OuterRef("pk")})) for rel in owned
        ]
        return self.filter(reduce(operator.or_, has_content))


class Program(models.Model):
    """A province's action program (Chương trình hành động), draft or issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        SUPERSEDED = "superseded", _("Đã được thay thế")

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("nghị quyết"), on_delete=models.PROTECT, related_name="programs"
    )
    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="programs")
    former_province = models.ForeignKey(
        Province,
        verbose_name=_("ban hành khi còn là tỉnh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="former_programs",
        help_text=_("Tỉnh đã sáp nhập nơi chương trình được ban hành; văn bản giữ nguyên tên cũ."),
    )
    slug = models.SlugField(_("mã định danh"), max_length=80, unique=True)
    number = models.CharField(
        _("số hiệu"), max_length=40, blank=True, help_text=_("Ví dụ 115-CTr/TU; để trống khi còn là dự thảo.")
    )
    title = models.TextField(_("tên chương trình"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, help_text=_("Ghi đúng như văn bản."))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    general_objective = models.TextField(_("mục tiêu tổng quát"), blank=True)
    status_note = models.TextField(_("ghi chú về trạng thái"), blank=True)
    source_text = models.TextField(_("văn bản nguồn"), blank=True)
    source_reference = models.CharField(_("nguồn"), max_length=300, blank=True)
    declared_target_count = models.PositiveSmallIntegerField(
        _("số mục tiêu theo văn bản"),
        null=True,
        blank=True,
        help_text=_("Tổng số mục tiêu văn bản nêu, kể cả những mục tiêu chưa nhập."),
    )
    declared_task_count = models.PositiveSmallIntegerField(
        _("số nhiệm vụ, giải pháp theo văn bản"), null=True, blank=True
    )
    archived_on = models.DateField(
        _("lưu trữ từ ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Chương trình lưu trữ không còn trong phiếu nhập số liệu và các danh sách, nhưng vẫn giữ số liệu"
            " và lịch sử. Chương trình đã có mục tiêu, nhiệm vụ hay số liệu thì lưu trữ thay vì xóa."
        ),
    )
    history = HistoricalRecords()

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["province__name", "-start_year", "number"]
        verbose_name = _("chương trình hành động")
        verbose_name_plural = _("chương trình hành động")
        indexes = [models.Index(fields=["province", "status"], name="program_province_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="program_years_ordered",
                violation_error_message=_("Năm kết thúc phải từ năm bắt đầu trở đi."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "issued", "superseded"]), name="program_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(issued_on__isnull=False)),
                name="program_issued_has_number_and_date",
                violation_error_message=_("Chương trình đã ban hành phải có số hiệu và ngày ban hành."),
            ),
            models.CheckConstraint(
                condition=Q(status="superseded", superseded_by__isnull=False)
                | Q(superseded_by__isnull=True) & ~Q(status="superseded"),
                name="program_superseded_has_successor",
                violation_error_message=_("Chương trình bị thay thế phải chỉ rõ chương trình thay thế (và ngược lại)."),
            ),
            models.UniqueConstraint(
                fields=["province", "number"],
                condition=~Q(number=""),
                name="program_number_unique_in_province",
                violation_error_message=_("Tỉnh này đã có chương trình mang số hiệu này."),
            ),
        ]

    def __str__(self):
        if self.number:
            return _("Chương trình %(number)s — %(province)s") % {"number": self.number, "province": self.province}
        return _("Dự thảo chương trình — %(province)s") % {"province": self.province}

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def clean(self):
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Năm kết thúc phải từ năm bắt đầu trở đi.")
        if self.status != self.Status.DRAFT:
            if not self.number:
                errors["number"] = _("Chương trình đã ban hành phải có số hiệu.")
            if not self.issued_on:
                errors["issued_on"] = _("Chương trình đã ban hành phải có ngày ban hành.")
        if (self.status == self.Status.SUPERSEDED) != bool(self.superseded_by_id):
            errors["superseded_by"] = _("Chỉ chương trình “đã được thay thế” mới có chương trình thay thế, và phải có.")
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("Chương trình không thể thay thế chính nó.")
        if errors:
            raise ValidationError(errors)


class Task(models.Model):
    """A task and solution (nhiệm vụ, giải pháp), numbered as in the document."""

    program = models.ForeignKey(Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("nhiệm vụ, giải pháp")
        verbose_name_plural = _("nhiệm vụ, giải pháp")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="task_number_unique_in_program",
                violation_error_message=_("Chương trình đã có nhiệm vụ mang số này."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="task_number_positive"),
        ]

    def __str__(self):
        return f"({self.number}) {self.text[:80]}"


class Assignment(models.Model):
    """Who does what (tổ chức thực hiện): a body leads, coordinates or carries out part of a program."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATE = "coordinate", _("Phối hợp")
        IMPLEMENT = "implement", _("Thực hiện")

    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="assignments"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("Để trống nếu giao cho cả chương trình."),
    )
    body = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan, tổ chức"), on_delete=models.PROTECT, related_name="assignments"
    )
    body_name_as_written = models.CharField(
        _("tên như trong văn bản"),
        max_length=300,
        help_text=_("Giữ nguyên tên trong văn bản, kể cả khi cơ quan đã sáp nhập."),
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.IMPLEMENT)
    text = models.TextField(_("nội dung trách nhiệm"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = _("phân công thực hiện")
        verbose_name_plural = _("phân công thực hiện")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["lead", "coordinate", "implement"]), name="assignment_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.body_name_as_written}: {self.get_role_display()}"

    def clean(self):
        if self.task_id and self.program_id and self.task.program_id != self.program_id:
            raise ValidationError({"task": _("Nhiệm vụ này thuộc một chương trình khác.")})
        if self.body_id and self.program_id and self.body.province_id != self.program.province_id:
            raise ValidationError({"body": _("Cơ quan phải thuộc cùng tỉnh với chương trình.")})
