"""How a target is measured and how it stands, from figures already added up.

No request, no page, no query here: the dashboards (reports.dashboards) add the reported figures
up over units and quarters, and these rules say what the totals mean for a target:
- its actual: a flow's total, a stock's latest value, a ratio of two totals (numerators and
  denominators summed separately, then divided; never an average of percentages), or a growth: a
  stock's latest total over its total at the end of the year before, in % (the totals carry the
  year-before value of a figure under its negated id, see `year_before_figures`);
- the goal: the target's own value where the unit is measured against the whole plan, else the
  value allocated to the unit (giao chỉ tiêu); a percentage applies to every unit alike;
- what is expected by a quarter: an annual flow or growth pro-rated by quarters, anything else the target; a
  target assessed at year end (ratings, titles) expects nothing before the last quarter;
- the % achieved against that, and a status in words: met, on track, nearly (short by no more than
  a tenth of what is expected), behind. A target that must stay low ("dưới 0,5 %") is achieved as
  what is allowed over what happened: 0,4 % against 0,5 % is 125 %, 1 % is 50 %; a rise never scores.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy

from targets.models import Figure, Target

Totals = Mapping[int, Decimal]  # figure id → the figure added up over some units and quarters
Allocated = Mapping[int, Decimal]  # target id → the value allocated to one unit for the year


class Status(models.TextChoices):
    """How a figure stands against its target: always shown in words, colour only adds to them."""

    MET = "met", gettext_lazy("Đạt")
    ON_TRACK = "on_track", gettext_lazy("Đúng tiến độ")
    NEARLY = "nearly", gettext_lazy("Gần đạt tiến độ")
    BEHIND = "behind", gettext_lazy("Chậm")
    NO_DATA = "no_data", gettext_lazy("Chưa có số liệu")
    NOT_ALLOCATED = "not_allocated", gettext_lazy("Chưa được giao chỉ tiêu")
    AT_YEAR_END = "year_end", gettext_lazy("Đánh giá vào cuối năm")


def figures_of(targets: Iterable[Target]) -> list[Figure]:
    """The figures the targets are computed from, each once: numerators and denominators."""
    found = {}
    for target in targets:
        found[target.numerator_id] = target.numerator
        if target.denominator_id:
            found[target.denominator_id] = target.denominator
    return list(found.values())


def year_before_figures(targets: Iterable[Target]) -> list[Figure]:
    """The stock figures whose value at the end of the year before the targets need (growth targets)."""
    return list({t.numerator_id: t.numerator for t in targets if t.measure == Target.Measure.GROWTH}.values())


def _parts(target: Target, totals: Totals) -> tuple[Decimal | None, Decimal | None]:
    """What the target divides: a ratio's numerator and denominator; a growth's stock now and a year before."""
    if target.measure == Target.Measure.GROWTH:
        return totals.get(target.numerator_id), totals.get(-target.numerator_id)
    return totals.get(target.numerator_id), totals.get(target.denominator_id)


def actual(target: Target, totals: Totals) -> Decimal | None:
    """The target's actual from aggregated figures; None when there is nothing to measure."""
    if not target.is_rate:
        return totals.get(target.numerator_id)
    numerator, denominator = _parts(target, totals)
    if numerator is None or not denominator:
        return None
    if target.measure == Target.Measure.GROWTH:
        return (numerator - denominator) * 100 / denominator
    return numerator * target.ratio_scale / denominator


_UPWARD = {Target.Comparator.GTE, Target.Comparator.GT, Target.Comparator.EQ}
# Short of what is expected by no more than a tenth of it: "gần đạt", not "chậm".
NEARLY_FRACTION = 10


@dataclass(frozen=True)
class Progress:
    """A target's actual for a year as of a quarter, and how it stands."""

    target: Target
    year: int
    quarter: int
    actual: Decimal | None
    allocated: Allocated | None = None
    """None: measured against the plan's own targets; else the unit's allocations (a count without one has no goal)."""
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    """A ratio's two totals, or a growth's stock now and a year before, shown beside it (None for counts)."""

    @classmethod
    def of(
        cls, targets: Iterable[Target], totals: Totals, *, year: int, quarter: int, allocated: Allocated | None = None
    ) -> list["Progress"]:
        """Each target measured from the same totals."""
        return [
            cls(
                target,
                year,
                quarter,
                actual(target, totals),
                allocated,
                *(_parts(target, totals) if target.is_rate else (None, None)),
            )
            for target in targets
        ]

    @property
    def goal(self) -> Decimal | None:
        """The value the actual is measured against; None where the unit was allocated none."""
        if self.allocated is None or self.target.is_rate:
            return self.target.value_for(self.year)
        return self.allocated.get(self.target.pk)

    @property
    def goal_text(self) -> str:
        """The goal as the document writes it for the year ("trên 300"); "" without a goal."""
        return "" if self.goal is None else self.target.describe(self.goal, self.year)

    @property
    def comparator(self) -> str:
        return self.target.comparator_for(self.year)

    @property
    def is_flow(self) -> bool:
        return self.target.measure == Target.Measure.FLOW_TOTAL

    @property
    def awaits_year_end(self) -> bool:
        """Assessed once at year end, and the year's last quarter is not reached yet: nothing is expected."""
        return self.target.is_year_end and self.quarter < 4

    @property
    def expected(self) -> Decimal | None:
        """What should be reached by now: an annual flow pro-rated by quarters; otherwise the target."""
        if self.goal is None or self.awaits_year_end:
            return None
        accumulates = self.target.measure in (Target.Measure.FLOW_TOTAL, Target.Measure.GROWTH)
        return self.goal * self.quarter / 4 if accumulates and not self.target.is_year_end else self.goal

    @property
    def percent_of_expected(self) -> Decimal | None:
        """The % achieved: reached over expected; for a target that must stay low, allowed over reached."""
        if self.actual is None or not self.expected:
            return None
        if self.is_upward:
            return self.actual * 100 / self.expected
        return self.expected * 100 / self.actual if self.actual else None

    @property
    def status(self) -> Status:
        if self.goal is None:
            return Status.NOT_ALLOCATED
        if self.awaits_year_end:
            return Status.AT_YEAR_END
        if self.actual is None:
            return Status.NO_DATA
        upward, comparator = self.is_upward, self.comparator
        # A flow that must stay low is only known to be met once the year is over.
        if self.target.is_met(self.actual, self.goal, comparator) and (upward or not self.is_flow or self.quarter == 4):
            return Status.MET
        # On track: what is expected by now is reached the way the target is (a strict "trên 300" needs more).
        if self.target.is_met(self.actual, self.expected, comparator):
            return Status.ON_TRACK
        margin = self.expected / NEARLY_FRACTION
        if (self.actual >= self.expected - margin) if upward else (self.actual <= self.expected + margin):
            return Status.NEARLY
        return Status.BEHIND

    @property
    def is_upward(self) -> bool:
        """More is better (≥, >, =); else the target must stay low (≤, <)."""
        return self.comparator in _UPWARD

    @property
    def is_short(self) -> bool:
        """Short of what is expected (nearly or behind): its numbers are never rounded up to the goal."""
        return self.status in (Status.NEARLY, Status.BEHIND)
