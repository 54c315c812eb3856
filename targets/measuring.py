"""How a target is measured and how it stands, from figures already added up.

No request, no page, no query here: the dashboards (reports.dashboards) add the reported figures
up over units and quarters, and these rules say what the totals mean for a target:
- its actual: a flow's total, a stock's latest value, or a ratio of two totals (numerators and
  denominators summed separately, then divided; never an average of percentages);
- what is expected by a quarter: an annual flow pro-rated by quarters, anything else the target;
- the % achieved against that, and a status in words.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy

from targets.models import Figure, Target

Totals = Mapping[int, Decimal]  # figure id → the figure added up over some units and quarters


class Status(models.TextChoices):
    """How a figure stands against its target: always shown in words, colour only adds to them."""

    MET = "met", gettext_lazy("Đạt")
    ON_TRACK = "on_track", gettext_lazy("Đúng tiến độ")
    BEHIND = "behind", gettext_lazy("Chậm")
    NO_DATA = "no_data", gettext_lazy("Chưa có số liệu")


def figures_of(targets: Iterable[Target]) -> list[Figure]:
    """The figures the targets are computed from, each once: numerators and denominators."""
    found = {}
    for target in targets:
        found[target.numerator_id] = target.numerator
        if target.denominator_id:
            found[target.denominator_id] = target.denominator
    return list(found.values())


def actual(target: Target, totals: Totals) -> Decimal | None:
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

    @classmethod
    def of(cls, targets: Iterable[Target], totals: Totals, *, year: int, quarter: int) -> list["Progress"]:
        """Each target measured from the same totals."""
        return [cls(target, year, quarter, actual(target, totals)) for target in targets]

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
