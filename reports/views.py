from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django.views.generic.base import ContextMixin, TemplateResponseMixin

from nongdan.dates import format_date
from nongdan.query import ascii_int
from organisations.models import Organisation
from organisations.permissions import Action, can, managed_provinces, visible_provinces
from reports import selectors, services, sheets
from reports.excel.selectors import excel_links
from reports.forms import DecisionForm, ReopenForm, ReopenManyForm, ReportForm
from reports.models import Report, ReportingPeriod


class ReportListView(TemplateView):
    """ "My reports": the person's units × quarters, and the reports waiting for their decision."""

    template_name = "reports/report_list.html"

    def get_context_data(self, **kwargs):
        overview = selectors.report_overview(
            user=self.request.user,
            year=ascii_int(self.request.GET.get("year")),
            page_number=ascii_int(self.request.GET.get("page")) or 1,
        )
        today = timezone.localdate()
        reopenable = (
            [p for p in overview.periods if p.closes_on < today]
            if managed_provinces(self.request.user).exists()
            else []
        )
        return super().get_context_data(
            overview=overview, excel=excel_links(user=self.request.user), reopenable=reopenable, **kwargs
        )


class ReportPageView(TemplateResponseMixin, ContextMixin, View):
    """One unit's report for one quarter, found from the URL.

    Reading needs Action.VIEW; posting needs the view's `permission`. A unit outside the person's
    provinces is a 404 (nothing leaks); a unit they may read but not act on is a 403.
    """

    permission: Action
    template_name = "reports/report_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.unit = get_object_or_404(
            Organisation.objects.associations()
            .filter(province__in=visible_provinces(request.user))
            .select_related("province"),
            pk=kwargs["unit_id"],
        )
        self.period = ReportingPeriod.with_previous(kwargs["year"], kwargs["quarter"])
        if self.period is None:
            raise Http404
        if not can(request.user, self.permission if request.method == "POST" else Action.VIEW, self.unit):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, *, sheet=None, status=200, **forms):
        """The report page; `forms` replaces the blank form of the same name (bound, with errors)."""
        user = self.request.user
        sheet = sheet or sheets.report_sheet(unit=self.unit, period=self.period)
        report, state = sheet.report, sheet.state
        if "form" not in forms and state.is_editable and can(user, Action.REPORT, self.unit):
            forms["form"] = ReportForm(sheet=sheet)
        submitted = report is not None and report.status == Report.Status.SUBMITTED
        decides = submitted and can(user, Action.DECIDE, self.unit)
        decision_refusal = selectors.decision_refusal(report=report, user=user) if decides else None
        if "decision_form" not in forms and decides and not decision_refusal:
            forms["decision_form"] = DecisionForm(initial={"version": report.version})
        closed_while_due = state.is_closed and state.awaits_reporter
        reopens = closed_while_due and can(user, Action.MANAGE, self.unit)
        if "reopen_form" not in forms and reopens:
            forms["reopen_form"] = ReopenForm()
        context = self.get_context_data(
            unit=self.unit,
            lock_reason=state.lock_reason_for(may_reopen=reopens),
            period=self.period,
            sheet=sheet,
            state=state,
            report=report,
            events=selectors.report_events(report=report),
            changes=selectors.report_value_changes(report=report),
            decision_refusal=decision_refusal,
            unsent_mail=selectors.unsent_notifications(report=report),
            shows_outbox=user.is_staff and can(user, Action.MANAGE, self.unit),
            **forms,
        )
        return self.render_to_response(context, status=status)

    def redirect_to_page(self):
        return redirect("reports:detail", self.unit.pk, self.period.year, self.period.quarter)


