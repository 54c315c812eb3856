"""Entry templates to download; uploads, their dry run and their confirmation.

Who may do what is the report pages' rule (organisations.permissions): a unit's template is for
anyone who may read the unit; uploading needs the right to report (board viewers get a 403), and a
unit outside the person's provinces is a 404. An upload is only ever seen by the person who made it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from organisations.permissions import Action, can, units_for
from reports import sheets
from reports.excel import selectors, services
from reports.excel.forms import XLSX_TYPE, CheckOptionsForm, UploadForm
from reports.excel.workbooks import template_filename, unit_workbook, units_workbook
from reports.services import ReportConflict, ReportLocked
from reports.views import ReportPageView


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UnitTemplateView(ReportPageView):
    """The unit's template for the quarter: a row per figure of its entry form."""

    permission = Action.REPORT
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        sheet = sheets.report_sheet(unit=self.unit, period=self.period)
        return _xlsx(
            unit_workbook(sheet=sheet, made_by=request.user),
            template_filename(unit=self.unit, period=self.period, below=False),
        )


class UnitsTemplateView(ReportPageView):
    """The template of every unit below this one for the quarter: a row per unit, a column per figure."""

    permission = Action.REPORT
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        units = selectors.units_below(unit=self.unit)
        if not units:
            raise Http404
        by_unit = sheets.report_sheets(units=units, period=self.period)
        return _xlsx(
            units_workbook(
                root=self.unit, period=self.period, sheets=[by_unit[u.pk] for u in units], made_by=request.user
            ),
            template_filename(unit=self.unit, period=self.period, below=True),
        )


class UploadMixin:
    """Shows the upload form and keeps a valid upload, then sends the person to its dry run."""

    template_name = "reports/excel/upload.html"
    unit = period = None

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=UploadForm()))

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        file = form.cleaned_data["file"]
        upload = services.upload_store(
            owner=request.user, file_name=file.name, content=file.read(), unit=self.unit, period=self.period
        )
        return redirect("reports:import-check", upload.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, period=self.period, **kwargs)


class UnitImportView(UploadMixin, ReportPageView):
    """Upload from a report page: the file must be that unit's, for that quarter."""

    permission = Action.REPORT

    def get(self, request, *args, **kwargs):
        if not can(request.user, Action.REPORT, self.unit):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)


class ImportView(UploadMixin, TemplateView):
    """Upload from the report list: a unit's file or a file of many units, for anyone who reports."""

    def dispatch(self, request, *args, **kwargs):
        if not units_for(request.user, Action.REPORT).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportCheckView(TemplateView):
    """The dry run (GET, with its options) and the confirmation (POST, checked again before saving)."""

    template_name = "reports/excel/check.html"

    def dispatch(self, request, *args, **kwargs):
        self.upload = get_object_or_404(
            services.live_uploads(owner=request.user).select_related("unit", "period"), pk=kwargs["upload_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def _check(self, data):
        options = CheckOptionsForm(data)
        check = selectors.import_check(upload=self.upload, user=self.request.user, **options.options())
        return options, check

    def get(self, request, *args, **kwargs):
        options, check = self._check(request.GET)
        return self.render_page(options=options, check=check)

    def post(self, request, *args, **kwargs):
        options, check = self._check(request.POST)
        if not check.can_confirm:
            return self.render_page(options=options, check=check, status=409)
        try:
            reports = services.upload_confirm(check=check, by=request.user)
        except ReportConflict as conflict:
            unit = conflict.current.unit.name if conflict.current else _("một đơn vị")
            error = _("Báo cáo của %(unit)s vừa được người khác lưu: chưa có gì được lưu. Hãy kiểm tra lại.") % {
                "unit": unit
            }
            return self.render_page(options=options, check=check, status=409, error=error)
        except ReportLocked as locked:
            error = f"{locked.unit}: {locked.reason}" if locked.unit else locked.reason
            return self.render_page(options=options, check=check, status=409, error=error)
        done = (
            _("Đã lưu và gửi %(n)s báo cáo từ tệp %(name)s.")
            if check.submitting
            else _("Đã lưu nháp %(n)s báo cáo từ tệp %(name)s.")
        )
        messages.success(request, done % {"n": len(reports), "name": self.upload.file_name})
        if check.is_single_unit:
            return redirect("reports:detail", reports[0].unit_id, check.period.year, check.period.quarter)
        return redirect(f"{reverse('reports:list')}?year={check.period.year}")

    def render_page(self, *, status=200, **context):
        return self.render_to_response(
            self.get_context_data(upload=self.upload, upload_form=UploadForm(), **context), status=status
        )
