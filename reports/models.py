"""Quarterly reporting: periods, one report per unit and period, and its values per figure."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nongdan.dates import format_date
from nongdan.numbers import format_number, format_quarter
from organisations.models import Organisation, Province
from targets.models import Figure


class ReportingPeriodQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def up_to(self, year: int, quarter: int):
        """The quarter (year, quarter) and the quarters before it, latest first."""
        return self.filter(Q(year__lt=year) | Q(year=year, quarter__lte=quarter)).order_by("-year", "-quarter")


class ReportingPeriod(models.Model):
    """A quarter. Its cut-off and deadline are settings, since they differ between bodies."""

    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")])
    cutoff_date = models.DateField(_("ngày chốt số liệu"))
    deadline = models.DateField(_("hạn nộp báo cáo"))

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("cutoff_date")),
                name="period_deadline_after_cutoff",
                violation_error_message=_("Hạn nộp phải từ ngày chốt số liệu trở đi."),
            ),
        ]

    def __str__(self):
        return format_quarter(self.year, self.quarter)

    def previous(self) -> "ReportingPeriod | None":
        """The quarter before this one (None before the first), read once per object."""
        if not hasattr(self, "_previous"):
            self._previous = ReportingPeriod.objects.up_to(self.year, self.quarter).exclude(pk=self.pk).first()
        return self._previous

    @classmethod
    def with_previous(cls, year: int, quarter: int) -> "ReportingPeriod | None":
        """The quarter, with the quarter before it in hand: one query for both. None if it does not exist."""
        found = list(cls.objects.up_to(year, quarter)[:2])
        if not found or (found[0].year, found[0].quarter) != (year, quarter):
            return None
        found[0]._previous = found[1] if len(found) > 1 else None
        return found[0]

    @property
    def closes_on(self) -> datetime.date:
        """The last day a unit may still enter figures: the deadline plus the grace days."""
        return self.deadline + datetime.timedelta(days=settings.REPORT_GRACE_DAYS)

    def clean(self):
        if self.cutoff_date and self.deadline and self.deadline < self.cutoff_date:
            raise ValidationError({"deadline": _("Hạn nộp phải từ ngày chốt số liệu trở đi.")})

    @classmethod
    def default_dates(cls, year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
        """Association practice: cut-off at the quarter's last day, due on the 5th of the next month."""
        last_month = 3 * quarter
        cutoff = (
            datetime.date(year, 12, 31)
            if quarter == 4
            else datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)
        )
        return cutoff, cutoff + datetime.timedelta(days=5)


class ReportingCalendar(models.Model):
    """A province's own reporting rules, where they differ from the association's defaults.

    Each quarter's cut-off is its own (the quarter's last day); the province's deadline is a number of
    days after it, then grace days before the quarter locks, and the days a quarter reopens for a
    unit whose report is returned after it locked. Without a calendar a province keeps the quarter's
    deadline and the settings' REPORT_GRACE_DAYS and REPORT_RETURN_REOPEN_DAYS.
    """

    province = models.OneToOneField(
        Province, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="reporting_calendar"
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn nộp sau ngày chốt số liệu (ngày)"), default=5, help_text=_("Mặc định 5: hạn nộp ngày 5 tháng sau.")
    )
    grace_days = models.PositiveSmallIntegerField(
        _("gia hạn sau hạn nộp (ngày)"), default=5, help_text=_("Qua số ngày này kỳ báo cáo bị khóa.")
    )
    return_reopen_days = models.PositiveSmallIntegerField(_("mở lại khi trả lại sau khi khóa (ngày)"), default=7)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lịch báo cáo của tỉnh")
        verbose_name_plural = _("lịch báo cáo của tỉnh")

    def __str__(self):
        return str(self.province)

    def deadline(self, period: ReportingPeriod) -> datetime.date:
        return period.cutoff_date + datetime.timedelta(days=self.deadline_days)


def period_dates(period: ReportingPeriod, calendar: ReportingCalendar | None) -> tuple[datetime.date, datetime.date]:
    """A quarter's deadline and the last day it is open, by the province's calendar if it has one."""
    if calendar is None:
        return period.deadline, period.closes_on
    deadline = calendar.deadline(period)
    return deadline, deadline + datetime.timedelta(days=calendar.grace_days)


