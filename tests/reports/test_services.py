"""reports.services: saving, the workflow, locks, lost-update protection, emails and the audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from organisations.models import Membership
from reports import services
from reports.models import Report, ReportEvent, ReportReopening, ReportValue
from reports.services import Entry
from tests.factories import MembershipFactory, ReportFactory, ReportReopeningFactory, ReportValueFactory, UserFactory


@pytest.fixture
def new_members(figures):
    return figures["new_members"]


def save(unit, period, by, entries, version=0):
    return services.report_save(unit=unit, period=period, by=by, entries=entries, loaded_version=version)


def submit(unit, period, by, entries, version):
    return services.report_submit(unit=unit, period=period, by=by, entries=entries, loaded_version=version)


def test_first_save_creates_the_report_and_only_the_values_given(tree, reporter, period, figures):
    report = save(
        tree["a"], period, reporter, {figures["new_members"]: Entry(Decimal(1500)), figures["area"]: Entry(None)}
    )
    assert report.status == Report.Status.DRAFT
    assert report.version == 1
    assert dict(report.values.values_list("figure__code", "value")) == {"new-members": Decimal(1500)}
    assert [(e.action, e.by) for e in report.events.all()] == [(ReportEvent.Action.SAVED, reporter)]


def test_each_save_moves_the_version(tree, reporter, period, new_members):
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(10))})
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(12))}, version=report.version)
    assert report.version == 2
    assert report.values.get().value == Decimal(12)


def test_emptying_a_field_deletes_the_value_and_the_history_shows_it(tree, reporter, period, new_members):
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(10), "ước tính")})
    report = save(tree["a"], period, reporter, {new_members: Entry(None)}, version=report.version)
    assert not report.values.exists()
    records = ReportValue.history.filter(report_id=report.pk).order_by("history_date")
    assert [(r.history_type, r.value, r.history_user) for r in records] == [
        ("+", Decimal(10), reporter),
        ("-", Decimal(10), reporter),
    ]


def test_an_unchanged_value_leaves_no_history(tree, reporter, period, new_members):
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(10))})
    save(tree["a"], period, reporter, {new_members: Entry(Decimal(10))}, version=report.version)
    assert ReportValue.history.filter(report_id=report.pk).count() == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(tree, reporter, period, new_members):
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(10))})
    save(tree["a"], period, reporter, {new_members: Entry(Decimal(20))}, version=report.version)
    with pytest.raises(services.ReportConflict) as caught:
        save(tree["a"], period, reporter, {new_members: Entry(Decimal(30))}, version=report.version)
    assert caught.value.current.version == 2
    assert report.values.get().value == Decimal(20)


def test_two_people_starting_the_same_report_conflict(tree, reporter, period, new_members):
    save(tree["a"], period, reporter, {new_members: Entry(Decimal(10))})
    with pytest.raises(services.ReportConflict):
        save(tree["a"], period, reporter, {new_members: Entry(Decimal(99))}, version=0)
    assert tree["a"].reports.get().values.get().value == Decimal(10)


@pytest.fixture
def with_emails(reporter, approver):
    reporter.email, approver.email = "reporter@hoind.vn", "approver@hoind.vn"
    reporter.save()
    approver.save()


def test_submitting_mails_the_approvers_above_the_unit_only(
    tree, reporter, approver, period, new_members, with_emails, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://nongdan.langson.gov.vn"
    own_unit_approver = UserFactory(username="approver-a", email="a@hoind.vn")
    MembershipFactory(user=own_unit_approver, organisation=tree["a"], role=Membership.Role.APPROVER)
    other_branch = UserFactory(username="approver-b", email="b@hoind.vn")
    MembershipFactory(user=other_branch, organisation=tree["b"], role=Membership.Role.APPROVER)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(tree["a"], period, reporter, {new_members: Entry(Decimal(1500))}, version=0)
    assert report.status == Report.Status.SUBMITTED
    assert (report.submitted_by, report.submitted_at is not None) == (reporter, True)
    assert [m.to for m in mail.outbox] == [["approver@hoind.vn"]]
    assert "Hội Nông dân xã A" in mail.outbox[0].body
    link = f"https://nongdan.langson.gov.vn/reports/{tree['a'].pk}/{period.year}/{period.quarter}/"
    assert link in mail.outbox[0].body


@pytest.fixture
def submitted(tree, reporter, period, new_members):
    return submit(tree["a"], period, reporter, {new_members: Entry(Decimal(1500))}, version=0)


def test_returning_needs_a_reason_and_mails_the_reporters(
    submitted, approver, with_emails, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.report_return(report=submitted, by=approver, reason="  ", loaded_version=submitted.version)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_return(
            report=submitted, by=approver, reason="Số hội viên mới chưa khớp sổ", loaded_version=submitted.version
        )
    assert report.status == Report.Status.RETURNED
    assert (report.decided_by, report.return_reason) == (approver, "Số hội viên mới chưa khớp sổ")
    assert report.events.last().note == "Số hội viên mới chưa khớp sổ"
    assert [m.to for m in mail.outbox] == [["reporter@hoind.vn"]]
    assert "Số hội viên mới chưa khớp sổ" in mail.outbox[0].body


def test_a_returned_report_is_corrected_and_submitted_again_then_approved(
    tree, submitted, reporter, approver, period, new_members
):
    report = services.report_return(report=submitted, by=approver, reason="Sai", loaded_version=submitted.version)
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(1400))}, version=report.version)
    assert report.status == Report.Status.RETURNED
    report = submit(tree["a"], period, reporter, {new_members: Entry(Decimal(1450))}, version=report.version)
    report = services.report_approve(report=report, by=approver, loaded_version=report.version)
    assert report.status == Report.Status.APPROVED
    assert [e.action for e in report.events.all()] == ["submitted", "returned", "saved", "submitted", "approved"]
    with pytest.raises(services.ReportLocked, match="đã được duyệt"):
        save(tree["a"], period, reporter, {new_members: Entry(Decimal(1))}, version=report.version)
    assert report.values.get().value == Decimal(1450)


def test_a_submitted_report_waits_for_the_approver(tree, submitted, reporter, period, new_members):
    with pytest.raises(services.ReportLocked, match="chờ duyệt"):
        save(tree["a"], period, reporter, {new_members: Entry(Decimal(1))}, version=submitted.version)
    assert submitted.values.get().value == Decimal(1500)


def test_deciding_on_a_stale_version_is_a_conflict(submitted, approver):
    services.report_approve(report=submitted, by=approver, loaded_version=submitted.version)
    with pytest.raises(services.ReportConflict):
        services.report_return(report=submitted, by=approver, reason="Sai", loaded_version=submitted.version)


def test_a_closed_period_is_read_only_until_reopened(tree, reporter, program_admin, closed_period, new_members, today):
    with pytest.raises(services.ReportLocked, match="quá hạn"):
        save(tree["a"], closed_period, reporter, {new_members: Entry(Decimal(1))})
    assert not tree["a"].reports.exists()
    services.report_reopen(
        unit=tree["a"], period=closed_period, by=program_admin, until=today, reason="Đơn vị bị lũ cô lập"
    )
    report = save(tree["a"], closed_period, reporter, {new_members: Entry(Decimal(1))})
    assert report.values.get().value == Decimal(1)


def test_a_reopening_for_another_unit_or_an_expired_one_does_not_count(
    tree, reporter, closed_period, new_members, today
):
    ReportReopeningFactory(unit=tree["b"], period=closed_period)
    ReportReopeningFactory(unit=tree["a"], period=closed_period, until=today - datetime.timedelta(days=1))
    with pytest.raises(services.ReportLocked):
        save(tree["a"], closed_period, reporter, {new_members: Entry(Decimal(1))})


def test_a_reopening_needs_a_reason_and_a_date_not_past(tree, program_admin, closed_period, today):
    with pytest.raises(ValidationError) as caught:
        services.report_reopen(
            unit=tree["a"], period=closed_period, by=program_admin, until=today - datetime.timedelta(days=1), reason=""
        )
    assert set(caught.value.message_dict) == {"until", "reason"}


def test_a_returned_report_past_the_deadline_is_locked_too(tree, reporter, approver, closed_period, new_members):
    report = ReportFactory(unit=tree["a"], period=closed_period, status=Report.Status.RETURNED, return_reason="Sai")
    ReportValueFactory(report=report, figure=new_members)
    with pytest.raises(services.ReportLocked):
        submit(tree["a"], closed_period, reporter, {new_members: Entry(Decimal(2))}, version=report.version)


def test_a_report_returned_after_its_quarter_closed_reopens_for_the_unit(
    tree, reporter, approver, closed_period, new_members, today, settings
):
    """No dead end: returned late, the quarter reopens for that unit for REPORT_RETURN_REOPEN_DAYS, the
    reason saying why; the unit corrects and sends it again. Another unit's quarter stays closed."""
    settings.REPORT_RETURN_REOPEN_DAYS = 7
    report = ReportFactory(unit=tree["a"], period=closed_period, status=Report.Status.SUBMITTED, submitted_by=reporter)
    ReportValueFactory(report=report, figure=new_members)
    services.report_return(report=report, by=approver, reason="Thiếu số hộ", loaded_version=report.version)
    reopening = tree["a"].report_reopenings.get()
    assert (reopening.period, reopening.until, reopening.by) == (
        closed_period,
        today + datetime.timedelta(days=7),
        approver,
    )
    assert "Thiếu số hộ" in reopening.reason
    report = submit(tree["a"], closed_period, reporter, {new_members: Entry(Decimal(2))}, version=report.version)
    assert report.status == Report.Status.SUBMITTED
    assert not tree["b"].report_reopenings.exists()


