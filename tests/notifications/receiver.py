"""A real webhook receiver: an HTTP server on the loopback, in a thread, that verifies every signature.

It checks each request with ``standardwebhooks.Webhook(secret).verify`` as a partner's system would, records
what came, and answers with ``status`` after ``delay`` seconds. Before answering it looks whether the sender is
still there: a request whose sender died meanwhile (a worker killed mid-send) got no answer, so only the
answers a live sender received count as delivered.
"""

import select
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    webhook_id: str
    headers: dict
    body: bytes
    payload: object = None
    verified: bool = False
    answered: int | None = None  # the status sent back, None when the sender had gone


class Receiver:
    def __init__(self, secret=""):
        self.secret = secret
        self.status = 200
        self.delay = 0.0
        self.location = ""
        self.received = []
        self.lock = threading.Lock()
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                entry = Received(self.headers.get("webhook-id", ""), dict(self.headers.items()), body)
                try:
                    entry.payload = Webhook(receiver.secret).verify(body, entry.headers)
                    entry.verified = True
                except WebhookVerificationError:
                    entry.verified = False
                with receiver.lock:
                    receiver.received.append(entry)
                if receiver.delay:
                    time.sleep(receiver.delay)
                if _sender_gone(self.connection):
                    return
                # Recorded before the first byte goes out: the sender may return as soon as it has the status line,
                # before this thread would get past the write.
                entry.answered = receiver.status
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(b"<b>received</b> " + entry.webhook_id.encode())

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def delivered(self):
        """Return how many times each ``webhook-id`` was answered with a 2xx to a sender still there."""
        with self.lock:
            return Counter(
                entry.webhook_id for entry in self.received if entry.answered and 200 <= entry.answered < 300
            )

    def ids(self):
        with self.lock:
            return Counter(entry.webhook_id for entry in self.received)


def _sender_gone(connection):
    """Tell whether the peer closed the connection: readable with nothing to read means an end of file."""
    readable, _writable, _errors = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True
