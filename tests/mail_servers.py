"""Mail servers that misbehave, for EMAIL_BACKEND in tests (`settings.EMAIL_BACKEND = REFUSING`)."""

import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSING = "tests.mail_servers.RefusingBackend"
SLOW = "tests.mail_servers.SlowBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that takes the connection and then refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (451, b"4.3.0 Try again later")})


class SlowBackend(LocmemBackend):
    """A mail server that takes a moment: long enough for a second sender to arrive."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)
