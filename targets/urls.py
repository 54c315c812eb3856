from django.urls import path

from targets import views

# The program pages: named after what they show, served by this app (they show the targets too).
app_name = "programs"
urlpatterns = [
    path("", views.ProgramListView.as_view(), name="list"),
    path("<slug:slug>/", views.ProgramDetailView.as_view(), name="detail"),
    path("<slug:slug>/giao-chi-tieu/<int:year>/<int:unit_id>/", views.AllocationView.as_view(), name="allocation"),
    path(
        "<slug:slug>/giao-chi-tieu/<int:year>/<int:unit_id>/excel/",
        views.AllocationExcelView.as_view(),
        name="allocation-excel",
    ),
]