class ReportQuerySet(models.QuerySet):
    def for_units(self, units):
        return self.filter(unit__in=units)

    def awaiting_decision(self):
        return self.filter(status=Report.Status.SUBMITTED)

    def counted(self, *, include_submitted: bool = False):
        """Approved reports (and submitted ones if asked), for quarters that ended before the unit retired.

        A unit retired or merged on 01/07 keeps its reports up to Q2; anything filed for Q3 on does not count.
        """
        statuses = [Report.Status.APPROVED]
        if include_submitted:
            statuses.append(Report.Status.SUBMITTED)
        retired_year, retired_quarter = ExtractYear("unit__retired_on"), ExtractQuarter("unit__retired_on")
        return self.filter(status__in=statuses).filter(
            Q(unit__retired_on__isnull=True)
            | Q(period__year__lt=retired_year)
            | Q(period__year=retired_year, period__quarter__lt=retired_quarter)
        )


class Report(models.Model):
    """A unit's figures for one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang nhập")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    unit = models.ForeignKey(Organisation, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, help_text=_("Tăng sau mỗi lần lưu; chống ghi đè."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("duyệt/trả lại lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt/trả lại"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__year", "-period__quarter", "unit__path"]
        verbose_name = _("báo cáo quý")
        verbose_name_plural = _("báo cáo quý")
        indexes = [models.Index(fields=["period", "status"], name="report_period_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="report_unique_unit_period"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="report_returned_has_reason",
                violation_error_message=_("Báo cáo bị trả lại phải có lý do."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.period}"


class ReportValue(models.Model):
    """One figure in one report. No row (or no value) means "not reported", which is not zero."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values")
    figure = models.ForeignKey(
        Figure, verbose_name=_("số liệu"), on_delete=models.PROTECT, related_name="report_values"
    )
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "figure__order"]
        verbose_name = _("giá trị báo cáo")
        verbose_name_plural = _("giá trị báo cáo")
        indexes = [models.Index(fields=["figure", "report"], name="reportvalue_figure_report_idx")]
        constraints = [
            models.UniqueConstraint(fields=["report", "figure"], name="reportvalue_unique_figure"),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="reportvalue_non_negative",
                violation_error_message=_("Số liệu không được là số âm."),
            ),
        ]

    def __str__(self):
        return f"{self.figure}: {format_number(self.value)}"

    def clean(self):
        if self.value is not None:
            if self.value < 0:
                raise ValidationError({"value": _("Số liệu không được là số âm.")})
            if not self.figure.allows_decimals and self.value != self.value.to_integral_value():
                raise ValidationError({"value": _("Số liệu này là số nguyên, không có phần thập phân.")})


