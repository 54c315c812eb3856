"""Dashboards: parse the request, ask the selectors, render the tables or export them."""

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from nongdan.numbers import ROMAN_QUARTERS, format_quarter
from programs.selectors import program_list
from targets import selectors
from targets.exports import EXPORTERS

SELECT = {"class": "form-select form-select-sm"}


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, widget=forms.Select(attrs=SELECT))
    quarter = forms.TypedChoiceField(
        label=_("Tính đến hết"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    counted = forms.ChoiceField(
        label=_("Báo cáo được tính"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        choices=[("approved", _("Chỉ báo cáo đã duyệt")), ("submitted", _("Đã duyệt và đã gửi chờ duyệt"))],
    )
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    target = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        # Built per request, in the reader's language (a lazy string formatted at import would not be).
        self.fields["quarter"].choices = [
            (q, gettext("Quý %(q)s") % {"q": roman}) for q, roman in ROMAN_QUARTERS.items()
        ]


class ExportableView(TemplateView):
    """A page whose `tables` also download as CSV or XLSX (`?format=csv|xlsx`), from the same rows."""

    export_name = "bao-cao"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        export = EXPORTERS.get(request.GET.get("format", ""))
        if export:
            return export(tables=context["tables"], name=context["export_name"])
        return self.render_to_response(context)


class ScopedView(ExportableView):
    """A page about one program, from one unit, for one year as of one quarter."""

    def get_context_data(self, **kwargs):
        program = selectors.dashboard_program_get(user=self.request.user, slug=kwargs["slug"])
        form = DashboardFilterForm(self.request.GET or None, years=program.years)
        if form.is_bound and not form.is_valid():
            raise Http404
        data = form.cleaned_data if form.is_bound else {}
        self.scope = scope = selectors.dashboard_scope(
            user=self.request.user,
            program=program,
            unit_id=data.get("unit"),
            year=data.get("year"),
            quarter=data.get("quarter"),
            include_submitted=data.get("counted") == "submitted",
        )
        form = DashboardFilterForm(
            initial={
                "year": scope.year,
                "quarter": scope.quarter,
                "counted": "submitted" if scope.include_submitted else "approved",
                "unit": scope.unit.pk,
                "target": data.get("target"),
            },
            years=program.years,
        )
        page = self.build(scope, data)
        query = scope.query(target=data.get("target"))
        return super().get_context_data(
            program=program,
            scope=scope,
            form=form,
            ancestors=[
                (u, self.unit_url(u)) for u in selectors.unit_ancestors(user=self.request.user, unit=scope.unit)
            ],
            query=query,
            counted_query={
                "approved": scope.query(counted="approved", target=data.get("target")),
                "submitted": scope.query(counted="submitted", target=data.get("target")),
            },
            export_name=f"{program.slug}-{self.export_name}-{scope.year}-q{scope.quarter}",
            **page,
            **kwargs,
        )

    def build(self, scope, data) -> dict:
        raise NotImplementedError

    def unit_url(self, unit) -> str:
        return f"{reverse('targets:dashboard', args=[self.scope.program.slug])}?{self.scope.query(unit=unit.pk)}"


class DashboardView(ScopedView):
    template_name = "targets/dashboard.html"
    export_name = "ket-qua"

    def build(self, scope, data):
        dashboard = selectors.program_dashboard(scope=scope)
        tables = [dashboard.table, *([dashboard.baselines] if dashboard.baselines else [])]
        return {"dashboard": dashboard, "tables": tables, "tab": "dashboard"}


class PrintView(DashboardView):
    template_name = "targets/print.html"

    def build(self, scope, data):
        return {**super().build(scope, data), "today": timezone.localdate()}


class UnitBreakdownView(ScopedView):
    template_name = "targets/units.html"
    export_name = "theo-don-vi"

    def build(self, scope, data):
        table = selectors.unit_breakdown(scope=scope, unit_url=self.unit_url)
        return {"table": table, "tables": [table], "tab": "units"}


class TrendView(ScopedView):
    template_name = "targets/trend.html"
    export_name = "dien-bien"

    def build(self, scope, data):
        targets = list(scope.program.targets.all())
        if not targets:
            return {"targets": [], "tables": [], "tab": "trend"}
        target = next((t for t in targets if t.pk == data.get("target")), None)
        if data.get("target") and target is None:
            raise Http404
        trend = selectors.target_trend(scope=scope, target=target or targets[0])
        return {"targets": targets, "trend": trend, "tables": [trend.table], "tab": "trend"}


class CompletenessView(ScopedView):
    template_name = "targets/completeness.html"
    export_name = "tinh-hinh-gui-bao-cao"

    def build(self, scope, data):
        matrix, summary = selectors.completeness(scope=scope, unit_url=self.unit_url)
        return {"matrix": matrix, "summary": summary, "tables": [summary, matrix], "tab": "completeness"}


class ComparisonView(ExportableView):
    template_name = "targets/compare.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        years = selectors.comparison_years(user=user)
        form = DashboardFilterForm(self.request.GET or None, years=years)
        if form.is_bound and not form.is_valid():
            raise Http404
        data = form.cleaned_data if form.is_bound else {}
        include_submitted = data.get("counted") == "submitted"
        period = selectors.comparison_period(
            user=user, year=data.get("year"), quarter=data.get("quarter"), include_submitted=include_submitted
        )
        if period is None:
            return super().get_context_data(table=None, tables=[], export_name="so-sanh", **kwargs)
        year, quarter = period
        table = selectors.program_comparison(user=user, year=year, quarter=quarter, include_submitted=include_submitted)
        counted = "submitted" if include_submitted else "approved"
        return super().get_context_data(
            form=DashboardFilterForm(initial={"year": year, "quarter": quarter, "counted": counted}, years=years),
            table=table,
            tables=[table],
            period_label=format_quarter(year, quarter),
            query=f"year={year}&quarter={quarter}&counted={counted}",
            export_name=f"so-sanh-{year}-q{quarter}",
            **kwargs,
        )


class DashboardIndexView(TemplateView):
    template_name = "targets/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(programs=program_list(user=self.request.user), **kwargs)
