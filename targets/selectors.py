"""Reads that feed the dashboards: reported figures measured against program targets.

Every page runs a fixed number of queries, whatever the number of units, quarters and targets.
Figures are aggregated in SQL per unit — flows summed over the year's quarters, stocks each
unit's latest value (a window function) — and rolled up the tree in Python in one pass over
those grouped rows. Ratios sum numerators and denominators separately, then divide.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Sum, Window
from django.db.models.functions import Length, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nongdan.numbers import format_quarter
from organisations.models import Organisation
from organisations.permissions import Action, unit_filter, units_for, visible_provinces
from programs.models import Program
from reports.models import Report, ReportingPeriod, ReportValue
from targets.exports import Cell, Table
from targets.models import Figure, Target


class Status(models.TextChoices):
    """How a figure stands against its target: always shown in words, colour only adds to them."""

    MET = "met", gettext_lazy("Đạt")
    ON_TRACK = "on_track", gettext_lazy("Đúng tiến độ")
    BEHIND = "behind", gettext_lazy("Chậm")
    NO_DATA = "no_data", gettext_lazy("Chưa có số liệu")


class Submission(models.TextChoices):
    """Where a reporting unit's quarterly report stands."""

    APPROVED = "approved", gettext_lazy("Đã duyệt")
    ON_TIME = "on_time", gettext_lazy("Đã gửi đúng hạn")
    LATE = "late", gettext_lazy("Gửi trễ hạn")
    RETURNED = "returned", gettext_lazy("Bị trả lại")
    MISSING = "missing", gettext_lazy("Chưa gửi")


COLOURS = {
    Status.MET: "success",
    Status.ON_TRACK: "primary",
    Status.BEHIND: "danger",
    Status.NO_DATA: "secondary",
    Submission.APPROVED: "success",
    Submission.ON_TIME: "primary",
    Submission.LATE: "warning",
    Submission.RETURNED: "danger",
    Submission.MISSING: "secondary",
}
CHART_COLOURS = {Status.MET: "#198754", Status.ON_TRACK: "#0d6efd", Status.BEHIND: "#dc3545", Status.NO_DATA: "#6c757d"}


def _badge(choice) -> Cell:
    return Cell.badge(choice.label, COLOURS[choice])


# --- What the dashboards look at ---------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """One program, seen from one unit, for one year as of one quarter, counting some reports."""

    program: Program
    unit: Organisation
    year: int
    quarter: int
    include_submitted: bool
    has_data: bool = True

    @property
    def period_label(self) -> str:
        return format_quarter(self.year, self.quarter)

    def query(self, **changes) -> str:
        """The query string that reopens this scope, with `changes` applied."""
        params = {
            "year": self.year,
            "quarter": self.quarter,
            "unit": self.unit.pk,
            "counted": "submitted" if self.include_submitted else "approved",
            **changes,
        }
        return urlencode({k: v for k, v in params.items() if v is not None})

    def counted_reports(self):
        """Reports that count, from the unit's whole subtree, for the year up to the as-of quarter."""
        return Report.objects.counted(include_submitted=self.include_submitted).filter(
            unit__path__startswith=self.unit.path, period__year=self.year, period__quarter__lte=self.quarter
        )


def _targets_prefetch() -> Prefetch:
    return Prefetch(
        "targets", queryset=Target.objects.select_related("numerator", "denominator").prefetch_related("year_values")
    )


def dashboard_program_get(*, user, slug: str) -> Program:
    """A program the user may read, with its targets; another province's is a 404."""
    return get_object_or_404(
        Program.objects.in_provinces(visible_provinces(user))
        .select_related("province")
        .prefetch_related(_targets_prefetch(), "baselines"),
        slug=slug,
    )


