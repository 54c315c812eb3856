"""The reporting calendar is data: every quarter of every year an active program covers exists as a
ReportingPeriod, with the association's default cut-off and deadline, without anyone adding it.

Periods are made when a program is saved (the admin, `load_programs`), after every `migrate` (for
the programs already there) and by `ensure_periods`; each of these is idempotent and never changes
a period that exists, since its dates may have been set on purpose.
"""

from django.db.models import Max, Min
from django.utils import timezone

from programs.models import Program
from reports.models import ReportingPeriod


def covered_years() -> range:
    """The years of every active program, and the current one (a fresh install reports this year)."""
    bounds = Program.objects.active().aggregate(first=Min("start_year"), last=Max("end_year"))
    this_year = timezone.localdate().year
    first = min(bounds["first"] or this_year, this_year)
    last = max(bounds["last"] or this_year, this_year)
    return range(first, last + 1)


def periods_ensure(years: range) -> int:
    """Create the missing quarters of `years`; returns how many were created."""
    existing = set(ReportingPeriod.objects.filter(year__in=years).values_list("year", "quarter"))
    missing = [
        ReportingPeriod(
            year=year,
            quarter=quarter,
            **dict(zip(("cutoff_date", "deadline"), ReportingPeriod.default_dates(year, quarter), strict=True)),
        )
        for year in years
        for quarter in range(1, 5)
        if (year, quarter) not in existing
    ]
    ReportingPeriod.objects.bulk_create(missing, ignore_conflicts=True)  # a concurrent run made them: fine
    return len(missing)


def program_saved(sender, instance: Program, raw: bool = False, **kwargs) -> None:
    """A program saved (new, or its years changed): its quarters exist. Not while loading fixtures."""
    if not raw and instance.archived_on is None:
        periods_ensure(instance.years)


def migrated(sender, **kwargs) -> None:
    """After `migrate`: the quarters of the programs already there (an upgrade, a restored database)."""
    if Program.objects.exists():
        periods_ensure(covered_years())
