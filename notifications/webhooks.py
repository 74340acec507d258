"""Webhooks in the outbox: written with the change they announce, signed and posted when the outbox sends them.

``write_webhooks`` runs where ``notify`` does, inside the transaction of the event: one ``Delivery`` of the
channel ``webhook`` per endpoint that chose the event's kind and whose owner the routing lets hear of it. The
outbox claims it like an email (``services.send_delivery``), then ``post_webhook`` signs it by the Standard
Webhooks specification and posts it to the address checked again at that moment, leaving a ``WebhookAttempt``.

The body is a JSON object, stable across versions (keys are only ever added)::

    {"type": "<event kind>", "timestamp": "<ISO 8601, when the event happened>",
     "data": {"study": id|null, "project": id|null, "region": "<INSEE code>"|null, "session": id|null,
              "report": id|null, "state": "<study state>"|null,
              "urls": {"page": "<the page of what it is about>"|null, "api": "<its API resource>"|null}}}
"""

import base64
import json
import secrets
from datetime import timedelta
from http.client import HTTPException

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook

from notifications import addresses, pinned_http
from notifications.enums import WEBHOOK_TEST_TYPE, Channel
from notifications.models import Delivery, WebhookAttempt, WebhookEndpoint
from notifications.routing import site_url, webhook_audience

USER_AGENT = "Tremplin-Webhooks/1"
# What the delivery log keeps of an answer: enough to read an error message.
EXCERPT_CHARACTERS = 1000


def new_secret():
    """Return a new signing secret in the Standard Webhooks form: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def write_webhooks(events, *, now=None):
    """Write one webhook delivery per endpoint that hears of each event; return their ids.

    Call it inside the transaction of the change, as ``notify``; wake the outbox up on commit.
    """
    now = now or timezone.now()
    delivery_ids = []
    for event in events:
        endpoints = WebhookEndpoint.objects.filter(is_active=True, owner__in=webhook_audience(event).values("pk"))
        # Few endpoints exist, and a JSON list has no portable "contains" lookup: the kinds are read here.
        chosen = [endpoint for endpoint in endpoints if event.kind in endpoint.kinds]
        if chosen:
            body = payload(event.kind, data=event_data(event), timestamp=now)
            # One statement whatever the number of endpoints: the transition waits for it.
            written = Delivery.objects.bulk_create([_webhook(endpoint, body, now=now) for endpoint in chosen])
            delivery_ids += [delivery.pk for delivery in written]
    return delivery_ids


def write_webhook(endpoint, body, *, now=None):
    """Write one webhook into the outbox, due at once; return its ``Delivery``."""
    delivery = _webhook(endpoint, body, now=now or timezone.now())
    delivery.save()
    return delivery


def _webhook(endpoint, body, *, now):
    return Delivery(channel=Channel.WEBHOOK, endpoint=endpoint, context=body, language="", created_at=now, due_at=now)


def payload(kind, *, data, timestamp):
    """Return the JSON body of a webhook (see the module's docstring)."""
    return {"type": str(kind), "timestamp": timestamp.isoformat(), "data": data}


def event_data(event):
    """Return the ``data`` of an event's webhook: ids, the study's state, and where to read more."""
    study, session, report = event.study, event.session, event.report
    project = event.project or (study.project if study is not None else None)
    target = event.target
    api = None
    if study is not None:
        api = reverse("api:study-detail", args=[study.pk])
    elif session is not None:
        api = reverse("api:session-detail", args=[session.pk])
    elif project is not None:
        api = reverse("api:project-detail", args=[project.pk])
    page = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else None
    return {
        "study": study.pk if study is not None else None,
        "project": project.pk if project is not None else None,
        "region": event.region.code if event.region is not None else None,
        "session": session.pk if session is not None else None,
        "report": report.pk if report is not None else None,
        "state": study.state if study is not None else None,
        "urls": {"page": site_url(page) if page else None, "api": site_url(api) if api else None},
    }


def payload_of_test_event(endpoint, *, now):
    """Return the body of the test event an owner sends to check an endpoint."""
    data = {
        "endpoint": endpoint.pk,
        "urls": {"page": site_url(endpoint.get_absolute_url()), "api": None},
    }
    return payload(WEBHOOK_TEST_TYPE, data=data, timestamp=now)


def body_bytes(delivery):
    """Return the bytes posted and signed: the same at every try of the delivery."""
    return json.dumps(delivery.context, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(endpoint, *, msg_id, timestamp, body, now):
    """Return the ``webhook-signature`` header: signed with the secret, and with the previous one while it lasts.

    Standard Webhooks lets a header carry several signatures separated by spaces; a receiver accepts the
    message when one matches, so it can move to a rotated secret at its own pace.
    """
    keys = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        keys.append(endpoint.previous_secret)
    return " ".join(Webhook(key).sign(msg_id=msg_id, timestamp=timestamp, data=body) for key in keys)


def post_webhook(delivery, endpoint, *, now=None):
    """Sign and post one claimed delivery to its endpoint; record and return the ``WebhookAttempt``.

    The name is resolved and every address checked again here, and the connection goes to the address checked:
    a name moved to a private address since registration is refused without a packet sent to it.
    """
    now = now or timezone.now()
    body = body_bytes(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature(endpoint, msg_id=delivery.webhook_id, timestamp=now, body=body, now=now),
    }
    attempt = WebhookAttempt(delivery=delivery, started_at=now)
    try:
        target = addresses.pinned_address(endpoint.url)
        answer = pinned_http.post(
            endpoint.url,
            ip=target.ip,
            body=body,
            headers=headers,
            connect_timeout=settings.WEBHOOK_CONNECT_TIMEOUT,
            read_timeout=settings.WEBHOOK_READ_TIMEOUT,
        )
    except addresses.AddressRefused as refused:
        attempt.error = str(refused)[:500]
    except (OSError, HTTPException) as exc:
        attempt.error = f"{type(exc).__name__}: {exc}"[:500]
        attempt.duration_ms = round((timezone.now() - now).total_seconds() * 1000)
    else:
        attempt.status_code = answer.status
        attempt.response_excerpt = answer.excerpt[:EXCERPT_CHARACTERS]
        attempt.duration_ms = answer.duration_ms
        if not attempt.succeeded:
            attempt.error = f"HTTP {answer.status}"
    attempt.save()
    return attempt


def overlap_until(now):
    """Return until when a rotated secret keeps signing."""
    return now + timedelta(hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS)