class ReportDetailView(ReportPageView):
    """Read the report; reporters of the unit enter, save and submit its figures here."""

    permission = Action.REPORT

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        sheet = sheets.report_sheet(unit=self.unit, period=self.period)
        submitting = request.POST.get("action") == "submit"
        form = ReportForm(request.POST, sheet=sheet, submitting=submitting)
        if sheet.state.unit_retired:
            return self.render_page(sheet=sheet, status=403)
        if not sheet.state.is_editable:
            return self.render_conflict(typed=form.typed(), reason=sheet.state.lock_reason)
        if not form.is_valid():
            return self.render_page(sheet=sheet, form=form)
        save = services.report_submit if submitting else services.report_save
        try:
            save(
                unit=self.unit,
                period=self.period,
                by=request.user,
                entries=form.entries(),
                loaded_version=form.cleaned_data["version"],
                sheet=sheet,
            )
        except services.ReportConflict:
            return self.render_conflict(typed=form.typed(), reason=None)
        except services.ReportLocked as locked:
            return self.render_conflict(typed=form.typed(), reason=locked.reason)
        messages.success(request, _("Đã gửi báo cáo để duyệt.") if submitting else _("Đã lưu nháp."))
        return self.redirect_to_page()

    def render_conflict(self, *, typed: dict[int, str], reason: str | None):
        """Nothing was saved: show what is saved now beside what this person typed, and keep their typing."""
        sheet = sheets.report_sheet(unit=self.unit, period=self.period)
        forms = {}
        if sheet.state.is_editable:
            data = self.request.POST.copy()
            data["version"] = sheet.report.version if sheet.report else 0
            forms["form"] = ReportForm(data, sheet=sheet)
        conflict = [(line, typed.get(line.figure.pk, "")) for line in sheet.lines]
        return self.render_page(sheet=sheet, status=409, conflict=conflict, conflict_reason=reason, **forms)


class ReportDecideView(ReportPageView):
    """An approver above the unit approves the submitted report, or returns it with a reason."""

    permission = Action.DECIDE

    def post(self, request, *args, **kwargs):
        report = get_object_or_404(self.unit.reports, period=self.period)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.render_page(decision_form=form)
        try:
            if form.cleaned_data["decision"] == DecisionForm.RETURN:
                services.report_return(
                    report=report,
                    by=request.user,
                    reason=form.cleaned_data["reason"].strip(),
                    loaded_version=form.cleaned_data["version"],
                )
                messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
            else:
                services.report_approve(report=report, by=request.user, loaded_version=form.cleaned_data["version"])
                messages.success(request, _("Đã duyệt báo cáo."))
        except services.ReportConflict:
            messages.warning(request, _("Báo cáo đã thay đổi trong lúc anh/chị xem. Hãy xem lại trước khi quyết định."))
        except services.ReportLocked:
            return self.render_page(status=403)
        return self.redirect_to_page()


class ReportReopenView(ReportPageView):
    """A program admin reopens a closed quarter for one unit, until a date."""

    permission = Action.MANAGE

    def post(self, request, *args, **kwargs):
        form = ReopenForm(request.POST)
        if not form.is_valid():
            return self.render_page(reopen_form=form)
        reopening = services.report_reopen(unit=self.unit, period=self.period, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Đã mở lại kỳ báo cáo cho đơn vị đến hết ngày %(until)s.") % {"until": format_date(reopening.until)},
        )
        return self.redirect_to_page()


class ReopenManyView(TemplateResponseMixin, ContextMixin, View):
    """A program admin reopens a closed quarter for many of their units at once, with one reason."""

    template_name = "reports/reopen_many.html"

    def dispatch(self, request, *args, **kwargs):
        self.period = get_object_or_404(ReportingPeriod, year=kwargs["year"], quarter=kwargs["quarter"])
        if not managed_provinces(request.user).exists():
            raise PermissionDenied
        self.states = selectors.closed_units(user=request.user, period=self.period)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(ReopenManyForm(states=self.states))

    def post(self, request, *args, **kwargs):
        form = ReopenManyForm(request.POST, states=self.states)
        if not form.is_valid():
            return self.render(form, status=400)
        chosen = set(form.cleaned_data["units"])
        units = [state.unit for state in self.states if state.unit.pk in chosen]
        services.reports_reopen(
            units=units,
            period=self.period,
            by=request.user,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            _("Đã mở lại %(period)s cho %(n)s đơn vị đến hết ngày %(until)s.")
            % {"period": self.period, "n": len(units), "until": format_date(form.cleaned_data["until"])},
        )
        return redirect("reports:list")

    def render(self, form, status=200):
        return self.render_to_response(
            self.get_context_data(period=self.period, states=self.states, form=form), status=status
        )
