"""Which addresses a webhook may reach, so that an endpoint cannot turn Tremplin against its own network (SSRF).

An endpoint's address is checked when it is registered (a clear message in the form) and again at each send,
after resolving its name: a name that resolved to a public address at registration may point at the loopback
or the private network later (DNS rebinding). The send then connects to the very address checked here
(``pinned_address``), never resolving the name a second time.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """The address may not be reached; ``str()`` says why, translated."""


@dataclass(frozen=True)
class Target:
    """Where a webhook goes: the URL's scheme, name and port, and the address checked for that name."""

    scheme: str
    host: str
    port: int
    ip: str = ""


def parse(url):
    """Return the ``Target`` of a URL without resolving it; refuse a scheme or a form of URL webhooks do not use."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(_("This address is not a valid URL.")) from exc
    allowed = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise AddressRefused(_("Only https addresses are accepted."))
    if not parts.hostname:
        raise AddressRefused(_("This address has no host name."))
    if parts.username or parts.password:
        raise AddressRefused(_("An address with a user name or a password is not accepted."))
    return Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80))


def refusal(ip):
    """Return why an IP address may not be reached, or ``""`` if it may."""
    address = ipaddress.ip_address(ip)
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return refusal(str(embedded))
    if address.is_loopback:
        return "" if settings.WEBHOOK_ALLOW_LOOPBACK else _("the loopback")
    if address.is_link_local:
        return _("a link-local address")
    if address.is_multicast:
        return _("a multicast address")
    if address.is_private or address.is_unspecified:
        return _("a private address")
    if address.is_reserved or not address.is_global:
        return _("a reserved address")
    return ""


def _embedded_ipv4(address):
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo's client, NAT64), which is what it reaches."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def resolve(host, port):
    """Return the IP addresses of a name (an IP literal is its own), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _check_all(host, ips):
    for ip in ips:
        reason = refusal(ip)
        if reason:
            raise AddressRefused(
                _("%(host)s leads to %(what)s (%(ip)s), which webhooks may not reach.")
                % {"host": host, "what": reason, "ip": ip}
            )


def check_url(url):
    """Refuse a URL an endpoint may not have, at registration.

    An IP literal is checked as it is; a name is resolved and every address it has now is checked. A name that
    does not resolve yet is accepted: the send resolves and checks it again anyway.
    """
    target = parse(url)
    try:
        ips = resolve(target.host, target.port)
    except (OSError, UnicodeError):
        return target
    _check_all(target.host, ips)
    return target


def pinned_address(url):
    """Resolve the URL's name now and return its ``Target`` with the address to connect to.

    Every address of the name must be allowed: a name that mixes a public and a private address is refused
    whole, rather than hoping the public one is picked.
    """
    target = parse(url)
    try:
        ips = resolve(target.host, target.port)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(_("%(host)s could not be resolved.") % {"host": target.host}) from exc
    if not ips:
        raise AddressRefused(_("%(host)s could not be resolved.") % {"host": target.host})
    _check_all(target.host, ips)
    return Target(target.scheme, target.host, target.port, ips[0])
