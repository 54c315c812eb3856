"""Choosing a password from a link by email: for new people (organisations.emails) and for anyone
who forgot theirs. Django's views, with the names Django expects (no namespace)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from organisations.forms import PasswordResetForm

urlpatterns = [
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm, extra_email_context={"site_url": settings.SITE_URL}
        ),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
