"""The report pages as people use them: the list, the entry form, conflicts, read-only reasons, history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import Membership, Organisation
from reports.models import Report, ReportEvent, ReportReopening
from tests.factories import (
    FigureFactory,
    MembershipFactory,
    OrganisationFactory,
    ReportEventFactory,
    ReportFactory,
    ReportingPeriodFactory,
    ReportValueFactory,
    TargetFactory,
    UserFactory,
)


def detail_url(unit, period, name="detail"):
    return reverse(f"reports:{name}", args=[unit.pk, period.year, period.quarter])


def cell(html, unit, period):
    match = re.search(rf'data-testid="state-{unit.pk}-{period.year}-{period.quarter}">(.*?)</td>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def field_value(html, name):
    """The value an <input name=…> carries, or None when it has none."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    match = re.search(r'value="([^"]*)"', tag)
    return match.group(1) if match else None


class TestList:
    def test_a_reporter_sees_each_quarter_status_and_deadline(
        self, client, tree, reporter, period, previous_period, closed_period
    ):
        ReportFactory(unit=tree["a"], period=previous_period, status=Report.Status.APPROVED)
        client.force_login(reporter)
        earlier = client.get(reverse("reports:list"), {"year": previous_period.year}).content.decode()
        assert cell(earlier, tree["a"], previous_period).startswith("Đã duyệt")
        html = client.get(reverse("reports:list")).content.decode()
        assert cell(html, tree["a"], period) == f"Chưa nhập Hạn {period.deadline:%d/%m/%Y}: còn 10 ngày"
        assert f"state-{tree['b'].pk}-" not in html

    @pytest.mark.parametrize(
        ("status", "reason", "shown"),
        [
            (Report.Status.DRAFT, "", "Đang nhập"),
            (Report.Status.SUBMITTED, "", "Đã gửi, chờ duyệt"),
            (Report.Status.RETURNED, "Thiếu số hộ", "Bị trả lại Lý do trả lại: Thiếu số hộ"),
        ],
    )
    def test_statuses(self, client, tree, reporter, period, status, reason, shown):
        ReportFactory(unit=tree["a"], period=period, status=status, return_reason=reason)
        client.force_login(reporter)
        assert cell(client.get(reverse("reports:list")).content.decode(), tree["a"], period).startswith(shown)

    def test_overdue_locked_and_reopened(self, client, tree, reporter, program_admin, today):
        year, quarter = today.year, (today.month - 1) // 3 + 1
        overdue = ReportingPeriodFactory(
            year=year,
            quarter=quarter,
            cutoff_date=today - datetime.timedelta(days=3),
            deadline=today - datetime.timedelta(days=2),
        )
        client.force_login(reporter)
        assert cell(client.get(reverse("reports:list")).content.decode(), tree["a"], overdue).endswith("quá hạn 2 ngày")
        overdue.cutoff_date = overdue.deadline = today - datetime.timedelta(days=30)
        overdue.save()
        text = cell(client.get(reverse("reports:list")).content.decode(), tree["a"], overdue)
        assert text.startswith("Đã khóa Quá hạn nộp")
        ReportReopening.objects.create(unit=tree["a"], period=overdue, until=today, by=program_admin, reason="Bão")
        text = cell(client.get(reverse("reports:list")).content.decode(), tree["a"], overdue)
        assert text.startswith("Chưa nhập")
        assert f"Được mở lại đến hết {today:%d/%m/%Y}" in text

    def test_a_reporter_s_first_screen_says_what_to_do_now_before_the_grid(
        self, client, tree, reporter, period, previous_period, closed_period
    ):
        """The open quarter not yet sent, and a returned report of a closed quarter with its reason; a quarter
        sent or approved is not work to do."""
        ReportFactory(unit=tree["a"], period=previous_period, status=Report.Status.APPROVED)
        ReportFactory(unit=tree["a"], period=closed_period, status=Report.Status.RETURNED, return_reason="Thiếu số hộ")
        client.force_login(reporter)
        html = client.get(reverse("reports:list")).content.decode()
        todo = re.findall(r'data-testid="todo-(\d+)-(\d+)-(\d)"', html)
        # Returned first, then the open quarter.
        assert todo == [
            (str(tree["a"].pk), str(closed_period.year), str(closed_period.quarter)),
            (str(tree["a"].pk), str(period.year), str(period.quarter)),
        ]
        assert html.index('id="todo"') < html.index('id="my-reports"')
        returned = re.search(
            rf'data-testid="todo-{tree["a"].pk}-{closed_period.year}-{closed_period.quarter}"(.*?)</li>', html, re.S
        )
        assert "Lý do trả lại: Thiếu số hộ" in returned.group(1)
        assert "hãy đề nghị quản trị chương trình mở lại" in returned.group(1)  # closed: it says what to do
        current = re.search(rf'data-testid="todo-{tree["a"].pk}-{period.year}-{period.quarter}"(.*?)</li>', html, re.S)
        assert "Nhập số liệu" in current.group(1) and "còn 10 ngày" in current.group(1)

        ReportFactory(unit=tree["a"], period=period, status=Report.Status.SUBMITTED)
        html = client.get(reverse("reports:list")).content.decode()
        assert f'data-testid="todo-{tree["a"].pk}-{period.year}-{period.quarter}"' not in html

    def test_readers_and_approvers_have_no_work_to_enter(self, client, tree, approver, board_viewer, period):
        for person in (approver, board_viewer):
            client.force_login(person)
            assert 'id="todo"' not in client.get(reverse("reports:list")).content.decode()

    def test_an_approver_sees_units_below_and_a_queue(self, client, tree, approver, reporter, period):
        ReportFactory(unit=tree["b"], period=period, status=Report.Status.SUBMITTED, submitted_by=reporter)
        ReportFactory(unit=tree["a"], period=period, status=Report.Status.DRAFT)
        client.force_login(approver)
        html = client.get(reverse("reports:list")).content.decode()
        for unit in (tree["a"], tree["b"], tree["branch"]):
            assert f"state-{unit.pk}-" in html
        assert f"state-{tree['root'].pk}-" not in html
        assert f'data-testid="queue-{tree["b"].pk}-{period.year}-{period.quarter}"' in html
        assert f'data-testid="queue-{tree["a"].pk}-' not in html

    @pytest.mark.parametrize(
        "query", ["year=²", "year=٢٠٢٥", "year=abc", "year=99999999999999999999", "page=²", "page=0"]
    )
    def test_a_bad_year_or_page_shows_the_latest_year(self, client, tree, reporter, period, query):
        client.force_login(reporter)
        response = client.get(f"{reverse('reports:list')}?{query}")
        assert response.status_code == 200
        assert response.context["overview"].year == period.year
        assert response.context["overview"].page.number == 1

    def test_readers_see_the_whole_province(self, client, tree, board_viewer, period):
        client.force_login(board_viewer)
        html = client.get(reverse("reports:list")).content.decode()
        assert all(f"state-{tree[k].pk}-" in html for k in ("root", "a", "b", "branch"))


class TestEntryPage:
    def test_each_figure_with_its_unit_definition_kind_and_last_quarter(
        self, client, tree, reporter, program, period, previous_period, figures
    ):
        ReportValueFactory(
            report=ReportFactory(unit=tree["a"], period=previous_period), figure=figures["new_members"], value=1200
        )
        client.force_login(reporter)
        html = client.get(detail_url(tree["a"], period)).content.decode()
        assert "6a. Hộ đăng ký SXKD giỏi" in html
        assert "Từ 45% số hộ nông dân trở lên đăng ký danh hiệu" in html
        assert "Hội viên mới kết nạp (người)" in html
        assert "Định nghĩa thử nghiệm Tính số phát sinh trong quý." in html
        assert "Tính số có đến cuối quý." in html
        assert re.search(r"previous-new-members'>Quý [IV]+/\d{4}: <strong>1.200</strong>", html)
        assert html.count('name="value_') == 5

    def test_saving_a_draft_then_submitting(self, client, tree, reporter, program, period, figures):
        client.force_login(reporter)
        url = detail_url(tree["a"], period)
        data = {"version": 0, "action": "save", f"value_{figures['new_members'].pk}": "1.500"}
        assert client.post(url, data).status_code == 302
        report = tree["a"].reports.get()
        assert report.values.get().value == Decimal(1500)
        html = client.get(url).content.decode()
        assert field_value(html, f"value_{figures['new_members'].pk}") == "1.500"
        data |= {"version": report.version, "action": "submit"}
        response = client.post(url, data, follow=True)
        assert "Đã gửi báo cáo để duyệt." in response.content.decode()
        assert "Báo cáo đã gửi và đang chờ duyệt" in response.content.decode()
        assert 'name="value_' not in response.content.decode()

    def test_wrong_input_comes_back_with_everything_typed(self, client, tree, reporter, program, period, figures):
        client.force_login(reporter)
        data = {
            "version": 0,
            "action": "save",
            f"value_{figures['new_members'].pk}": "12a",
            f"value_{figures['area'].pk}": "7,5",
            f"comment_{figures['area'].pk}": "đo lại",
        }
        response = client.post(detail_url(tree["a"], period), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "“12a” không phải là một số" in html
        assert field_value(html, f"value_{figures['new_members'].pk}") == "12a"
        assert field_value(html, f"value_{figures['area'].pk}") == "7,5"
        assert 'value="đo lại"' in html
        assert not tree["a"].reports.exists()

    def test_a_summary_of_the_errors_links_to_each_field(self, client, tree, reporter, program, period, figures):
        client.force_login(reporter)
        field = f"value_{figures['new_members'].pk}"
        response = client.post(detail_url(tree["a"], period), {"version": 0, "action": "save", field: "-3"})
        summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
        assert "Có 1 chỗ cần sửa; những gì anh/chị đã nhập vẫn được giữ nguyên." in summary
        assert f'href="#id_{field}"' in summary
        assert "Số liệu không được là số âm." in summary

    def test_an_unusual_value_shows_the_confirmation(
        self, client, tree, reporter, program, period, previous_period, figures
    ):
        ReportValueFactory(
            report=ReportFactory(unit=tree["a"], period=previous_period), figure=figures["new_members"], value=100
        )
        client.force_login(reporter)
        data = {"version": 0, "action": "save", f"value_{figures['new_members'].pk}": "1.000"}
        html = client.post(detail_url(tree["a"], period), data).content.decode()
        assert "Khác nhiều so với quý trước (100)" in html
        assert 'name="confirm_unusual"' in html
        data |= {"confirm_unusual": "on", f"comment_{figures['new_members'].pk}": "Đợt kết nạp lớn"}
        assert client.post(detail_url(tree["a"], period), data).status_code == 302

    def test_a_lost_update_is_caught_and_both_versions_shown(self, client, tree, reporter, program, period, figures):
        colleague = UserFactory(username="colleague")
        MembershipFactory(user=colleague, organisation=tree["a"], role=Membership.Role.REPORTER)
        field = f"value_{figures['new_members'].pk}"
        report = ReportFactory(unit=tree["a"], period=period)
        ReportValueFactory(report=report, figure=figures["new_members"], value=10)
        client.force_login(colleague)
        assert (
            client.post(detail_url(tree["a"], period), {"version": 1, "action": "save", field: "20"}).status_code == 302
        )
        client.force_login(reporter)
        response = client.post(detail_url(tree["a"], period), {"version": 1, "action": "save", field: "30"})
        html = response.content.decode()
        assert response.status_code == 409
        assert "người khác đã lưu báo cáo này" in html
        row = re.search(r'data-testid="conflict-new-members">(.*?)</tr>', html, re.S).group(1)
        assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["20", "30"]
        assert field_value(html, field) == "30"
        assert 'name="version" value="2"' in html
        assert report.values.get().value == Decimal(20)
        assert (
            client.post(detail_url(tree["a"], period), {"version": 2, "action": "save", field: "30"}).status_code == 302
        )
        assert report.values.get().value == Decimal(30)

    def test_saving_after_it_was_submitted_keeps_the_typing_and_says_why(
        self, client, tree, reporter, program, period, figures
    ):
        report = ReportFactory(unit=tree["a"], period=period, status=Report.Status.SUBMITTED)
        client.force_login(reporter)
        field = f"value_{figures['new_members'].pk}"
        html = client.post(
            detail_url(tree["a"], period), {"version": report.version, "action": "save", field: "5"}
        ).content.decode()
        assert "đang chờ duyệt" in html
        assert re.search(r'data-testid="conflict-new-members">.*?<td class="num">5</td>', html, re.S)
        assert not report.values.exists()

    def test_invalid_typing_on_an_approved_report_does_not_bring_back_a_form(
        self, client, tree, reporter, program, period, figures
    ):
        report = ReportFactory(unit=tree["a"], period=period, status=Report.Status.APPROVED)
        client.force_login(reporter)
        field = f"value_{figures['new_members'].pk}"
        response = client.post(detail_url(tree["a"], period), {"version": report.version, "action": "save", field: "x"})
        html = response.content.decode()
        assert response.status_code == 409
        assert "đã được duyệt" in html
        assert 'name="value_' not in html

    def test_readers_are_told_they_only_read(self, client, tree, board_viewer, program, period):
        client.force_login(board_viewer)
        html = client.get(detail_url(tree["a"], period)).content.decode()
        assert 'data-testid="read-only"' in html
        assert 'name="value_' not in html

    @pytest.mark.parametrize(
        ("status", "why"),
        [(Report.Status.APPROVED, "đã được duyệt"), (Report.Status.SUBMITTED, "đang chờ duyệt")],
    )
    def test_read_only_pages_say_why(self, client, tree, reporter, program, period, status, why):
        ReportFactory(unit=tree["a"], period=period, status=status)
        client.force_login(reporter)
        html = client.get(detail_url(tree["a"], period)).content.decode()
        assert why in re.search(r'data-testid="lock-reason">(.*?)</div>', html).group(1)
        assert 'name="value_' not in html

    def test_after_the_deadline_it_says_so_and_an_admin_can_reopen(
        self, client, tree, reporter, program_admin, program, closed_period, today
    ):
        client.force_login(reporter)
        html = client.get(detail_url(tree["a"], closed_period)).content.decode()
        assert "Đã quá hạn nộp" in html and "hãy đề nghị quản trị chương trình mở lại" in html
        assert "/reopen/" not in html
        client.force_login(program_admin)
        html = client.get(detail_url(tree["a"], closed_period)).content.decode()
        assert "/reopen/" in html
        # The program admin is told what they can do, never to ask the program admin.
        lock = re.search(r'data-testid="lock-reason">(.*?)</div>', html).group(1)
        assert "Anh/chị có thể mở lại kỳ báo cáo" in lock and "đề nghị quản trị chương trình" not in lock
        response = client.post(
            detail_url(tree["a"], closed_period, "reopen"), {"until": f"{today:%Y-%m-%d}", "reason": "Bão số 3"}
        )
        assert response.status_code == 302
        reopening = tree["a"].report_reopenings.get()
        assert (reopening.by, reopening.until, reopening.reason) == (program_admin, today, "Bão số 3")
        client.force_login(reporter)
        assert 'name="value_' in client.get(detail_url(tree["a"], closed_period)).content.decode()

    def test_nothing_to_reopen_once_approved(self, client, tree, program_admin, program, closed_period):
        ReportFactory(unit=tree["a"], period=closed_period, status=Report.Status.APPROVED)
        client.force_login(program_admin)
        assert "/reopen/" not in client.get(detail_url(tree["a"], closed_period)).content.decode()

    def test_a_reopening_in_the_past_is_refused(self, client, tree, program_admin, program, closed_period, today):
        client.force_login(program_admin)
        yesterday = today - datetime.timedelta(days=1)
        response = client.post(
            detail_url(tree["a"], closed_period, "reopen"), {"until": f"{yesterday:%Y-%m-%d}", "reason": "Bão"}
        )
        assert "không được ở trong quá khứ" in response.content.decode()
        assert not ReportReopening.objects.exists()


class TestDecisionAndHistory:
    @pytest.fixture
    def submitted(self, tree, reporter, period, figures):
        report = ReportFactory(unit=tree["a"], period=period, status=Report.Status.SUBMITTED, submitted_by=reporter)
        ReportValueFactory(report=report, figure=figures["new_members"], value=1500)
        return report

    def test_returning_without_a_reason_is_refused(self, client, tree, approver, program, period, submitted):
        client.force_login(approver)
        response = client.post(
            detail_url(tree["a"], period, "decide"), {"version": 1, "decision": "return", "reason": ""}
        )
        assert "Hãy ghi lý do trả lại" in response.content.decode()
        submitted.refresh_from_db()
        assert submitted.status == Report.Status.SUBMITTED

    def test_the_reporter_sees_the_reason(self, client, tree, approver, reporter, program, period, submitted):
        client.force_login(approver)
        client.post(
            detail_url(tree["a"], period, "decide"), {"version": 1, "decision": "return", "reason": "Thiếu số hộ"}
        )
        client.force_login(reporter)
        html = client.get(detail_url(tree["a"], period)).content.decode()
        assert "Thiếu số hộ" in re.search(r'data-testid="return-reason">(.*?)</div>', html).group(1)
        assert "Gửi lại báo cáo" in html

    def test_a_stale_decision_is_not_applied(self, client, tree, approver, program, period, submitted):
        client.force_login(approver)
        response = client.post(
            detail_url(tree["a"], period, "decide"), {"version": 7, "decision": "approve"}, follow=True
        )
        assert "Báo cáo đã thay đổi" in response.content.decode()
        submitted.refresh_from_db()
        assert submitted.status == Report.Status.SUBMITTED

    def test_every_change_and_deletion_is_on_the_page(self, client, tree, reporter, approver, program, period, figures):
        client.force_login(reporter)
        url = detail_url(tree["a"], period)
        field, comment = f"value_{figures['new_members'].pk}", f"comment_{figures['new_members'].pk}"
        client.post(url, {"version": 0, "action": "save", field: "1.500", comment: "theo sổ"})
        client.post(url, {"version": 1, "action": "save", field: "1.600", comment: "theo sổ"})
        client.post(url, {"version": 2, "action": "save", field: ""})
        client.force_login(approver)
        html = client.get(url).content.decode()
        rows = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r'data-testid="change-new-members">(.*?)</tr>', html, re.S)
        ]
        name = reporter.get_full_name()
        assert [row.split(" ", 2)[2] for row in rows] == [
            f"{name} Hội viên mới kết nạp 1.600 đã xóa (chưa báo cáo) theo sổ",
            f"{name} Hội viên mới kết nạp 1.500 1.600 theo sổ",
            f"{name} Hội viên mới kết nạp — 1.500 theo sổ",
        ]
        assert [e.action for e in tree["a"].reports.get().events.all()] == [ReportEvent.Action.SAVED] * 3


class TestOwnReport:
    """Someone who enters commune A's figures and also approves the units below the province association."""

    @pytest.fixture
    def both_roles(self, tree):
        person = UserFactory(username="both-roles")
        MembershipFactory(user=person, organisation=tree["a"], role=Membership.Role.REPORTER)
        MembershipFactory(user=person, organisation=tree["root"], role=Membership.Role.APPROVER)
        return person

    @pytest.fixture
    def own(self, tree, both_roles, period, figures):
        report = ReportFactory(unit=tree["a"], period=period, status=Report.Status.SUBMITTED, submitted_by=both_roles)
        ReportValueFactory(report=report, figure=figures["new_members"], value=1500)
        return report

    def test_the_submitter_gets_no_decision_form_but_a_reason(self, client, tree, both_roles, program, period, own):
        client.force_login(both_roles)
        html = client.get(detail_url(tree["a"], period)).content.decode()
        assert "/decide/" not in html
        refusal = re.search(r'data-testid="decision-refusal">(.*?)</p>', html).group(1)
        assert "Anh/chị là người gửi báo cáo này nên không tự duyệt hay trả lại được" in refusal
        assert f'data-testid="queue-{tree["a"].pk}-' not in client.get(reverse("reports:list")).content.decode()

    @pytest.mark.parametrize("decision", [{"decision": "approve"}, {"decision": "return", "reason": "Sai"}])
    def test_the_submitter_posting_a_decision_is_refused(
        self, client, tree, both_roles, program, period, own, decision
    ):
        client.force_login(both_roles)
        response = client.post(detail_url(tree["a"], period, "decide"), {"version": own.version, **decision})
        assert response.status_code == 403
        assert 'data-testid="decision-refusal"' in response.content.decode()
        own.refresh_from_db()
        assert (own.status, own.decided_by, own.events.count()) == (Report.Status.SUBMITTED, None, 0)

    def test_another_approver_decides_it(self, client, tree, approver, program, period, own):
        client.force_login(approver)
        html = client.get(detail_url(tree["a"], period)).content.decode()
        assert "/decide/" in html
        assert 'data-testid="decision-refusal"' not in html
        assert f'data-testid="queue-{tree["a"].pk}-' in client.get(reverse("reports:list")).content.decode()
        client.post(detail_url(tree["a"], period, "decide"), {"version": own.version, "decision": "approve"})
        own.refresh_from_db()
        assert (own.status, own.decided_by) == (Report.Status.APPROVED, approver)


def _grow(tree, period, previous_period, size):
    """`size` more figures under their own targets, units with reports and values, and history."""
    program = tree["program"]
    for n in range(size):
        figure = FigureFactory(code=f"extra-{size}-{n}")
        TargetFactory(program=program, label=f"x{size}-{n}", numerator=figure)
        unit = OrganisationFactory(parent=tree["a"], kind=Organisation.Kind.BRANCH)
        for p in (period, previous_period):
            report = ReportFactory(unit=unit, period=p, status=Report.Status.SUBMITTED)
            ReportValueFactory(report=report, figure=figure)
        own = tree["a"].reports.get_or_create(period=period)[0]
        ReportValueFactory(report=own, figure=figure)
        ReportEventFactory(report=own)
        ReportValueFactory(report=tree["a"].reports.get_or_create(period=previous_period)[0], figure=figure)


@pytest.mark.parametrize("size", [2, 12])
def test_query_counts_do_not_grow_with_the_data(
    client, tree, approver, reporter, program, period, previous_period, django_assert_max_num_queries, size
):
    _grow(tree | {"program": program}, period, previous_period, size)
    client.force_login(approver)
    with django_assert_max_num_queries(12):  # with the provinces' reporting calendars
        assert client.get(reverse("reports:list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(detail_url(tree["a"], period)).status_code == 200
    client.force_login(reporter)
    with django_assert_max_num_queries(16):
        assert client.get(detail_url(tree["a"], period)).status_code == 200
    with django_assert_max_num_queries(16):  # the grid, and the work to do now
        assert client.get(reverse("reports:list")).status_code == 200


@pytest.mark.parametrize("size", [2, 16])
def test_saving_a_report_runs_a_fixed_number_of_queries(
    client, tree, reporter, program, period, previous_period, django_assert_max_num_queries, size
):
    """Every figure changed at once, whatever their number, in a fixed number of queries: 20, and the
    savepoint and release the test's own transaction adds around the save."""
    _grow(tree | {"program": program}, period, previous_period, size)
    client.force_login(reporter)
    url = detail_url(tree["a"], period)
    form = client.get(url).context["form"]
    fields = [name for name in form.fields if name.startswith("value_")]
    data = {name: form[name].value() or "" for name in form.fields} | dict.fromkeys(fields, "7") | {"action": "save"}
    with django_assert_max_num_queries(22):
        assert client.post(url, data).status_code == 302
    assert tree["a"].reports.get(period=period).values.filter(value=7).count() == len(fields)
