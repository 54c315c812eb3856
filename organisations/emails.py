"""The mail a new person gets: a link to choose their own password (Django's password reset token).

Mail is best effort: a failure is logged and never undoes or breaks what was saved; the person can
still ask for a link from "Quên mật khẩu?" on the login page.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _message(user) -> EmailMessage:
    context = {"user": user, "link": password_link(user), "site_url": settings.SITE_URL}
    return EmailMessage(
        subject=_("Tài khoản theo dõi Nghị quyết 46-NQ/TW: đặt mật khẩu"),
        body=render_to_string("organisations/email/welcome.txt", context),
        to=[user.email],
    )


def welcome_send(*, users) -> int:
    """Send each user the link to set their password, in Vietnamese. Returns how many were sent."""
    users = [user for user in users if user.email]
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        try:
            connection = get_connection()
            connection.open()
        except Exception:
            logger.exception("Không mở được kết nối gửi thư: %d thư đặt mật khẩu chưa gửi", len(users))
            return 0
        try:
            for user in users:
                try:
                    sent += connection.send_messages([_message(user)]) or 0
                except Exception:
                    logger.exception("Không gửi được thư đặt mật khẩu cho người dùng %s", user.pk)
        finally:
            connection.close()
    return sent