def test_a_report_returned_while_its_quarter_is_open_needs_no_reopening(submitted, approver):
    services.report_return(report=submitted, by=approver, reason="Sai", loaded_version=submitted.version)
    assert not ReportReopening.objects.exists()


@pytest.fixture
def reporter_and_approver(tree):
    """Enters commune A's figures and approves everything below the province association."""
    person = UserFactory(username="both-roles")
    MembershipFactory(user=person, organisation=tree["a"], role=Membership.Role.REPORTER)
    MembershipFactory(user=person, organisation=tree["root"], role=Membership.Role.APPROVER)
    return person


def test_nobody_approves_or_returns_a_report_they_submitted(tree, reporter_and_approver, approver, period, new_members):
    report = submit(tree["a"], period, reporter_and_approver, {new_members: Entry(Decimal(1500))}, version=0)
    with pytest.raises(services.ReportLocked, match="người gửi báo cáo này"):
        services.report_approve(report=report, by=reporter_and_approver, loaded_version=report.version)
    with pytest.raises(services.ReportLocked, match="người gửi báo cáo này"):
        services.report_return(report=report, by=reporter_and_approver, reason="Sai", loaded_version=report.version)
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (Report.Status.SUBMITTED, None)
    assert [e.action for e in report.events.all()] == ["submitted"]
    report = services.report_approve(report=report, by=approver, loaded_version=report.version)
    assert (report.status, report.decided_by) == (Report.Status.APPROVED, approver)


