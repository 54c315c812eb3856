"""Who is who: provinces, the association's unit tree, party/state bodies, and people's roles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Province(models.Model):
    """A province or centrally run city. One merged into another (1/7/2025) keeps its row and name,
    so what moved can still say where it came from."""

    name = models.CharField(_("tên"), max_length=100, unique=True)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    merged_on = models.DateField(_("ngày sáp nhập"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_on__isnull=True)
                | Q(merged_into__isnull=False, merged_on__isnull=False),
                name="province_merged_has_date",
                violation_error_message=_("Tỉnh đã sáp nhập phải có ngày sáp nhập."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="province_not_merged_into_itself",
                violation_error_message=_("Một tỉnh không thể sáp nhập vào chính nó."),
            ),
        ]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def associations(self):
        return self.filter(kind__in=Organisation.ASSOCIATION_KINDS)

    def bodies(self):
        return self.exclude(kind__in=Organisation.ASSOCIATION_KINDS)

    def active(self):
        return self.filter(retired_on__isnull=True)

    def subtree(self, root: "Organisation"):
        """The root and every unit below it, at any depth, in one query."""
        return self.filter(path__startswith=root.path)


def path_segment(pk: int) -> str:
    return f"{pk:08d}/"


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and retyped


def new_unit_code() -> str:
    """A code for a unit created without one (the admin, the demo): stable once saved, editable."""
    return "DV-" + get_random_string(8, allowed_chars=CODE_ALPHABET)


def normalise_code(value: str) -> str:
    """Codes are compared without regard to case or surrounding spaces: stored upper-case."""
    return value.strip().upper()


code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z",
    _("Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (không có dấu cách)."),
)


class Organisation(models.Model):
    """One node of the association's tree, or a party/state body that programs assign work to.

    The association tree has no fixed depth; `path` ("/00000012/00000040/00000311/") makes a subtree
    one indexed prefix query. Ids are zero-padded so that sorting by path gives tree order under any
    collation (PostgreSQL's locale collations ignore the slashes; SQLite compares bytes).
    Units are retired or merged, never deleted, so their reports keep their owner.
    """

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Trung ương Hội")
        PROVINCE_ASSOCIATION = "province_association", _("Hội Nông dân tỉnh")
        DISTRICT_ASSOCIATION = "district_association", _("Hội Nông dân huyện (trước 1/7/2025)")
        COMMUNE_ASSOCIATION = "commune_association", _("Hội Nông dân xã, phường, đặc khu (cơ sở Hội)")
        BRANCH = "branch", _("Chi Hội")
        GROUP = "group", _("Tổ Hội")
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy, Ban Thường vụ")
        PARTY_BOARD = "party_board", _("Ban của Tỉnh ủy")
        PARTY_DELEGATION = "party_delegation", _("Đảng đoàn, Ban cán sự đảng")
        STATE_BODY = "state_body", _("Cơ quan nhà nước")
        FRONT = "front", _("Mặt trận, đoàn thể, hội quần chúng")

    ASSOCIATION_KINDS = (
        Kind.CENTRAL,
        Kind.PROVINCE_ASSOCIATION,
        Kind.DISTRICT_ASSOCIATION,
        Kind.COMMUNE_ASSOCIATION,
        Kind.BRANCH,
        Kind.GROUP,
    )
    # Levels of the association from the top: a unit sits below a unit of a higher level (a smaller
    # number), not necessarily the next one (a group may hang directly from a commune association).
    LEVELS = {kind: level for level, kind in enumerate(ASSOCIATION_KINDS)}

    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(
        _("mã đơn vị"),
        max_length=40,
        default=new_unit_code,
        validators=[code_validator],
        help_text=_("Mã cố định, không trùng trong tỉnh; dùng để nhận ra đơn vị khi nhập từ Excel."),
    )
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=80, blank=True)
    professional = models.BooleanField(
        _("nghề nghiệp"), default=False, help_text=_("Chi Hội, tổ Hội nghề nghiệp (theo nghề, hợp tác xã).")
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    retired_on = models.DateField(_("ngừng hoạt động từ"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    former_province = models.ForeignKey(
        Province,
        verbose_name=_("trước đây thuộc tỉnh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="former_organisations",
    )
    path = models.CharField(_("đường dẫn cây"), max_length=500, editable=False, db_index=True, default="")
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("tổ chức, đơn vị")
        verbose_name_plural = _("tổ chức, đơn vị")
        indexes = [models.Index(fields=["province", "kind"], name="org_province_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(professional=False) | Q(kind__in=["branch", "group"]),
                name="org_professional_only_branch_group",
                violation_error_message=_("Chỉ chi Hội và tổ Hội mới có thể là nghề nghiệp."),
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(retired_on__isnull=False),
                name="org_merged_needs_retired_on",
                violation_error_message=_("Đơn vị đã sáp nhập phải có ngày ngừng hoạt động."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="org_not_merged_into_itself",
                violation_error_message=_("Một đơn vị không thể sáp nhập vào chính nó."),
            ),
            models.UniqueConstraint(
                fields=["province", "code"],
                name="org_code_unique_in_province",
                violation_error_message=_("Tỉnh này đã có đơn vị mang mã này."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """A new unit takes its place below its parent; moving one is organisations.services' business."""
        if self.path and self.parent_id != self._parent_in_path():
            raise ValueError("A unit changes parent through organisations.services.organisation_move.")
        super().save(*args, **kwargs)
        if not self.path:
            self.path = self.path_below(self.parent)
            type(self).objects.filter(pk=self.pk).update(path=self.path)

    def path_below(self, parent: "Organisation | None") -> str:
        """This unit's path once it sits under `parent` (None: at the top)."""
        return f"{parent.path if parent else '/'}{path_segment(self.pk)}"

    def _parent_in_path(self) -> int | None:
        above = self.ancestor_ids()[:-1]
        return above[-1] if above else None

    @property
    def is_association(self) -> bool:
        return self.kind in self.ASSOCIATION_KINDS

    def clean(self):
        self.code = normalise_code(self.code)
        if self.kind and (self.parent_id or self.kind in self.LEVELS):
            problem = parent_kind_problem(self.kind, self.parent.kind if self.parent_id else None)
            if problem:
                raise ValidationError({"parent": problem})
        if self.parent_id:
            if self.parent.province_id != self.province_id and self.parent.kind != self.Kind.CENTRAL:
                raise ValidationError({"parent": _("Đơn vị cấp trên phải cùng tỉnh.")})
            if self.pk and f"/{path_segment(self.pk)}" in self.parent.path:
                raise ValidationError({"parent": _("Không thể chọn một đơn vị cấp dưới làm cấp trên.")})
        if self.merged_into_id and not self.retired_on:
            raise ValidationError({"retired_on": _("Đơn vị đã sáp nhập phải có ngày ngừng hoạt động.")})
        if self.professional and self.kind not in (self.Kind.BRANCH, self.Kind.GROUP):
            raise ValidationError({"professional": _("Chỉ chi Hội và tổ Hội mới có thể là nghề nghiệp.")})

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


def parent_kind_problem(kind: str, parent_kind: str | None) -> str | None:
    """Why a unit of `kind` cannot sit below a unit of `parent_kind` (None: at the top), or None."""
    Kind, levels = Organisation.Kind, Organisation.LEVELS
    if kind not in levels:
        if parent_kind in levels:
            return _("Cơ quan, ban, đoàn thể không nằm trong cây của Hội.")
        return None
    if parent_kind is None:
        if kind in (Kind.CENTRAL, Kind.PROVINCE_ASSOCIATION):
            return None
        return _("Đơn vị của Hội phải có đơn vị cấp trên.")
    if parent_kind not in levels:
        return _("Đơn vị của Hội phải nằm dưới một đơn vị của Hội.")
    if levels[parent_kind] >= levels[kind]:
        return _("“%(kind)s” không thể nằm dưới “%(parent)s”.") % {
            "kind": Kind(kind).label,
            "parent": Kind(parent_kind).label,
        }
    return None


class Membership(models.Model):
    """A person's role at one organisation. A person may hold several."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Cán bộ nhập số liệu")
        APPROVER = "approver", _("Người duyệt báo cáo")
        BOARD_VIEWER = "board_viewer", _("Theo dõi (Ban, Thường trực)")
        PROGRAM_ADMIN = "program_admin", _("Quản trị chương trình")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username", "organisation__path"]
        verbose_name = _("vai trò của người dùng")
        verbose_name_plural = _("vai trò của người dùng")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=Q(role__in=["reporter", "approver", "board_viewer", "program_admin"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class UnitImport(models.Model):
    """An uploaded workbook waiting for its owner's confirmation, kept in the database.

    Several app servers share the database, not a disk: the file checked in the dry run is the
    file applied on confirmation, whichever server answers. Rows are deleted once applied and
    forgotten after a day.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.CASCADE, related_name="unit_imports"
    )
    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="unit_imports"
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("tệp đơn vị, người dùng chờ xác nhận")
        verbose_name_plural = _("tệp đơn vị, người dùng chờ xác nhận")

    def __str__(self):
        return self.file_name
