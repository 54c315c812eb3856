"""What a dashboard page looks at: one program, from one unit, for one year as of one quarter.

Selectors: they return data, or None for what the person may not see (the views make that a 404).
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Length
from django.utils import timezone

from nongdan.numbers import format_review
from organisations.models import Organisation
from organisations.permissions import Action, unit_filter, visible_provinces
from programs.models import Program
from reports.dashboards import figures
from reports.models import Report
from targets.measuring import figures_of
from targets.selectors import targets_prefetch


@dataclass(frozen=True)
class Scope:
    """One program, seen from one unit, for one year as of one quarter, counting some reports."""

    program: Program
    unit: Organisation
    year: int
    quarter: int
    include_submitted: bool
    has_data: bool = True
    chosen_by_default: bool = False
    """The quarter was not asked for: the latest one complete enough (COMPLETE_ENOUGH) was chosen."""

    @property
    def as_of(self) -> tuple[int, int]:
        return self.year, self.quarter

    @property
    def period_label(self) -> str:
        return format_review(self.year, self.quarter)

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

    def counted_reports(self, *, year: int | None = None):
        """Reports that count, from the unit's whole subtree, for the year up to the as-of quarter (or for
        another whole `year`)."""
        quarter = self.quarter if year is None else 4
        return Report.objects.counted(include_submitted=self.include_submitted).filter(
            unit__path__startswith=self.unit.path, period__year=year or self.year, period__quarter__lte=quarter
        )

    def rows(self, targets) -> list:
        """The targets' figures per unit of the scope, with the year-before stocks growth targets need."""
        rows = figures.unit_rows(reports=self.counted_reports(), figures=figures_of(targets), as_of=self.as_of)
        before = self.counted_reports(year=self.year - 1)
        return figures.with_year_before(rows, targets=targets, reports_before=before, year=self.year)


def dashboard_program_get(*, user, slug: str) -> Program | None:
    """A program the user may read, with its targets and baselines; None for another province's."""
    return (
        Program.objects.in_provinces(visible_provinces(user))
        .select_related("province", "owner")
        .prefetch_related(targets_prefetch(), "baselines")
        .filter(slug=slug)
        .first()
    )


def dashboard_unit_get(*, user, program: Program, unit_id: int | None) -> Organisation | None:
    """The unit asked for, if the plan covers it and the user may see it; otherwise the highest such unit.

    A unit they may not see (another province's, outside their subtree or the plan's coverage) is never
    shown: the page opens at their own default, as if the address had not asked for it.
    """
    units = (
        Organisation.objects.associations()
        .filter(program.coverage())
        .filter(unit_filter(user, Action.VIEW))
        .select_related("province")
    )
    unit = units.filter(pk=unit_id).first() if unit_id is not None else None
    return unit or units.order_by(Length("path"), "path").first()


def unit_ancestors(*, user, unit: Organisation) -> list[Organisation]:
    """The units above `unit` that the user may also open, top first (for the breadcrumb)."""
    ids = unit.ancestor_ids()[:-1]
    above = Organisation.objects.associations().filter(pk__in=ids, province_id=unit.province_id)
    return list(above.filter(unit_filter(user, Action.VIEW)).order_by("path"))


def default_period(years: range) -> tuple[int, int]:
    """The current quarter when it falls within `years`; else the nearest end of them."""
    today = timezone.localdate()
    year = min(max(today.year, years.start), years.stop - 1)
    if year < today.year:
        return year, 4
    return year, ((today.month - 1) // 3 + 1 if year == today.year else 1)


def reporting_units(*, root: Organisation, year: int):
    """Association units active in some quarter of `year`, with none such below them, within `root`'s subtree."""
    in_year = Organisation.objects.associations().active_in(year, 1)
    below = in_year.filter(parent=OuterRef("pk"))
    return in_year.subtree(root).exclude(Exists(below)).order_by("path")


# The default quarter is the latest one at least this share of the units due reported (counted).
COMPLETE_ENOUGH = Decimal("0.8")


def latest_counted_period(reports, *, years: list[int]) -> tuple[int, int] | None:
    """The latest year and quarter of `reports` within `years`."""
    return (
        reports.filter(period__year__in=years)
        .order_by("-period__year", "-period__quarter")
        .values_list("period__year", "period__quarter")
        .first()
    )


def complete_enough_period(reports, *, root: Organisation, years: list[int]) -> tuple[int, int] | None:
    """The latest quarter where at least COMPLETE_ENOUGH of `root`'s reporting units due then have a counted
    report; else the latest with any counted report. None when nothing counts."""
    counted = (
        reports.filter(period__year__in=years)
        .values_list("period__year", "period__quarter")
        .annotate(units=Count("unit", distinct=True))
        .order_by("-period__year", "-period__quarter")
    )
    counted = list(counted)
    due_by_year = {}
    for year, quarter, units in counted:
        if year not in due_by_year:
            due_by_year[year] = list(reporting_units(root=root, year=year))
        due = sum(unit.is_active_in(year, quarter) for unit in due_by_year[year])
        if due and units >= due * COMPLETE_ENOUGH:
            return year, quarter
    return (counted[0][0], counted[0][1]) if counted else None


def dashboard_scope(
    *,
    user,
    program: Program,
    unit_id: int | None = None,
    year: int | None = None,
    quarter: int | None = None,
    include_submitted: bool = False,
) -> Scope | None:
    """Fill what the request left out: the year and quarter default to the latest quarter where at least
    80 % of the units due reported (counted reports), else the latest with any counted data.

    None when the user may see no unit of the program's province.
    """
    unit = dashboard_unit_get(user=user, program=program, unit_id=unit_id)
    if unit is None:
        return None
    reports = Report.objects.counted(include_submitted=include_submitted).filter(unit__path__startswith=unit.path)
    latest = complete_enough_period(reports, root=unit, years=[year] if year else list(program.years))
    fallback = latest or default_period(range(year, year + 1) if year else program.years)
    return Scope(
        program=program,
        unit=unit,
        year=year or fallback[0],
        quarter=quarter or fallback[1],
        include_submitted=include_submitted,
        has_data=latest is not None,
        chosen_by_default=quarter is None,
    )