def dashboard_unit_get(*, user, program: Program, unit_id: int | None) -> Organisation:
    """The unit asked for, if the user may see it; otherwise the highest unit they may see.

    A unit they may not see (another province's, outside their subtree, or none at all) is never
    shown: the page opens at their own default, as if the address had not asked for it.
    """
    units = (
        Organisation.objects.associations()
        .filter(province=program.province)
        .filter(unit_filter(user, Action.VIEW))
        .select_related("province")
    )
    unit = units.filter(pk=unit_id).first() if unit_id is not None else None
    unit = unit or units.order_by(Length("path"), "path").first()
    if unit is None:
        raise Http404
    return unit


def unit_ancestors(*, user, unit: Organisation) -> list[Organisation]:
    """The units above `unit` that the user may also open, top first (for the breadcrumb)."""
    ids = unit.ancestor_ids()[:-1]
    above = Organisation.objects.associations().filter(pk__in=ids, province_id=unit.province_id)
    return list(above.filter(unit_filter(user, Action.VIEW)).order_by("path"))


def _default_period(years: range) -> tuple[int, int]:
    today = timezone.localdate()
    year = min(max(today.year, years.start), years.stop - 1)
    if year < today.year:
        return year, 4
    return year, ((today.month - 1) // 3 + 1 if year == today.year else 1)


def dashboard_scope(
    *,
    user,
    program: Program,
    unit_id: int | None = None,
    year: int | None = None,
    quarter: int | None = None,
    include_submitted: bool = False,
) -> Scope:
    """Fill what the request left out: the year and quarter default to the latest with counted data."""
    unit = dashboard_unit_get(user=user, program=program, unit_id=unit_id)
    latest = (
        Report.objects.counted(include_submitted=include_submitted)
        .filter(unit__path__startswith=unit.path, period__year__in=[year] if year else list(program.years))
        .order_by("-period__year", "-period__quarter")
        .values_list("period__year", "period__quarter")
        .first()
    )
    fallback = latest or _default_period(range(year, year + 1) if year else program.years)
    return Scope(
        program=program,
        unit=unit,
        year=year or fallback[0],
        quarter=quarter or fallback[1],
        include_submitted=include_submitted,
        has_data=latest is not None,
    )


# --- Aggregation ---------------------------------------------------------------------------------

Totals = dict[int, Decimal]  # figure id → value
UnitRow = tuple[str, int, int, Decimal]  # unit path, unit province id, figure id, value


def _figures(targets: Iterable[Target]) -> list[Figure]:
    found = {}
    for target in targets:
        found[target.numerator_id] = target.numerator
        if target.denominator_id:
            found[target.denominator_id] = target.denominator
    return list(found.values())


def _unit_rows(*, reports, figures: list[Figure]) -> list[UnitRow]:
    """Per unit and figure, in two queries: flows summed over `reports`, stocks the latest value."""
    keys = ("report__unit__path", "report__unit__province_id", "figure_id")
    values = ReportValue.objects.filter(report__in=reports).order_by()
    flows = (
        values.filter(figure__in=[f.pk for f in figures if f.is_flow])
        .values(*keys)
        .annotate(total=Sum("value"))
        .values_list(*keys, "total")
    )
    stocks = (
        values.filter(figure__in=[f.pk for f in figures if not f.is_flow])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("report__unit_id"), F("figure_id")],
                order_by=[F("report__period__year").desc(), F("report__period__quarter").desc()],
            )
        )
        .filter(rank=1)
        .values_list(*keys, "value")
    )
    return [*flows, *stocks]


def _roll_up(rows: Iterable[UnitRow], key: Callable[[str, int], object]) -> dict[object, Totals]:
    """Sum unit rows into groups (the whole scope, each child's subtree, each province)."""
    totals: dict[object, Totals] = defaultdict(dict)
    for path, province_id, figure_id, value in rows:
        group = key(path, province_id)
        if group is not None:
            totals[group][figure_id] = totals[group].get(figure_id, Decimal(0)) + value
    return totals


