"""Mail servers having a bad day, for tests. The mail server is an outside system, not our code."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED_ADDRESS = "da-nghi-viec@hoind.vn"


class DownEmailBackend(BaseEmailBackend):
    """The server does not answer at all."""

    def open(self):
        raise smtplib.SMTPConnectError(421, "Service not available")

    def send_messages(self, email_messages):
        self.open()


class RefusingEmailBackend(LocmemBackend):
    """Delivers to django.core.mail.outbox, except to REFUSED_ADDRESS, which the server rejects."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED_ADDRESS in message.recipients():
                raise smtplib.SMTPRecipientsRefused({REFUSED_ADDRESS: (550, b"No such user")})
        return super().send_messages(messages)
