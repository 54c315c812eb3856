import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation
from reports.demo import DEMO_PASSWORD
from reports.models import Report, ReportEvent, ReportingPeriod, ReportReopening, ReportValue
from targets.models import Allocation

pytestmark = pytest.mark.django_db


def test_demo_refuses_to_load_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("load_demo")
    assert not Organisation.objects.filter(is_demo=True).exists()


def test_demo_loads_units_users_and_reproducible_figures(settings, capsys, client):
    settings.DEBUG = True
    call_command("load_demo", "--today=2026-11-23")
    output = capsys.readouterr().out
    assert "demo-ban" in output and DEMO_PASSWORD in output
    demo_units = Organisation.objects.filter(is_demo=True)
    assert demo_units.filter(province__code="lang-son").count() >= 3
    assert demo_units.filter(province__code="lai-chau").count() >= 3
    assert demo_units.filter(professional=True).exists()
    years = set(Report.objects.values_list("period__year", flat=True))
    assert years == {2025, 2026}  # Q1/2025 … Q4/2026: the eight quarters up to 23/11/2026
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {"approved", "submitted", "returned"} <= statuses
    first = sorted(
        ReportValue.objects.values_list("report__unit__name", "report__period__quarter", "figure__code", "value")
    )

    call_command("load_demo", "--today=2026-11-23")  # a second run leaves everything as it was
    assert "đã có sẵn" in capsys.readouterr().out
    assert (
        sorted(
            ReportValue.objects.values_list("report__unit__name", "report__period__quarter", "figure__code", "value")
        )
        == first
    )
    assert client.login(request=HttpRequest(), username="demo-ban", password=DEMO_PASSWORD)
    # 115-CTr/TU's 1.500 new members a year shared among the four demo communes by size, for both years:
    # 26 %, 24 %, 22 % and Bình Gia's two branches' 15 % + 13 %: 390 + 360 + 330 + 420 = 1.500.
    for year in (2025, 2026):
        shares = Allocation.objects.filter(target__label="1", target__program__number="115-CTr/TU", year=year)
        assert sorted(shares.values_list("value", flat=True)) == [330, 360, 390, 420]
    assert all(allocation.unit.is_demo for allocation in shares)


def test_the_demo_program_admin_edits_programs_but_only_reads_the_shared_catalogue(settings):
    settings.DEBUG = True
    call_command("load_demo")
    admin = get_user_model().objects.get(username="demo-quantri")
    assert admin.has_perms(["programs.change_program", "targets.change_target", "targets.view_figure"])
    assert not any(
        admin.has_perm(f"{app}.{action}_{model}")
        for app, model in [("targets", "figure"), ("programs", "resolution")]
        for action in ("add", "change", "delete")
    )


def _quarters_back(year: int, quarter: int, *, count: int) -> list[tuple[int, int]]:
    """The `count` quarters up to (year, quarter), oldest first."""
    index = year * 4 + quarter - 1
    return [(i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1)]


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        # the first day of a quarter: the one just ended is still inside its deadline
        (datetime.date(2025, 7, 1), (2023, 4), (2025, 3)),
        # mid-quarter, the previous one closed: its returned reports are reopened
        (datetime.date(2026, 11, 23), (2025, 1), (2026, 4)),
        # the last day of a year
        (datetime.date(2027, 12, 31), (2026, 1), (2027, 4)),
    ],
)
def test_the_demo_follows_the_day_it_is_loaded(settings, today, first, last):
    settings.DEBUG = True
    quarters = _quarters_back(*last, count=8)
    assert quarters[0] == first
    call_command("load_demo", f"--today={today.isoformat()}")

    reported = set(Report.objects.values_list("period__year", "period__quarter"))
    assert reported == set(quarters)
    *finished, (year, quarter) = quarters
    current = ReportingPeriod.objects.get(year=year, quarter=quarter)
    assert current.cutoff_date >= today  # today's quarter, open for entry: only drafts so far
    assert set(Report.objects.filter(period=current).values_list("status", flat=True)) == {"draft"}
    assert ReportingPeriod.objects.filter(year=today.year + 1).count() == 4  # next year is ready too

    last_finished = Report.objects.filter(period__year=finished[-1][0], period__quarter=finished[-1][1])
    waiting = last_finished.filter(status="submitted")
    assert waiting.exists()  # decisions to take, sent around the last deadline: never in the future
    for report in waiting:
        sent = timezone.localdate(report.submitted_at)
        assert report.period.cutoff_date <= sent <= min(today, report.period.deadline + datetime.timedelta(days=4))
        assert (today - sent).days < 100
    assert not ReportEvent.objects.filter(at__date__gt=today).exists()
    assert all(
        status == "approved"
        for status in Report.objects.exclude(period__in=[current, last_finished[0].period]).values_list(
            "status", flat=True
        )
    )
    for returned in last_finished.filter(status="returned"):
        if today > returned.period.closes_on:
            assert ReportReopening.objects.get(unit=returned.unit, period=returned.period).until > today


def test_the_demo_reporter_can_enter_today_s_quarter_and_the_board_reads_the_last_ones(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    today = timezone.localdate()
    reporter = get_user_model().objects.get(username="demo-baocao")
    unit = reporter.memberships.get().organisation
    client.force_login(reporter)
    page = client.get(reverse("reports:detail", args=[unit.pk, today.year, (today.month - 1) // 3 + 1]))
    assert page.status_code == 200
    assert page.context["state"].is_editable

    client.force_login(get_user_model().objects.get(username="demo-ban"))
    dashboard = client.get(reverse("dashboards:dashboard", args=["115-ctr-tu"]))
    assert dashboard.status_code == 200
    assert any(progress.actual is not None for progress in dashboard.context["dashboard"].progress)