def _whole(rows: Iterable[UnitRow]) -> Totals:
    """Every unit's rows added together."""
    return _roll_up(rows, lambda _path, _province: "all").get("all", {})


def _child_key(root: Organisation) -> Callable[[str, int], int | None]:
    """Which child of `root` a unit path falls under (None for the root's own reports)."""

    def key(path: str, _province_id: int) -> int | None:
        rest = path[len(root.path) :]
        return int(rest.split("/", 1)[0]) if rest else None

    return key


def _measure(target: Target, totals: Totals) -> Decimal | None:
    """The target's actual from aggregated figures; None when there is nothing to measure."""
    numerator = totals.get(target.numerator_id)
    if target.measure != Target.Measure.RATIO:
        return numerator
    denominator = totals.get(target.denominator_id)
    if numerator is None or not denominator:
        return None
    return numerator * target.ratio_scale / denominator


_UPWARD = {Target.Comparator.GTE, Target.Comparator.GT, Target.Comparator.EQ}


@dataclass(frozen=True)
class Progress:
    """A target's actual for a year as of a quarter, and how it stands."""

    target: Target
    year: int
    quarter: int
    actual: Decimal | None

    @property
    def goal(self) -> Decimal:
        return self.target.value_for(self.year)

    @property
    def is_flow(self) -> bool:
        return self.target.measure == Target.Measure.FLOW_TOTAL

    @property
    def expected(self) -> Decimal:
        """What should be reached by now: an annual flow pro-rated by quarters; otherwise the target."""
        return self.goal * self.quarter / 4 if self.is_flow else self.goal

    @property
    def percent_of_expected(self) -> Decimal | None:
        if self.actual is None or not self.expected:
            return None
        return self.actual * 100 / self.expected

    @property
    def status(self) -> Status:
        if self.actual is None:
            return Status.NO_DATA
        upward = self.target.comparator in _UPWARD
        # A flow that must stay low is only known to be met once the year is over.
        if self.target.is_met(self.actual, self.year) and (upward or not self.is_flow or self.quarter == 4):
            return Status.MET
        if (self.actual >= self.expected) if upward else (self.actual <= self.expected):
            return Status.ON_TRACK
        return Status.BEHIND

    def value_cell(self, value) -> Cell:
        return Cell.percent(value) if self.target.is_percentage else Cell.number(value, 2)


def _progress(targets: Iterable[Target], totals: Totals, scope: Scope) -> list[Progress]:
    return [Progress(t, scope.year, scope.quarter, _measure(t, totals)) for t in targets]


# --- Program dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    progress: list[Progress]
    table: Table
    baselines: Table | None
    chart: dict


def program_dashboard(*, scope: Scope) -> Dashboard:
    targets = list(scope.program.targets.all())
    rows = _unit_rows(reports=scope.counted_reports(), figures=_figures(targets))
    progress = _progress(targets, _whole(rows), scope)
    period = scope.period_label
    table = Table(
        title=_("Kết quả thực hiện — %(period)s") % {"period": period},
        slug="ket-qua",
        headers=[
            _("Số"),
            _("Mục tiêu"),
            _("Chỉ tiêu năm %(year)s") % {"year": scope.year},
            _("Đơn vị tính"),
            _("Thực hiện đến %(period)s") % {"period": period},
            _("Yêu cầu đến %(period)s") % {"period": period},
            _("Đạt so với yêu cầu"),
            _("Tình trạng"),
        ],
        rows=[
            [
                Cell(p.target.label),
                Cell(p.target.short_name),
                Cell(p.target.describe(p.goal)),
                Cell(p.target.unit_of_measure),
                p.value_cell(p.actual),
                p.value_cell(p.expected),
                Cell.percent(p.percent_of_expected),
                _badge(p.status),
            ]
            for p in progress
        ],
    )
    chart = {
        "type": "bar",
        "data": {
            "labels": [p.target.label for p in progress],
            "datasets": [
                {
                    "label": str(_("Đạt so với yêu cầu (%)")),
                    "data": [None if c is None else float(c) for c in (row[6].value for row in table.rows)],
                    "backgroundColor": [CHART_COLOURS[p.status] for p in progress],
                }
            ],
        },
        "options": {"indexAxis": "y", "plugins": {"legend": {"display": False}}},
    }
    return Dashboard(progress=progress, table=table, baselines=_baseline_table(scope.program), chart=chart)


