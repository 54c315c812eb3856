"""The reporting calendar is data: a fresh install has its quarters without anyone adding them."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership, Organisation
from organisations.services import program_admin_access_sync
from reports.models import ReportingCalendar, ReportingPeriod
from tests.factories import MembershipFactory, OrganisationFactory, ProgramFactory, ReportingPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db


def quarters():
    return sorted(ReportingPeriod.objects.values_list("year", "quarter"))


def test_a_fresh_install_has_every_quarter_of_its_programs_and_a_reporter_can_enter_the_current_one(client):
    assert not ReportingPeriod.objects.exists()  # migrated, nothing loaded yet
    call_command("load_programs")
    # 115-CTr/TU and Lai Châu's draft both run 2024–2030: 28 quarters with the association's default dates.
    assert quarters() == [(year, quarter) for year in range(2024, 2031) for quarter in range(1, 5)]
    q3 = ReportingPeriod.objects.get(year=2025, quarter=3)
    assert (q3.cutoff_date, q3.deadline) == (datetime.date(2025, 9, 30), datetime.date(2025, 10, 5))

    root = Organisation.objects.get(name="Hội Nông dân tỉnh Lạng Sơn")
    commune = OrganisationFactory(parent=root, name="Hội Nông dân xã Mới")
    reporter = UserFactory(username="moi")
    MembershipFactory(user=reporter, organisation=commune, role=Membership.Role.REPORTER)
    client.force_login(reporter)
    today = timezone.localdate()
    page = client.get(reverse("reports:detail", args=[commune.pk, today.year, (today.month - 1) // 3 + 1]))
    assert page.status_code == 200 and page.context["state"].is_editable


def test_ensure_periods_is_idempotent_and_keeps_dates_set_on_purpose(capsys):
    year = timezone.localdate().year
    ProgramFactory(start_year=year, end_year=year + 1)
    assert len(quarters()) == 8
    moved = ReportingPeriod.objects.get(year=year, quarter=4)
    moved.deadline = datetime.date(year + 1, 1, 15)
    moved.save()
    ReportingPeriod.objects.filter(year=year + 1, quarter=1).delete()

    call_command("ensure_periods")
    assert "tạo mới 1 quý" in capsys.readouterr().out  # the deleted quarter, and nothing else
    call_command("ensure_periods")
    assert "tạo mới 0 quý" in capsys.readouterr().out
    assert ReportingPeriod.objects.get(year=year, quarter=4).deadline == datetime.date(year + 1, 1, 15)


def test_a_program_extended_or_added_gets_its_quarters_and_an_archived_one_does_not():
    program = ProgramFactory(start_year=2025, end_year=2025)
    assert {year for year, _q in quarters()} == {2025}
    program.end_year = 2026
    program.save()
    assert {year for year, _q in quarters()} == {2025, 2026}
    ProgramFactory(start_year=2031, end_year=2032, archived_on=datetime.date(2026, 1, 1))
    assert {year for year, _q in quarters()} == {2025, 2026}


def test_migrate_makes_the_quarters_of_the_programs_already_there():
    ProgramFactory(start_year=2025, end_year=2025)
    ReportingPeriod.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert len(quarters()) >= 4 and (2025, 1) in quarters()


def test_a_province_s_own_deadline_and_grace_days_decide_when_its_quarter_locks(client, tree, reporter, program_admin):
    """A cut-off 16 days ago. By default the quarter was due on day 5 and locked after day 10; Lạng Sơn's
    calendar makes it due on day 15 (one day overdue today) and open until day 18."""
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    cutoff = today - datetime.timedelta(days=16)
    period = ReportingPeriodFactory(
        year=year, quarter=quarter, cutoff_date=cutoff, deadline=cutoff + datetime.timedelta(5)
    )
    url = reverse("reports:detail", args=[tree["a"].pk, year, quarter])
    client.force_login(reporter)
    assert not client.get(url).context["state"].is_editable  # the association's default: locked on day 10

    ReportingCalendar.objects.create(province=tree["province"], deadline_days=15, grace_days=3)
    state = client.get(url).context["state"]
    assert state.is_editable
    assert (state.deadline, state.closes_on) == (cutoff + datetime.timedelta(15), cutoff + datetime.timedelta(18))
    assert state.days_overdue == 1
    html = client.get(reverse("reports:list")).content.decode()
    assert f"Hạn {(cutoff + datetime.timedelta(15)):%d/%m/%Y}: quá hạn 1 ngày" in html
    assert period.deadline == cutoff + datetime.timedelta(5)  # the quarter itself is unchanged for other provinces


def test_program_admins_edit_their_province_s_calendar_in_the_admin(client, tree, program_admin):
    program_admin_access_sync(users=[program_admin])
    client.force_login(program_admin)
    add = client.get(reverse("admin:reports_reportingcalendar_add"))
    assert add.status_code == 200
    assert list(add.context["adminform"].form.fields["province"].queryset) == [tree["province"]]
    response = client.post(
        reverse("admin:reports_reportingcalendar_add"),
        {"province": tree["province"].pk, "deadline_days": "10", "grace_days": "3", "return_reopen_days": "7"},
    )
    assert response.status_code == 302
    calendar = ReportingCalendar.objects.get()
    assert (calendar.deadline_days, calendar.history.get().history_user) == (10, program_admin)
