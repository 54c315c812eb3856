from django.urls import path

from targets import views

app_name = "targets"
urlpatterns = [
    path("", views.DashboardIndexView.as_view(), name="index"),
    path("so-sanh/", views.ComparisonView.as_view(), name="compare"),
    path("<slug:slug>/", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/in/", views.PrintView.as_view(), name="print"),
    path("<slug:slug>/don-vi/", views.UnitBreakdownView.as_view(), name="units"),
    path("<slug:slug>/dien-bien/", views.TrendView.as_view(), name="trend"),
    path("<slug:slug>/bao-cao-gui/", views.CompletenessView.as_view(), name="completeness"),
]