def test_a_stale_copy_of_the_report_does_not_let_the_submitter_decide(
    tree, reporter, reporter_and_approver, approver, period, new_members
):
    """Read while someone else had submitted it; by the time of the decision, the decider had submitted it."""
    report = submit(tree["a"], period, reporter, {new_members: Entry(Decimal(1500))}, version=0)
    stale = Report.objects.get(pk=report.pk)
    report = services.report_return(report=report, by=approver, reason="Sai", loaded_version=report.version)
    report = submit(tree["a"], period, reporter_and_approver, {new_members: Entry(Decimal(1400))}, report.version)
    with pytest.raises(services.ReportConflict):
        services.report_approve(report=stale, by=reporter_and_approver, loaded_version=report.version)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_every_change_of_the_report_is_in_its_history_with_who_made_it(tree, reporter, approver, period, new_members):
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(1400))})
    report = save(tree["a"], period, reporter, {new_members: Entry(Decimal(1500))}, version=report.version)
    report = submit(tree["a"], period, reporter, {new_members: Entry(Decimal(1500))}, version=report.version)
    report = services.report_return(report=report, by=approver, reason="Thiếu sổ", loaded_version=report.version)
    report = submit(tree["a"], period, reporter, {new_members: Entry(Decimal(1450))}, version=report.version)
    report = services.report_approve(report=report, by=approver, loaded_version=report.version)
    records = report.history.order_by("history_date", "history_id")
    assert [(r.version, r.status, r.history_user.username) for r in records] == [
        (1, "draft", "reporter"),  # created by the first save
        (2, "draft", "reporter"),  # saved again
        (3, "draft", "reporter"),  # submitted: the figures first,
        (3, "submitted", "reporter"),  # then the status
        (4, "returned", "approver"),
        (5, "returned", "reporter"),
        (5, "submitted", "reporter"),
        (6, "approved", "approver"),
    ]
    returned = records.get(status="returned", version=4)
    assert (returned.return_reason, returned.decided_by) == ("Thiếu sổ", approver)


def test_a_refused_change_leaves_no_history(tree, reporter, approver, submitted, period, new_members):
    with pytest.raises(services.ReportLocked):
        save(tree["a"], period, reporter, {new_members: Entry(Decimal(1))}, version=submitted.version)
    with pytest.raises(services.ReportConflict):
        services.report_approve(report=submitted, by=approver, loaded_version=submitted.version - 1)
    assert [r.status for r in submitted.history.order_by("history_id")] == ["draft", "submitted"]
