from django.urls import path

from reports import views
from reports.excel import views as excel

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:unit_id>/<int:year>/<int:quarter>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:unit_id>/<int:year>/<int:quarter>/decide/", views.ReportDecideView.as_view(), name="decide"),
    path("<int:unit_id>/<int:year>/<int:quarter>/reopen/", views.ReportReopenView.as_view(), name="reopen"),
    path("<int:unit_id>/<int:year>/<int:quarter>/excel/", excel.UnitTemplateView.as_view(), name="excel-unit"),
    path("<int:unit_id>/<int:year>/<int:quarter>/excel/units/", excel.UnitsTemplateView.as_view(), name="excel-units"),
    path("<int:unit_id>/<int:year>/<int:quarter>/import/", excel.UnitImportView.as_view(), name="import-unit"),
    path("<int:year>/<int:quarter>/mo-lai/", views.ReopenManyView.as_view(), name="reopen-many"),
    path("import/", excel.ImportView.as_view(), name="import"),
    path("import/<uuid:upload_id>/", excel.ImportCheckView.as_view(), name="import-check"),
]
