"""Reads for Excel: the sheets a template is made of, and the dry run of an upload.

The dry run reads each unit's cells with the entry form's own fields (reports.forms.ReportForm) and
checks them together with the form's rules (reports.rules), plus what the entry page checks around
the form: who may report for the unit, whether the report is locked, and whether it changed since
the file was downloaded. It writes nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nongdan.dates import format_moment
from nongdan.numbers import format_number
from organisations.models import Organisation
from organisations.permissions import Action, can, memberships_of, units_for, visible_provinces
from reports.excel import layout
from reports.excel.layout import Kind, Meta, MetaUnit
from reports.excel.reading import FileRefused, UploadedFile, read_upload, shown, typed_text
from reports.forms import ReportForm
from reports.models import ReportingPeriod, ReportUpload
from reports.rules import sheet_entries, sheet_rules
from reports.selectors import ReportState
from reports.services import Entry, ReportWrite
from reports.sheets import ReportSheet, lines_of, report_sheets
from targets.models import Figure


def units_below(*, unit: Organisation) -> list[Organisation]:
    """The active association units under `unit`, at any depth, in tree order: the rows of its template."""
    return list(
        Organisation.objects.associations()
        .active()
        .subtree(unit)
        .exclude(pk=unit.pk)
        .select_related("province")
        .order_by("path")
    )


def template_roots(*, user) -> list[Organisation]:
    """The units whose units below the person approves: each offers a template of all of them."""
    roots = {m.organisation for m in memberships_of(user) if can(user, Action.APPROVE, m.organisation)}
    return sorted((unit for unit in roots if unit.is_association), key=lambda unit: unit.path)


@dataclass(frozen=True)
class ExcelLinks:
    roots: list[Organisation]
    """Units whose units below the person may fill in one file."""
    can_upload: bool


def excel_links(*, user) -> ExcelLinks:
    """What the report list offers for Excel: templates of the units below, and the upload page."""
    return ExcelLinks(roots=template_roots(user=user), can_upload=units_for(user, Action.REPORT).exists())


@dataclass(frozen=True)
class Problem:
    """One thing to fix, where it is in the file and in words."""

    sheet: str
    position: tuple[int, int]
    unit: str
    figure: str
    value: str
    reason: str

    @property
    def cell(self) -> str:
        return layout.address(*self.position)


@dataclass(frozen=True)
class Change:
    """One figure whose value or comment the file changes: what is saved now, and what would be."""

    figure: Figure
    cell: str
    saved: Decimal | None
    value: Decimal | None
    typed: str
    """What the cell holds, as text: shown instead of `value` when it could not be read."""
    comment: str
    valid: bool

    @property
    def old(self) -> str:
        return format_number(self.saved)

    @property
    def new(self) -> str:
        return format_number(self.value) if self.value is not None else self.typed


@dataclass
class UnitImport:
    """One unit of the file that has something to save."""

    sheet: ReportSheet
    loaded_version: int
    changes: list[Change]
    entries: dict[Figure, Entry] | None
    """What would be saved; None while the unit's figures have problems."""

    @property
    def state(self) -> ReportState:
        return self.sheet.state

    @property
    def unit(self) -> Organisation:
        return self.state.unit

    @property
    def summary(self) -> str:
        """The changes on one line ("Hội viên mới: 1.200 → 1.500; …"), for files of many units."""
        return "; ".join(f"{c.figure.name}: {c.old or '—'} → {c.new or '—'}" for c in self.changes)


