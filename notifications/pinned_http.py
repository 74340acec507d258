"""One HTTP POST to an address already checked, for the webhooks.

The standard library's ``http.client``: it follows no redirect (a 3xx is an answer like any other, so an
endpoint cannot bounce the request to an address nobody checked), and its connection can be opened to the
pinned address while the ``Host`` header and TLS (SNI and the certificate check) use the URL's name.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

# The start of an answer kept for the delivery log; the rest is never read.
EXCERPT_BYTES = 1024


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str
    duration_ms: int


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, ip, connect_timeout, read_timeout):
        super().__init__(host, port, timeout=read_timeout)
        self.ip, self.connect_timeout, self.read_timeout = ip, connect_timeout, read_timeout

    def connect(self):
        self.sock = socket.create_connection((self.ip, self.port), self.connect_timeout)
        self.sock.settimeout(self.read_timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        super().connect()
        # The certificate is checked against the name of the URL, not against the address connected to.
        self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


def post(url, *, ip, body, headers, connect_timeout, read_timeout):
    """POST ``body`` to ``url`` through the address ``ip``; return the ``Answer``. Network errors raise ``OSError``
    or ``http.client.HTTPException``."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname, parts.port, ip=ip, connect_timeout=connect_timeout, read_timeout=read_timeout)
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", errors="replace")
        return Answer(response.status, excerpt, round((time.monotonic() - started) * 1000))
    finally:
        connection.close()
