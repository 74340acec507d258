"""The SMTP backend of the outbox: a short timeout to reach the server, a long one for its answers.

Django's SMTP backend has one timeout for everything. Reaching the server (connection, greeting, TLS, login)
is bounded by ``EMAIL_CONNECT_TIMEOUT``: a server that is down is given up quickly and the email waits for its
next try. Once connected, every answer, the one after the message's DATA included, is awaited up to
``EMAIL_TIMEOUT``: a client that gives up before a slow server answers "250 accepted" sends the email again at
the next try, and the recipient gets it twice.
"""

from django.conf import settings
from django.core.mail.backends import smtp


class EmailBackend(smtp.EmailBackend):
    def open(self):
        answer_timeout, self.timeout = self.timeout, settings.EMAIL_CONNECT_TIMEOUT
        try:
            opened = super().open()
        finally:
            self.timeout = answer_timeout
        if opened and self.connection.sock is not None:
            self.connection.sock.settimeout(answer_timeout)
        return opened