def _baseline_table(program: Program) -> Table | None:
    baselines = list(program.baselines.all())
    if not baselines:
        return None
    return Table(
        title=_("Số liệu nền"),
        slug="so-lieu-nen",
        headers=[_("Chỉ số"), _("Giá trị"), _("Đơn vị tính"), _("Thời điểm")],
        rows=[
            [
                Cell(b.label),
                Cell.percent(b.value) if b.unit_of_measure == "%" else Cell.number(b.value, 2),
                Cell(b.unit_of_measure),
                Cell(b.as_of.strftime("%d/%m/%Y") if b.as_of else b.as_of_text),
            ]
            for b in baselines
        ],
    )


# --- Breakdown by unit ---------------------------------------------------------------------------


def unit_breakdown(*, scope: Scope, unit_url: Callable[[Organisation], str]) -> Table:
    """Each child unit's subtree against the same targets, behind first.

    Units have no allocated targets: counts are shown as their share of the chosen unit's total,
    ratios against the program's own target (a percentage applies to every unit alike).
    """
    targets = list(scope.program.targets.all())
    children = list(
        Organisation.objects.associations()
        .filter(parent=scope.unit)
        .filter(Q(retired_on__isnull=True) | Q(retired_on__year__gte=scope.year))
        .order_by("name")
    )
    rows = _unit_rows(reports=scope.counted_reports(), figures=_figures(targets))
    by_child = _roll_up(rows, _child_key(scope.unit))
    overall = _progress(targets, _whole(rows), scope)

    def cells(progress: list[Progress]) -> list[Cell]:
        result = []
        for own, whole in zip(progress, overall, strict=True):
            result.append(own.value_cell(own.actual))
            if own.target.measure == Target.Measure.RATIO:
                result.append(_badge(own.status))
            else:
                share = own.actual * 100 / whole.actual if own.actual is not None and whole.actual else None
                result.append(Cell.percent(share))
        return result

    def lagging(progress: list[Progress]) -> int:
        return sum(
            p.status == Status.NO_DATA or (p.target.measure == Target.Measure.RATIO and p.status == Status.BEHIND)
            for p in progress
        )

    entries = [(child, _progress(targets, by_child.get(child.pk, {}), scope)) for child in children]
    entries.sort(key=lambda entry: (-lagging(entry[1]), entry[0].name))
    headers = [_("Đơn vị"), _("Số mục tiêu chậm hoặc chưa có số liệu")]
    for t in targets:
        headers.append(_("%(label)s. %(name)s: thực hiện") % {"label": t.label, "name": t.short_name})
        if t.measure == Target.Measure.RATIO:
            headers.append(_("%(label)s: so với chỉ tiêu") % {"label": t.label})
        else:
            headers.append(_("%(label)s: tỷ trọng trong tổng số") % {"label": t.label})
    return Table(
        title=_("Theo đơn vị — %(period)s") % {"period": scope.period_label},
        slug="theo-don-vi",
        headers=headers,
        rows=[
            [Cell(child.name, url=unit_url(child)), Cell.number(lagging(progress)), *cells(progress)]
            for child, progress in entries
        ],
        footer=[[Cell(_("Toàn %(unit)s") % {"unit": scope.unit.name}), Cell.number(lagging(overall)), *cells(overall)]],
    )


# --- Trend ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    target: Target
    table: Table
    chart: dict


