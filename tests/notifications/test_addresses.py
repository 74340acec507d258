"""Which addresses a webhook may reach: checked at registration and again, resolved, at each send."""

import pytest

from notifications import addresses
from notifications.addresses import AddressRefused, check_url, pinned_address, refusal


@pytest.fixture
def strict(settings):
    """Production's rules: https only, no loopback."""
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_LOOPBACK = False


@pytest.fixture
def dns(monkeypatch):
    """A resolver of the test's own: each name resolves to the addresses the test gives it."""
    names = {}

    def resolve(host, port):
        if host not in names:
            raise OSError(f"Name or service not known: {host}")
        return names[host]

    monkeypatch.setattr(addresses, "resolve", resolve)
    return names


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # the clouds' metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "ff02::1",
        "::",
        "::ffff:10.0.0.1",  # an IPv4-mapped private address
        "::ffff:127.0.0.1",
        "2002:c0a8:0101::1",  # 6to4 around 192.168.1.1
        "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    ],
)
def test_refusal_names_private_link_local_multicast_and_reserved_addresses(strict, ip):
    assert refusal(ip) != ""


@pytest.mark.parametrize("ip", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_refusal_is_empty_for_public_addresses(strict, ip):
    assert refusal(ip) == ""


@pytest.mark.parametrize("ip", ["127.0.0.1", "127.8.9.10", "::1"])
def test_loopback_is_refused_unless_the_setting_allows_it(strict, settings, ip):
    refused = refusal(ip)
    settings.WEBHOOK_ALLOW_LOOPBACK = True

    assert (refused, refusal(ip)) == ("the loopback", "")


def test_the_loopback_setting_allows_no_private_address(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True

    assert refusal("192.168.0.10") == "a private address"


def test_plain_http_is_refused_unless_the_setting_allows_it(strict, settings, dns):
    dns["hooks.example.org"] = ["93.184.215.14"]
    with pytest.raises(AddressRefused, match="Only https"):
        check_url("http://hooks.example.org/in")
    settings.WEBHOOK_ALLOW_HTTP = True

    assert check_url("http://hooks.example.org/in").port == 80


@pytest.mark.parametrize(
    "url",
    ["https://10.1.2.3/hook", "https://[fd00::5]/hook", "https://[::ffff:192.168.0.1]:8443/", "https://localhost/"],
)
def test_registration_refuses_a_private_or_loopback_address(strict, url):
    with pytest.raises(AddressRefused, match="which webhooks may not reach"):
        check_url(url)


def test_registration_refuses_a_name_that_resolves_to_a_private_address(strict, dns):
    dns["intranet.example.org"] = ["93.184.215.14", "10.0.0.8"]

    with pytest.raises(AddressRefused, match="10.0.0.8"):
        check_url("https://intranet.example.org/hook")


def test_registration_accepts_a_name_not_resolvable_yet(strict, dns):
    assert check_url("https://later.example.org/hook").host == "later.example.org"


def test_registration_refuses_credentials_in_the_address(strict):
    with pytest.raises(AddressRefused, match="user name or a password"):
        check_url("https://user:secret@93.184.215.14/hook")


def test_the_send_resolves_again_and_refuses_a_name_moved_to_a_private_address(strict, dns):
    """DNS rebinding: public at registration, private at the send."""
    dns["rebind.example.org"] = ["93.184.215.14"]
    check_url("https://rebind.example.org/hook")
    dns["rebind.example.org"] = ["169.254.169.254"]

    with pytest.raises(AddressRefused, match="link-local"):
        pinned_address("https://rebind.example.org/hook")


def test_the_send_pins_the_address_it_checked(strict, dns):
    dns["hooks.example.org"] = ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", "93.184.215.14"]

    target = pinned_address("https://hooks.example.org:8443/hook")

    assert (target.host, target.port, target.ip) == (
        "hooks.example.org",
        8443,
        "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
    )


def test_the_send_refuses_a_name_that_does_not_resolve(strict, dns):
    with pytest.raises(AddressRefused, match="could not be resolved"):
        pinned_address("https://gone.example.org/hook")
