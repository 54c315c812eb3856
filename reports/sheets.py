"""The sheet a unit fills in for a quarter: its figures grouped under the targets that need them, what
is saved, last quarter's values, and the rules between figures. For one unit or many at once, in a
fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from organisations.models import Organisation
from programs.models import Program
from reports.models import Report, ReportingPeriod, ReportValue
from reports.selectors import ReportState, report_states
from targets.models import EntryLevel, Figure, Target


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


def lines_of(sheets: list[ReportSheet]) -> list[tuple[TargetGroup, FigureLine]]:
    """Every figure any of the sheets asks for, once, in the plans' and targets' order: the columns of a
    file for several units (a commune's own plan, or a figure only branches enter, is on some sheets only)."""
    lines: dict[int, tuple[TargetGroup, FigureLine]] = {}
    for sheet in sheets:
        for group in sheet.groups:
            for line in group.lines:
                lines.setdefault(line.figure.pk, (group, line))

    def order(entry: tuple[TargetGroup, FigureLine]):
        target = entry[0].target
        return (
            target.program.start_year,
            target.program_id,
            target.order,
            target.label,
            target.denominator == entry[1].figure,
        )

    return sorted(lines.values(), key=order)


def figure_targets(*, unit: Organisation) -> list[Target]:
    """Targets of the plans covering the unit that are in force or in draft (not superseded, not archived)."""
    return _unit_targets(units=[unit])[unit.pk]


def _entered_figures(*, units: list[Organisation], targets: dict[int, list[Target]]) -> dict[int, set[int]]:
    """The figures each unit enters itself (by unit id): those of its targets whose plan names no level for
    them, or names the unit's own level. A figure on several plans is entered if one of them asks the unit."""
    return {
        unit.pk: {
            figure.pk
            for target in targets[unit.pk]
            for figure, level in (
                (target.numerator, target.numerator_level),
                (target.denominator, target.denominator_level),
            )
            if figure is not None and (level or unit.kind) == unit.kind
        }
        for unit in units
    }


def _entry_level(figure: str) -> Subquery:
    """The level the target's plan names for entering its `figure` ("numerator", "denominator"), if any."""
    levels = EntryLevel.objects.filter(program=OuterRef("program"), figure=OuterRef(figure))
    return Subquery(levels.values("kind")[:1])


def _unit_targets(*, units: list[Organisation]) -> dict[int, list[Target]]:
    """Each unit's targets (by unit id), from its province's plans in force or in draft that cover it.

    A plan covers the units below its owner: a commune's own plan is on that commune's sheet and its
    branches', never on another commune's.
    """
    targets = list(
        Target.objects.filter(
            program__province_id__in={unit.province_id for unit in units}, program__archived_on__isnull=True
        )
        .exclude(program__status=Program.Status.SUPERSEDED)
        .select_related("numerator", "denominator", "program__owner")
        .annotate(numerator_level=_entry_level("numerator"), denominator_level=_entry_level("denominator"))
        .order_by("program__start_year", "program_id", "order", "label")
    )
    return {unit.pk: [target for target in targets if target.program.covers(unit)] for unit in units}


def _groups(
    *, targets: list[Target], entered: set[int], saved: dict[int, ReportValue], previous: dict[int, Decimal]
) -> list[TargetGroup]:
    groups: list[TargetGroup] = []
    placed: set[int] = set()
    several_programs = len({target.program_id for target in targets}) > 1
    for target in targets:
        group = TargetGroup(
            target=target,
            program_label=(target.program.number or _("Dự thảo")) if several_programs else "",
        )
        for figure in (target.numerator, target.denominator):
            if figure is not None and figure.pk in entered and figure.pk not in placed:
                placed.add(figure.pk)
                group.lines.append(
                    FigureLine(figure=figure, saved=saved.get(figure.pk), previous=previous.get(figure.pk))
                )
        if group.lines:
            groups.append(group)
    return groups


def _ratio_rules(targets: list[Target], entered: set[int]) -> list[RatioRule]:
    """The percentage targets whose numerator and denominator the unit both enters."""
    return list(
        dict.fromkeys(
            RatioRule(numerator=t.numerator, denominator=t.denominator)
            for t in targets
            if t.measure == Target.Measure.RATIO and t.is_percentage and {t.numerator.pk, t.denominator.pk} <= entered
        )
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
    targets = _unit_targets(units=units)
    entered = _entered_figures(units=units, targets=targets)
    previous_period = period.previous()
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
    rules = {unit_id: _ratio_rules(unit_targets, entered[unit_id]) for unit_id, unit_targets in targets.items()}
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
                targets=targets[unit.pk],
                entered=entered[unit.pk],
                saved=saved[report.pk] if report else {},
                previous=previous[unit.pk],
            ),
            ratio_rules=rules[unit.pk],
            earlier_stock=earlier_stock[unit.pk],
        )
    return sheets
