from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<slug:province>/", views.TreeView.as_view(), name="tree"),
    path("<slug:province>/them/", views.UnitCreateView.as_view(), name="unit_create"),
    path("<slug:province>/<int:unit_id>/", views.UnitEditView.as_view(), name="unit_edit"),
    path("<slug:province>/<int:unit_id>/ngung-hoat-dong/", views.UnitRetireView.as_view(), name="unit_retire"),
    path("<slug:province>/nguoi-dung/", views.PeopleView.as_view(), name="people"),
    path("<slug:province>/nguoi-dung/them/", views.PersonCreateView.as_view(), name="person_create"),
    path("<slug:province>/nguoi-dung/<int:user_id>/", views.PersonView.as_view(), name="person"),
    path("<slug:province>/nguoi-dung/<int:user_id>/vai-tro/", views.RoleAddView.as_view(), name="role_add"),
    path(
        "<slug:province>/nguoi-dung/<int:user_id>/vai-tro/<int:membership_id>/bo/",
        views.RoleRemoveView.as_view(),
        name="role_remove",
    ),
    path(
        "<slug:province>/nguoi-dung/<int:user_id>/ngung/",
        views.PersonDeactivateView.as_view(),
        name="person_deactivate",
    ),
    path("<slug:province>/tep-excel/", views.WorkbookView.as_view(), name="workbook"),
    path("<slug:province>/nhap-tu-excel/", views.ImportUploadView.as_view(), name="import_upload"),
    path("<slug:province>/nhap-tu-excel/<int:import_id>/", views.ImportReviewView.as_view(), name="import_review"),
]
