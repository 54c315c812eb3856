from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:unit_id>/<int:year>/<int:quarter>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:unit_id>/<int:year>/<int:quarter>/decide/", views.ReportDecideView.as_view(), name="decide"),
    path("<int:unit_id>/<int:year>/<int:quarter>/reopen/", views.ReportReopenView.as_view(), name="reopen"),
]