@dataclass
class ImportCheck:
    """The dry run of an upload: every problem, and what would be saved once there is none."""

    upload: ReportUpload
    submitting: bool
    confirm_unusual: bool
    refusal: str = ""
    meta: Meta | None = None
    period: ReportingPeriod | None = None
    units_in_file: int = 0
    imports: list[UnitImport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    has_unusual: bool = False
    """Some values are far from last quarter's: the person must confirm them (with a comment)."""

    @property
    def can_confirm(self) -> bool:
        return not self.refusal and not self.problems and bool(self.imports)

    @property
    def is_single_unit(self) -> bool:
        return self.meta is not None and self.meta.kind == Kind.UNIT

    def writes(self) -> list[ReportWrite]:
        return [ReportWrite(i.unit, i.entries, i.loaded_version, i.sheet) for i in self.imports]


def _period(meta: Meta) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(year=meta.year, quarter=meta.quarter).first()
    if period is None:
        raise FileRefused(_("Kỳ báo cáo %(period)s của tệp không có trong hệ thống.") % {"period": meta.period_label})
    return period


def _expected_context(upload: ReportUpload, meta: Meta, period: ReportingPeriod) -> None:
    """Uploaded from a report page: the file must be that unit's, for that quarter."""
    if upload.unit_id is None:
        return
    if meta.kind == Kind.UNIT and meta.root_id == upload.unit_id and period.pk == upload.period_id:
        return
    meant = meta.root_name if meta.kind == Kind.UNIT else _("các đơn vị thuộc %(unit)s") % {"unit": meta.root_name}
    raise FileRefused(
        _("Tệp này dành cho %(meant)s, %(period)s, không phải %(unit)s, %(expected)s.")
        % {"meant": meant, "period": meta.period_label, "unit": upload.unit.name, "expected": upload.period}
    )


def _units(*, meta: Meta, user) -> dict[int, Organisation]:
    """The file's units, all of one province the person may see; otherwise the whole file is refused."""
    provinces = list(visible_provinces(user))
    if meta.province_id not in {province.pk for province in provinces}:
        raise FileRefused(
            _("Tệp này dành cho %(province)s, không phải %(yours)s.")
            % {"province": meta.province_name, "yours": ", ".join(p.name for p in provinces) or "—"}
        )
    units = Organisation.objects.associations().select_related("province").in_bulk([u.id for u in meta.units])
    for meta_unit in meta.units:
        unit = units.get(meta_unit.id)
        if unit is None or unit.province_id != meta.province_id:
            raise FileRefused(
                _("Tệp ghi đơn vị “%(unit)s” nhưng đơn vị này không thuộc %(province)s trong hệ thống.")
                % {"unit": meta_unit.name, "province": meta.province_name}
            )
    return units


def _check_figures(meta: Meta, sheets: list[ReportSheet]) -> None:
    """The file must hold exactly the figures the entry forms of its units ask for today."""
    in_file = {figure.id for figure in meta.figures}
    asked = {line.figure.pk: line.figure.name for _group, line in lines_of(sheets)}
    if in_file == set(asked):
        return
    labels = {figure.id: figure.label for figure in meta.figures}
    added = [name for pk, name in asked.items() if pk not in in_file]
    removed = [label for pk, label in labels.items() if pk not in asked]
    details = "; ".join(
        part
        for part in (
            _("nay thêm: %(names)s") % {"names": ", ".join(added)} if added else "",
            _("nay bỏ: %(names)s") % {"names": ", ".join(removed)} if removed else "",
        )
        if part
    )
    raise FileRefused(
        _("Các số liệu cần báo cáo đã thay đổi sau khi tải tệp mẫu (%(details)s). Hãy tải tệp mẫu mới.")
        % {"details": details}
    )


def _entry_fields(sheets) -> dict:
    """The entry form's fields for every figure any of the units enters (a figure's field is the same on
    every sheet), built once per sheet that brings a figure not met before."""
    fields: dict = {}
    for sheet in sheets:
        if not fields or any(line.field_name not in fields for line in sheet.lines):
            fields.update(ReportForm(sheet=sheet).fields)
    return fields


@dataclass
class _UnitRead:
    """One unit's part of the file, read field by field by the entry form's own fields."""

    cells: dict[str, tuple[int, int]]
    raw: dict[str, object]
    """Each field's cell value as the file holds it (a number, a text…), to show it in a problem."""
    typed: dict[str, object]
    """What the form's field reads for it: numbers as Vietnamese text, text as it is."""
    cleaned: dict[str, object]
    errors: dict[str, list[str]]
    """What the fields that could not read their cell said."""


def _read_unit(*, fields, uploaded: UploadedFile, meta_unit: MetaUnit, sheet: ReportSheet, confirm_unusual: bool):
    meta = uploaded.meta
    figures = {figure.id: figure for figure in meta.figures}
    read = _UnitRead(
        cells={},
        raw={},
        typed={"version": meta_unit.version, "confirm_unusual": confirm_unusual},
        cleaned={},
        errors={},
    )
    for line in sheet.lines:
        read.cells[line.field_name] = meta.value_cell(meta_unit, figures[line.figure.pk])
        read.cells[line.comment_name] = meta.comment_cell(meta_unit, figures[line.figure.pk])
    for name, cell in read.cells.items():
        read.raw[name] = uploaded.value(cell)
        read.typed[name] = typed_text(read.raw[name])
    for name, typed in read.typed.items():
        try:
            read.cleaned[name] = fields[name].clean(typed)
        except ValidationError as error:
            read.errors[name] = error.messages
    return read


def _changes(sheet: ReportSheet, read: _UnitRead) -> list[Change]:
    """The figures whose value or comment differs from what is saved (or could not be read)."""
    changes = []
    for line in sheet.lines:
        valid = line.field_name not in read.errors and line.comment_name not in read.errors
        value = read.cleaned.get(line.field_name)
        comment = read.cleaned.get(line.comment_name, read.typed[line.comment_name])
        saved = line.saved
        if valid and (value, comment) == ((saved.value, saved.comment) if saved else (None, "")):
            continue
        changes.append(
            Change(
                figure=line.figure,
                cell=layout.address(*read.cells[line.field_name]),
                saved=saved.value if saved else None,
                value=value,
                typed=str(read.typed[line.field_name]),
                comment=comment,
                valid=valid,
            )
        )
    return changes


def _whole_unit_problems(*, may_report: bool, state: ReportState, loaded_version: int) -> list[str]:
    """What the entry page checks around its form: who may report, locks, and edits since the download."""
    reasons = []
    if not may_report:
        reasons.append(_("Anh/chị không được nhập số liệu cho đơn vị này."))
    if state.lock_reason:
        reasons.append(state.lock_reason)
    report = state.report
    if (report.version if report else 0) != loaded_version:
        reasons.append(
            _(
                "Báo cáo của đơn vị đã được lưu lúc %(when)s, sau khi tải tệp này. Hãy tải tệp mẫu mới để có "
                "số liệu mới nhất, để không ghi đè thay đổi của người khác."
            )
            % {"when": format_moment(report.updated_at) if report else "—"}
        )
    return reasons


def _field_problems(
    errors: list[tuple[str | None, str]], sheet: ReportSheet, read: _UnitRead, at_unit: tuple[int, int]
) -> list[Problem]:
    """Errors by field name at their cells, in reading order (row by row, then left to right)."""
    figures = {}
    for line in sheet.lines:
        figures[line.field_name] = figures[line.comment_name] = line.figure.name
    unit = sheet.state.unit.name
    problems = [
        Problem(
            layout.DATA_SHEET,
            read.cells.get(name, at_unit),
            unit,
            figures.get(name, ""),
            shown(read.raw[name]) if name in read.cells else "",
            message,
        )
        for name, message in errors
    ]
    return sorted(problems, key=lambda problem: problem.position)


@dataclass(frozen=True)
class _Context:
    """What every unit of one file is checked with."""

    check: ImportCheck
    uploaded: UploadedFile
    fields: dict
    """The entry form's fields, built once: they read every unit's cells."""
    reportable: set[int]
    """The file's units the person may report for."""


def _check_unit(context: _Context, meta_unit: MetaUnit, sheet: ReportSheet) -> None:
    """Add the unit to what would be saved, with its problems, when its part of the file changes anything."""
    check = context.check
    read = _read_unit(
        fields=context.fields,
        uploaded=context.uploaded,
        meta_unit=meta_unit,
        sheet=sheet,
        confirm_unusual=check.confirm_unusual,
    )
    changes = _changes(sheet, read)
    state = sheet.state
    has_values = any(read.typed[line.field_name] for line in sheet.lines)
    if not changes and not (check.submitting and state.is_editable and has_values):
        return
    found = sheet_rules(sheet=sheet, cleaned=read.cleaned, failed=set(read.errors), submitting=check.submitting)
    check.has_unusual |= bool(found.unusual)
    at_unit = context.uploaded.meta.unit_cell(meta_unit)
    problems = [
        Problem(layout.DATA_SHEET, at_unit, state.unit.name, "", "", reason)
        for reason in _whole_unit_problems(
            may_report=state.unit.pk in context.reportable, state=state, loaded_version=meta_unit.version
        )
    ]
    errors = [(name, message) for name, messages in read.errors.items() for message in messages] + found.errors
    problems += _field_problems(errors, sheet, read, at_unit)
    check.problems += problems
    entries = None if problems else sheet_entries(sheet=sheet, cleaned=read.cleaned)
    check.imports.append(UnitImport(sheet=sheet, loaded_version=meta_unit.version, changes=changes, entries=entries))


def _check_unit_file(meta: Meta, units: dict[int, Organisation], user) -> None:
    """A single unit's file for a unit the person does not report for is refused by name."""
    if meta.kind != Kind.UNIT or can(user, Action.REPORT, units[meta.units[0].id]):
        return
    unit = units[meta.units[0].id]
    own = [m.organisation.name for m in memberships_of(user) if can(user, Action.REPORT, m.organisation)]
    raise FileRefused(
        _("Tệp này dành cho %(unit)s, không phải đơn vị anh/chị nhập số liệu (%(own)s).")
        % {"unit": unit.name, "own": ", ".join(own) or "—"}
    )


def import_check(*, upload: ReportUpload, user, submitting: bool = False, confirm_unusual: bool = False) -> ImportCheck:
    """Check the uploaded file exactly as the entry form would, unit by unit, writing nothing."""
    check = ImportCheck(upload=upload, submitting=submitting, confirm_unusual=confirm_unusual)
    try:
        uploaded = read_upload(bytes(upload.content))
        meta = check.meta = uploaded.meta
        period = check.period = _period(meta)
        _expected_context(upload, meta, period)
        units = _units(meta=meta, user=user)
        _check_unit_file(meta, units, user)
        sheets = report_sheets(units=[units[u.id] for u in meta.units], period=period)
        _check_figures(meta, list(sheets.values()))
    except FileRefused as refused:
        check.refusal = refused.reason
        return check
    check.units_in_file = len(meta.units)
    ids = [meta_unit.id for meta_unit in meta.units]
    context = _Context(
        check=check,
        uploaded=uploaded,
        fields=_entry_fields(sheets.values()),
        reportable=set(units_for(user, Action.REPORT).filter(pk__in=ids).values_list("pk", flat=True)),
    )
    for meta_unit in meta.units:
        _check_unit(context, meta_unit, sheets[meta_unit.id])
    return check
