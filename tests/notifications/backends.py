"""An email backend that always fails, as an SMTP server that hangs up would."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class UnreachableEmailBackend(BaseEmailBackend):
    """A mail server that refuses connections."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()


class ObservingEmailBackend(BaseEmailBackend):
    """Send nothing; call ``while_sending`` with each message, as the server is being talked to."""

    while_sending = None
    sent = []

    def send_messages(self, email_messages):
        for message in email_messages:
            type(self).while_sending(message)
            type(self).sent.append(message)
        return len(email_messages)
