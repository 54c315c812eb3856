from django.urls import path

from reports.dashboards.base import DashboardIndexView
from reports.dashboards.comparison import ComparisonView
from reports.dashboards.completeness import CompletenessView
from reports.dashboards.progress import DashboardView, PrintView
from reports.dashboards.trend import TrendView
from reports.dashboards.units import UnitBreakdownView

app_name = "dashboards"
urlpatterns = [
    path("", DashboardIndexView.as_view(), name="index"),
    path("so-sanh/", ComparisonView.as_view(), name="compare"),
    path("<slug:slug>/", DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/in/", PrintView.as_view(), name="print"),
    path("<slug:slug>/don-vi/", UnitBreakdownView.as_view(), name="units"),
    path("<slug:slug>/dien-bien/", TrendView.as_view(), name="trend"),
    path("<slug:slug>/bao-cao-gui/", CompletenessView.as_view(), name="completeness"),
]