def target_trend(*, scope: Scope, target: Target) -> Trend:
    """The target quarter by quarter over the program's years, up to the scope's as-of quarter.

    One query for the rows of its one or two figures; quarters are then walked in order, keeping
    each unit's latest stock so a unit that skips a quarter still counts with its last value.
    """
    figures = _figures([target])
    reports = Report.objects.counted(include_submitted=scope.include_submitted).filter(
        Q(period__year__lt=scope.year) | Q(period__year=scope.year, period__quarter__lte=scope.quarter),
        unit__path__startswith=scope.unit.path,
        period__year__gte=scope.program.start_year,
    )
    values = (
        ReportValue.objects.filter(report__in=reports, figure__in=figures)
        .order_by()
        .values_list("report__unit_id", "report__period__year", "report__period__quarter", "figure_id", "value")
    )
    by_quarter: dict[tuple[int, int], list[tuple[int, int, Decimal]]] = defaultdict(list)
    for unit_id, year, quarter, figure_id, value in values:
        by_quarter[year, quarter].append((unit_id, figure_id, value))
    flow_ids = {f.pk for f in figures if f.is_flow}

    points: list[tuple[Progress, Decimal | None]] = []
    for year in range(scope.program.start_year, scope.year + 1):
        totals: Totals = {}
        latest: dict[tuple[int, int], Decimal] = {}
        for quarter in range(1, 5 if year < scope.year else scope.quarter + 1):
            in_quarter = None
            for unit_id, figure_id, value in by_quarter[year, quarter]:
                if figure_id in flow_ids:
                    change = value
                else:
                    change = value - latest.get((unit_id, figure_id), Decimal(0))
                    latest[unit_id, figure_id] = value
                totals[figure_id] = totals.get(figure_id, Decimal(0)) + change
                if figure_id == target.numerator_id and figure_id in flow_ids:
                    in_quarter = (in_quarter or Decimal(0)) + value
            points.append((Progress(target, year, quarter, _measure(target, totals)), in_quarter))

    is_flow = target.measure == Target.Measure.FLOW_TOTAL
    actual_header = {
        Target.Measure.FLOW_TOTAL: _("Lũy kế từ đầu năm"),
        Target.Measure.STOCK_LATEST: _("Có đến cuối quý"),
        Target.Measure.RATIO: _("Tỷ lệ đến cuối quý"),
    }[target.measure]
    headers = [_("Quý"), *([_("Phát sinh trong quý")] if is_flow else []), actual_header]
    headers += [_("Chỉ tiêu năm"), _("Yêu cầu đến quý"), _("Đạt so với yêu cầu"), _("Tình trạng")]
    rows = [
        [
            Cell(format_quarter(p.year, p.quarter)),
            *([Cell.number(in_quarter, 2)] if is_flow else []),
            p.value_cell(p.actual),
            Cell(target.describe(p.goal)),
            p.value_cell(p.expected),
            Cell.percent(p.percent_of_expected),
            _badge(p.status),
        ]
        for p, in_quarter in points
    ]
    actual_column = 2 if is_flow else 1
    chart = {
        "type": "line",
        "data": {
            "labels": [row[0].text for row in rows],
            "datasets": [
                {
                    "label": actual_header,
                    "data": [
                        None if row[actual_column].value is None else float(row[actual_column].value) for row in rows
                    ],
                    "borderColor": "#198754",
                    "backgroundColor": "#198754",
                    "spanGaps": False,
                },
                {
                    "label": str(_("Yêu cầu đến quý")),
                    "data": [float(row[actual_column + 2].value) for row in rows],
                    "borderColor": "#6c757d",
                    "borderDash": [6, 4],
                    "pointRadius": 0,
                },
            ],
        },
        "options": {"scales": {"y": {"beginAtZero": True}}},
    }
    table = Table(
        title=_("Diễn biến: %(label)s. %(name)s") % {"label": target.label, "name": target.short_name},
        slug="dien-bien",
        headers=headers,
        rows=rows,
    )
    return Trend(target=target, table=table, chart=chart)


