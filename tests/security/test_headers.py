"""Every page is served with the protective headers, and none carries inline script or style."""

import re

import pytest
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=|<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def pages(study):
    return [
        ("login", []),
        ("home", []),
        ("projects:project-list", []),
        ("projects:project-create", []),
        ("projects:study-edit", [study.pk]),
        ("projects:financing-plan", [study.pk]),
        ("projects:attachments", [study.pk]),
        ("workflow:study-detail", [study.pk]),
        ("notifications:inbox", []),
        ("password_reset", []),
    ]


@pytest.mark.django_db
def test_pages_have_no_inline_script_style_or_handler(client, study, holder):
    client.force_login(holder)
    offending = []
    for name, args in pages(study):
        html = client.get(reverse(name, args=args)).content.decode()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
            offending += [(name, match) for match in pattern.findall(html)]

    assert offending == []


@pytest.mark.django_db
def test_security_headers(client, holder):
    client.force_login(holder)

    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy.split("; ")
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy.split("; ")
    assert (response["X-Frame-Options"], response["X-Content-Type-Options"], response["Referrer-Policy"]) == (
        "DENY",
        "nosniff",
        "same-origin",
    )
    assert len(response["X-Request-ID"]) == 32