class ReportEvent(models.Model):
    """One step of a report's workflow: who did it, when, and what they wrote."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Lưu nháp")
        SUBMITTED = "submitted", _("Gửi báo cáo")
        RETURNED = "returned", _("Trả lại")
        APPROVED = "approved", _("Duyệt")

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("diễn biến báo cáo")
        verbose_name_plural = _("diễn biến báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["saved", "submitted", "returned", "approved"]), name="reportevent_action_valid"
            ),
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(note=""),
                name="reportevent_returned_has_note",
                violation_error_message=_("Trả lại báo cáo phải ghi lý do."),
            ),
        ]

    def __str__(self):
        return f"{self.report} — {self.get_action_display()}"

    def clean(self):
        if self.action == self.Action.RETURNED and not self.note.strip():
            raise ValidationError({"note": _("Trả lại báo cáo phải ghi lý do.")})


class ReportReopening(models.Model):
    """A program admin lets one unit enter a closed period's figures again, until a date."""

    unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="report_reopenings"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reopenings"
    )
    until = models.DateField(_("mở đến hết ngày"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mở lại"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    reason = models.TextField(_("lý do"))

    class Meta:
        ordering = ["-until", "-at"]
        verbose_name = _("mở lại kỳ báo cáo")
        verbose_name_plural = _("mở lại kỳ báo cáo")
        indexes = [models.Index(fields=["unit", "period", "until"], name="reopening_unit_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="reopening_has_reason",
                violation_error_message=_("Hãy ghi lý do mở lại."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.period} — {format_date(self.until)}"

    def clean(self):
        errors = {}
        if not self.reason.strip():
            errors["reason"] = _("Hãy ghi lý do mở lại.")
        if self.until and self.until < timezone.localdate():
            errors["until"] = _("Ngày mở đến không được ở trong quá khứ.")
        if errors:
            raise ValidationError(errors)


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.exclude(status=Notification.Status.SENT)


class Notification(models.Model):
    """An email telling someone about a step of a report's workflow, kept until it is sent.

    Written in the same transaction as the step, sent after the commit; a mail outage delays it
    (`send_pending_mail` and the next send retry it), never loses it nor undoes the step.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        FAILED = "failed", _("Gửi lỗi, sẽ gửi lại")
        SENT = "sent", _("Đã gửi")

    event = models.ForeignKey(
        ReportEvent, verbose_name=_("diễn biến báo cáo"), on_delete=models.CASCADE, related_name="notifications"
    )
    to = models.EmailField(_("gửi đến"))
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử gửi"), default=0)
    last_error = models.TextField(_("lỗi lần gửi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("thử gửi gần nhất lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi được lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        indexes = [models.Index(fields=["created_at"], condition=~Q(status="sent"), name="notification_unsent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "failed", "sent"]), name="notification_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="notification_sent_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class ReportUpload(models.Model):
    """A spreadsheet someone uploaded, kept between its dry run and their confirmation.

    In the database, not on a server's disk: several app servers share one database. Short-lived:
    confirming consumes it, and uploads older than a few hours are removed (reports.excel.services).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung"))
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tải lên từ trang báo cáo của đơn vị này: tệp phải là của đơn vị và kỳ đó."),
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("tệp nhập số liệu")
        verbose_name_plural = _("tệp nhập số liệu")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, period__isnull=True) | Q(unit__isnull=False, period__isnull=False),
                name="reportupload_unit_with_period",
            ),
        ]

    def __str__(self):
        return self.file_name


class TaskProgress(models.Model):
    """What a responsible body did on its assignment, told for a review period, in its own words.

    The period is the year up to the end of a quarter, as the reviews are written: through Q2 is the
    six-month review, through Q4 the year's. One narrative per assignment and period; its history kept.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        DONE = "done", _("Hoàn thành")

    assignment = models.ForeignKey(
        "programs.Assignment",
        verbose_name=_("phân công thực hiện"),
        on_delete=models.PROTECT,
        related_name="progress",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(
        _("tính đến hết quý"), choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    text = models.TextField(_("kết quả thực hiện"), help_text=_("Những việc đã làm trong kỳ, ngắn gọn."))
    documents = models.TextField(
        _("văn bản đã ban hành"),
        blank=True,
        help_text=_("Mỗi văn bản một dòng, ví dụ: Kế hoạch số 12-KH/ĐĐ ngày 05/5/2025."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "assignment__order", "assignment_id"]
        verbose_name = _("tiến độ thực hiện nhiệm vụ")
        verbose_name_plural = _("tiến độ thực hiện nhiệm vụ")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "year", "quarter"],
                name="task_progress_unique_per_period",
                violation_error_message=_("Kỳ này đã có báo cáo tiến độ của phân công này."),
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="task_progress_quarter_1_to_4"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "done"]), name="task_progress_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.assignment.body_name_as_written} — {format_quarter(self.year, self.quarter)}"

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class ReportLetterhead(models.Model):
    """How the board's report on a program is headed and signed (Hướng dẫn 36-HD/VPTW), kept per program.

    The download form starts from these; what is typed there for one document is not kept.
    """

    program = models.OneToOneField(
        "programs.Program", verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="letterhead"
    )
    issuer_parent = models.CharField(
        _("cơ quan cấp trên"), max_length=200, blank=True, help_text=_("Ví dụ: TỈNH ỦY LẠNG SƠN.")
    )
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: BAN TUYÊN GIÁO VÀ DÂN VẬN."))
    number_suffix = models.CharField(
        _("ký hiệu văn bản"), max_length=40, help_text=_("Phần sau số, ví dụ BC/BTGDVTU (Số 25-BC/BTGDVTU).")
    )
    place = models.CharField(_("địa danh"), max_length=100, help_text=_("Ví dụ: Lạng Sơn."))
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng."))
    signing_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: T/M BAN THƯỜNG VỤ, K/T TRƯỞNG BAN; để trống khi người đứng đầu ký."),
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=100, help_text=_("Ví dụ: PHÓ BÍ THƯ, TRƯỞNG BAN.")
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program"]
        verbose_name = _("thể thức báo cáo")
        verbose_name_plural = _("thể thức báo cáo")

    def __str__(self):
        return f"{self.issuer} — {self.program}"
