from django.urls import path

from reports.dashboards.base import DashboardIndexView
from reports.dashboards.comparison import ComparisonView
from reports.dashboards.completeness import CompletenessView
from reports.dashboards.document import DocumentView, LetterheadView, PrintView
from reports.dashboards.progress import DashboardView
from reports.dashboards.trend import TrendView
from reports.dashboards.units import UnitBreakdownView
from reports.task_progress import TaskProgressEditView, TaskProgressView

app_name = "dashboards"
urlpatterns = [
    path("", DashboardIndexView.as_view(), name="index"),
    path("so-sanh/", ComparisonView.as_view(), name="compare"),
    path("<slug:slug>/", DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/in/", PrintView.as_view(), name="print"),
    path("<slug:slug>/don-vi/", UnitBreakdownView.as_view(), name="units"),
    path("<slug:slug>/dien-bien/", TrendView.as_view(), name="trend"),
    path("<slug:slug>/bao-cao-gui/", CompletenessView.as_view(), name="completeness"),
    path("<slug:slug>/bao-cao/", DocumentView.as_view(), name="document"),
    path("<slug:slug>/bao-cao/the-thuc/", LetterheadView.as_view(), name="letterhead"),
    path("<slug:slug>/nhiem-vu/", TaskProgressView.as_view(), name="tasks"),
    path(
        "<slug:slug>/nhiem-vu/<int:assignment_id>/<int:year>/<int:quarter>/",
        TaskProgressEditView.as_view(),
        name="task_edit",
    ),
]
