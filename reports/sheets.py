"""The sheet a unit fills in for a quarter: its figures grouped under the targets that need them, what
is saved, last quarter's values, and the rules between figures. For one unit or many at once, in a
fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Q
from django.utils.translation import gettext as _

from organisations.models import Organisation
from programs.models import Program
from reports.models import Report, ReportingPeriod, ReportValue
from reports.selectors import ReportState, report_states
from targets.models import Figure, Target


@dataclass
class FigureLine:
    """One figure on the sheet: what is saved now and what the unit reported the quarter before."""

    figure: Figure
    saved: ReportValue | None
    previous: Decimal | None

    @cached_property
    def field_name(self) -> str:
        return f"value_{self.figure.pk}"

    @cached_property
    def comment_name(self) -> str:
        return f"comment_{self.figure.pk}"


@dataclass
class TargetGroup:
    target: Target
    lines: list[FigureLine] = field(default_factory=list)
    program_label: str = ""
    """Which program the target belongs to, when the unit's province has several."""

    @property
    def heading(self) -> str:
        heading = f"{self.target.label}. {self.target.short_name}"
        return f"{self.program_label} — {heading}" if self.program_label else heading


@dataclass(frozen=True)
class RatioRule:
    """A percentage target's numerator may not exceed its denominator."""

    numerator: Figure
    denominator: Figure


@dataclass
class ReportSheet:
    state: ReportState
    previous_period: ReportingPeriod | None
    groups: list[TargetGroup]
    ratio_rules: list[RatioRule]
    earlier_stock: dict[int, Decimal]
    """The unit's latest value before this quarter for each denominator that is a stock."""

    @property
    def report(self) -> Report | None:
        return self.state.report

    @property
    def lines(self) -> list[FigureLine]:
        return [line for group in self.groups for line in group.lines]


def figure_targets(*, unit: Organisation) -> list[Target]:
    """Targets of the unit's province's programs that are in force or in draft (not superseded, not archived)."""
    return _province_targets(province_ids=[unit.province_id])[unit.province_id]


def _province_targets(*, province_ids) -> dict[int, list[Target]]:
    targets = defaultdict(list)
    for target in (
        Target.objects.filter(program__province_id__in=province_ids, program__archived_on__isnull=True)
        .exclude(program__status=Program.Status.SUPERSEDED)
        .select_related("numerator", "denominator", "program")
        .order_by("program__start_year", "program_id", "order", "label")
    ):
        targets[target.program.province_id].append(target)
    return targets


def _groups(*, targets: list[Target], saved: dict[int, ReportValue], previous: dict[int, Decimal]) -> list[TargetGroup]:
    groups: list[TargetGroup] = []
    placed: set[int] = set()
    several_programs = len({target.program_id for target in targets}) > 1
    for target in targets:
        group = TargetGroup(
            target=target,
            program_label=(target.program.number or _("Dự thảo")) if several_programs else "",
        )
        for figure in (target.numerator, target.denominator):
            if figure is not None and figure.pk not in placed:
                placed.add(figure.pk)
                group.lines.append(
                    FigureLine(figure=figure, saved=saved.get(figure.pk), previous=previous.get(figure.pk))
                )
        if group.lines:
            groups.append(group)
    return groups


def _ratio_rules(targets: list[Target]) -> list[RatioRule]:
    return list(
        dict.fromkeys(RatioRule(numerator=t.numerator, denominator=t.denominator) for t in targets if t.is_percentage)
    )


def _earlier_stock(*, units, period: ReportingPeriod, figure_ids: set[int]) -> dict[int, dict[int, Decimal]]:
    """Each unit's latest value before the quarter of each figure in `figure_ids`: {unit id: {figure id: value}}."""
    earlier_stock: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if figure_ids:
        earlier = (
            ReportValue.objects.filter(report__unit__in=units, figure_id__in=figure_ids)
            .filter(
                Q(report__period__year__lt=period.year)
                | Q(report__period__year=period.year, report__period__quarter__lt=period.quarter)
            )
            .order_by("-report__period__year", "-report__period__quarter")
            .values_list("report__unit_id", "figure_id", "value")
        )
        for unit_id, figure_id, value in earlier:
            earlier_stock[unit_id].setdefault(figure_id, value)
    return earlier_stock


def report_sheet(*, unit: Organisation, period: ReportingPeriod) -> ReportSheet:
    """Everything the entry page needs for one unit and quarter, in a fixed number of queries."""
    return report_sheets(units=[unit], period=period)[unit.pk]


def report_sheets(*, units: list[Organisation], period: ReportingPeriod) -> dict[int, ReportSheet]:
    """The sheets of several units for one quarter (by unit id), in a fixed number of queries whatever their number."""
    reports = {
        report.unit_id: report
        for report in Report.objects.select_related("submitted_by", "decided_by").filter(unit__in=units, period=period)
    }
    targets = _province_targets(province_ids={unit.province_id for unit in units})
    previous_period = (
        ReportingPeriod.objects.filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter))
        .order_by("-year", "-quarter")
        .first()
    )
    saved: dict[int, dict[int, ReportValue]] = defaultdict(dict)
    if reports:
        for value in ReportValue.objects.filter(report__in=reports.values()).order_by():
            saved[value.report_id][value.figure_id] = value
    previous: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if previous_period:
        rows = ReportValue.objects.filter(report__unit__in=units, report__period=previous_period).values_list(
            "report__unit_id", "figure_id", "value"
        )
        for unit_id, figure_id, value in rows:
            previous[unit_id][figure_id] = value
    rules = {province_id: _ratio_rules(province_targets) for province_id, province_targets in targets.items()}
    stock_denominators = {r.denominator.pk for ratio in rules.values() for r in ratio if not r.denominator.is_flow}
    earlier_stock = _earlier_stock(units=units, period=period, figure_ids=stock_denominators)
    states = report_states(units=units, period=period, reports=reports)

    sheets = {}
    for unit in units:
        report = reports.get(unit.pk)
        sheets[unit.pk] = ReportSheet(
            state=states[unit.pk],
            previous_period=previous_period,
            groups=_groups(
                targets=targets[unit.province_id],
                saved=saved[report.pk] if report else {},
                previous=previous[unit.pk],
            ),
            ratio_rules=rules.get(unit.province_id, []),
            earlier_stock=earlier_stock[unit.pk],
        )
    return sheets