# --- Completeness --------------------------------------------------------------------------------


def reporting_units(*, root: Organisation):
    """Active association units with no active association below them, within `root`'s subtree."""
    below = Organisation.objects.associations().active().filter(parent=OuterRef("pk"))
    return Organisation.objects.associations().active().subtree(root).exclude(Exists(below)).order_by("path")


def _submission(status: str | None, submitted_at, deadline: datetime.date) -> Submission:
    if status == Report.Status.APPROVED:
        return Submission.APPROVED
    if status == Report.Status.RETURNED:
        return Submission.RETURNED
    if status == Report.Status.SUBMITTED:
        late = submitted_at is not None and timezone.localdate(submitted_at) > deadline
        return Submission.LATE if late else Submission.ON_TIME
    return Submission.MISSING


_SUBMITTED = {Submission.APPROVED, Submission.ON_TIME, Submission.LATE}


def completeness(*, scope: Scope, unit_url: Callable[[Organisation], str]) -> tuple[Table, Table]:
    """Reporting units × the year's quarters, and the completeness rate per quarter."""
    units = list(reporting_units(root=scope.unit))
    periods = list(ReportingPeriod.objects.for_year(scope.year))
    reports = {
        (unit_id, period_id): (status, submitted_at)
        for unit_id, period_id, status, submitted_at in Report.objects.filter(
            unit__path__startswith=scope.unit.path, period__year=scope.year
        )
        .order_by()
        .values_list("unit_id", "period_id", "status", "submitted_at")
    }
    grid = {
        (unit.pk, period.pk): _submission(*reports.get((unit.pk, period.pk), (None, None)), period.deadline)
        for unit in units
        for period in periods
    }
    quarters = [format_quarter(p.year, p.quarter) for p in periods]
    matrix = Table(
        title=_("Tình hình gửi báo cáo năm %(year)s") % {"year": scope.year},
        slug="tinh-hinh-gui-bao-cao",
        headers=[_("Đơn vị báo cáo"), *quarters],
        rows=[[Cell(unit.name, url=unit_url(unit)), *(_badge(grid[unit.pk, p.pk]) for p in periods)] for unit in units],
    )
    summary_rows = []
    for period, label in zip(periods, quarters, strict=True):
        counts = dict.fromkeys(Submission, 0)
        for unit in units:
            counts[grid[unit.pk, period.pk]] += 1
        submitted = sum(counts[c] for c in _SUBMITTED)
        summary_rows.append(
            [
                Cell(label),
                Cell(period.deadline.strftime("%d/%m/%Y")),
                Cell.number(len(units)),
                *(Cell.number(counts[c]) for c in Submission),
                Cell.percent(Decimal(submitted * 100) / len(units) if units else None),
            ]
        )
    summary = Table(
        title=_("Tỷ lệ đầy đủ theo quý"),
        slug="ty-le-day-du",
        headers=[_("Quý"), _("Hạn gửi"), _("Số đơn vị báo cáo"), *(c.label for c in Submission), _("Tỷ lệ đã gửi")],
        rows=summary_rows,
    )
    return matrix, summary


# --- Comparison across programs ------------------------------------------------------------------


def comparison_years(*, user) -> list[int]:
    spans = Program.objects.in_provinces(visible_provinces(user)).values_list("start_year", "end_year")
    return sorted({year for start, end in spans for year in range(start, end + 1)})


def _whose_figures(*, user, provinces: dict[int, str]) -> dict[int, str]:
    """Per province, whose figures the reader's sums hold: the province's name when they may read all
    of it, otherwise the highest units they may read there (a commune reporter's own commune)."""
    visible = units_for(user, Action.VIEW)
    tops = (
        Organisation.objects.associations()
        .filter(unit_filter(user, Action.VIEW), province_id__in=provinces)
        .exclude(parent__in=visible)
        .order_by("path")
    )
    names: dict[int, list[str]] = defaultdict(list)
    whole: dict[int, str] = {}
    for unit in tops:
        names[unit.province_id].append(unit.name)
        if unit.parent_id is None:
            whole[unit.province_id] = provinces[unit.province_id]
    return {province_id: whole.get(province_id) or ", ".join(names[province_id]) for province_id in provinces}


