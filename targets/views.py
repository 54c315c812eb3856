"""Dashboards: parse the request, ask the selectors, render the tables or export them."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from nongdan.numbers import ROMAN_QUARTERS, format_quarter
from nongdan.query import ascii_int
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


def dashboard_filters(query, *, years, target_ids=frozenset()) -> dict:
    """What the address asks for. A value that is not one of the choices is ignored: the default applies."""
    year, quarter = ascii_int(query.get("year")), ascii_int(query.get("quarter"))
    target = ascii_int(query.get("target"))
    return {
        "year": year if year in years else None,
        "quarter": quarter if quarter in ROMAN_QUARTERS else None,
        "include_submitted": query.get("counted") == "submitted",
        "unit": ascii_int(query.get("unit")),
        "target": target if target in target_ids else None,
    }


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
        data = dashboard_filters(
            self.request.GET, years=program.years, target_ids={t.pk for t in program.targets.all()}
        )
        self.scope = scope = selectors.dashboard_scope(
            user=self.request.user,
            program=program,
            unit_id=data["unit"],
            year=data["year"],
            quarter=data["quarter"],
            include_submitted=data["include_submitted"],
        )
        form = DashboardFilterForm(
            initial={
                "year": scope.year,
                "quarter": scope.quarter,
                "counted": "submitted" if scope.include_submitted else "approved",
                "unit": scope.unit.pk,
                "target": data["target"],
            },
            years=program.years,
        )
        page = self.build(scope, data)
        query = scope.query(target=data["target"])
        return super().get_context_data(
            program=program,
            scope=scope,
            form=form,
            ancestors=[
                (u, self.unit_url(u)) for u in selectors.unit_ancestors(user=self.request.user, unit=scope.unit)
            ],
            query=query,
            counted_query={
                "approved": scope.query(counted="approved", target=data["target"]),
                "submitted": scope.query(counted="submitted", target=data["target"]),
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
        target = next((t for t in targets if t.pk == data["target"]), targets[0])
        trend = selectors.target_trend(scope=scope, target=target)
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
        data = dashboard_filters(self.request.GET, years=years)
        include_submitted = data["include_submitted"]
        period = selectors.comparison_period(
            user=user, year=data["year"], quarter=data["quarter"], include_submitted=include_submitted
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