def program_comparison(*, user, year: int, quarter: int, include_submitted: bool) -> Table:
    """Targets that several visible programs measure with the same figures, each against its own target.

    Each reader sums only the units they may read: a board sees its province's totals, a commune's
    reporter or approver their commune's subtree (never the province's totals), and the table says whose.
    """
    programs = list(
        Program.objects.in_provinces(visible_provinces(user))
        .active()
        .exclude(status=Program.Status.SUPERSEDED)
        .filter(start_year__lte=year, end_year__gte=year)
        .select_related("province")
        .prefetch_related(_targets_prefetch())
        .order_by("province__name", "number")
    )
    groups: dict[tuple[str, str], list[tuple[Program, Target]]] = defaultdict(list)
    for program in programs:
        for target in program.targets.all():
            key = (target.numerator.code, target.denominator.code if target.denominator_id else "")
            groups[key].append((program, target))
    shared = {key: pairs for key, pairs in groups.items() if len({p.pk for p, _t in pairs}) > 1}
    targets = [target for pairs in shared.values() for _p, target in pairs]
    provinces = {p.province_id: p.province.name for p in programs}
    reports = Report.objects.counted(include_submitted=include_submitted).filter(
        unit__in=units_for(user, Action.VIEW),
        unit__province__in=list(provinces),
        period__year=year,
        period__quarter__lte=quarter,
    )
    by_province = _roll_up(_unit_rows(reports=reports, figures=_figures(targets)), lambda _path, province: province)
    whose = _whose_figures(user=user, provinces=provinces)
    period = format_quarter(year, quarter)
    rows = []
    for pairs in shared.values():
        for program, target in pairs:
            p = Progress(target, year, quarter, _measure(target, by_province.get(program.province_id, {})))
            figure = target.numerator.name + (f" / {target.denominator.name}" if target.denominator_id else "")
            rows.append(
                [
                    Cell(figure),
                    Cell(program.number or _("Dự thảo")),
                    Cell(whose[program.province_id]),
                    Cell(f"{target.label}. {target.short_name}"),
                    Cell(target.describe(p.goal)),
                    p.value_cell(p.actual),
                    p.value_cell(p.expected),
                    Cell.percent(p.percent_of_expected),
                    _badge(p.status),
                ]
            )
    return Table(
        title=_("So sánh giữa các chương trình — %(period)s") % {"period": period},
        slug="so-sanh",
        headers=[
            _("Số liệu"),
            _("Chương trình"),
            _("Số liệu của"),
            _("Mục tiêu"),
            _("Chỉ tiêu năm %(year)s") % {"year": year},
            _("Thực hiện đến %(period)s") % {"period": period},
            _("Yêu cầu đến %(period)s") % {"period": period},
            _("Đạt so với yêu cầu"),
            _("Tình trạng"),
        ],
        rows=rows,
    )


def comparison_period(
    *, user, year: int | None, quarter: int | None, include_submitted: bool
) -> tuple[int, int] | None:
    """The year and quarter asked for, else the latest with counted data in the user's provinces."""
    years = comparison_years(user=user)
    if not years:
        return None
    latest = (
        Report.objects.counted(include_submitted=include_submitted)
        .filter(unit__in=units_for(user, Action.VIEW), period__year__in=[year] if year else years)
        .order_by("-period__year", "-period__quarter")
        .values_list("period__year", "period__quarter")
        .first()
    )
    fallback = latest or _default_period(range(year, year + 1) if year else range(years[0], years[-1] + 1))
    return year or fallback[0], quarter or fallback[1]
