"""Machinery of the process matrix: the world built once per module, one request per role rolled back, and the
fingerprint of every row a request may change.

Each request runs in a savepoint rolled back after it, so every role meets the same world; the pages' own
``transaction.atomic(durable=True)`` blocks work inside it, as they do inside a test case's transaction.
"""

import contextlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from juries.models import (
    AgendaEntry,
    ConflictOfInterest,
    JuryDecision,
    JuryMembership,
    JurySession,
    Scorecard,
    ScoringGrid,
)
from notifications.models import Delivery, Notification, Preference, WebhookEndpoint
from people.models import Invitation, JoinRequest
from privacy.models import ErasureRequest
from projects.models import Attachment, FinancingLine, OpportunityStudy, SchoolProject
from schools.models import FIGURES, ReportingCampaign, ReportLine, YearlyReport
from tests.security.process_world import build_process_world
from workflow.models import (
    FinancingReview,
    FundedInstrument,
    RegionTransfer,
    TrainingModule,
    TrainingProgress,
    TransitionLog,
)


class _TestAtomic(transaction.Atomic):
    """A savepoint the pages' durable blocks may nest in, as in a test case's own transaction."""

    def __init__(self):
        super().__init__(using=None, savepoint=True, durable=False)
        self._from_testcase = True


@contextlib.contextmanager
def rolled_back():
    atomic = _TestAtomic()
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        cache.clear()


@pytest.fixture(scope="module")
def process_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module in a transaction rolled back at its end; each test runs in a
    savepoint of it (pytest-django's), each request in a savepoint of that."""
    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("process-media"))
    with django_db_blocker.unblock(), rolled_back():
        yield build_process_world()
    settings.MEDIA_ROOT = media


def _kinds():
    """Every row a POST of the site may write, by kind, as querysets of the values that matter."""
    return {
        "states": OpportunityStudy.objects.values_list("pk", "state", "opened_on"),
        "logs": TransitionLog.objects.values_list("pk"),
        "content": OpportunityStudy.objects.values_list("pk", "territorial_diagnosis", "governance", "board_members"),
        "plan": FinancingLine.objects.values_list("study_id", "side", "category", "year", "amount"),
        "attachments": Attachment.objects.filter(removed_at__isnull=True).values_list("pk"),
        "projects": SchoolProject.objects.values_list("pk", "region_id"),
        "transfers": RegionTransfer.objects.values_list("pk"),
        "training": TrainingProgress.objects.filter(validated_at__isnull=False).values_list("project_id", "module_id"),
        "modules": TrainingModule.objects.values_list("pk", "title", "is_mandatory", "is_active", "position"),
        "reviews": FinancingReview.objects.values_list("study_id", "opinion", "recorded_at"),
        "sessions": JurySession.objects.values_list("pk", "state", "title", "scoring_deadline"),
        "members": JuryMembership.objects.values_list("session_id", "user_id", "is_president"),
        "agenda": AgendaEntry.objects.values_list("session_id", "study_id"),
        "conflicts": ConflictOfInterest.objects.values_list("project_id", "member_id"),
        "scorecards": Scorecard.objects.values_list("entry_id", "member_id", "status"),
        "decisions": JuryDecision.objects.values_list("entry_id", "decision"),
        "grids": ScoringGrid.objects.values_list("pk", "name", "version", "description"),
        "users": User.objects.values_list("pk", "password", "form_of_address"),
        "erasures": ErasureRequest.objects.values_list("pk"),
        "notifications": Notification.objects.filter(read_at__isnull=True).values_list("pk"),
        "deliveries": Delivery.objects.values_list("pk", "status", "resent_by_id"),
        "webhooks": WebhookEndpoint.objects.values_list("pk", "url", "kinds", "secret", "is_active"),
        "preferences": Preference.objects.values_list("user_id", "kind", "mode"),
        "tokens": ApiToken.objects.values_list("pk", "revoked_at"),
        "campaigns": ReportingCampaign.objects.values_list("pk", "school_year", "deadline", "closed_at"),
        "reports": YearlyReport.objects.values_list("pk", "state", "review_comment"),
        "report_lines": ReportLine.objects.values_list("report_id", "trade_id", *FIGURES),
        "fundings": FundedInstrument.objects.values_list("pk", "kind", "amount", "purpose"),
        "accounts": User.objects.values_list("pk", "is_active"),
        "invitations": Invitation.objects.values_list("pk", "nonce", "revoked_at", "accepted_at"),
        "join_requests": JoinRequest.objects.values_list("pk", "status"),
        "teams": SchoolProject.team.through.objects.values_list("schoolproject_id", "user_id"),
    }


def fingerprint():
    """Every row a POST of the site may write, by kind (a request that is refused must change none).

    On PostgreSQL, one query gives a digest of each kind; elsewhere, each kind is read.
    """
    kinds = _kinds()
    if connection.vendor == "postgresql":
        parts, params = [], []
        for queryset in kinds.values():
            sql, part_params = queryset.order_by().query.sql_with_params()
            parts.append(f"(SELECT md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) FROM ({sql}) r)")
            params += part_params
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(parts)}", params)
            digests = dict(zip(kinds, cursor.fetchone(), strict=True))
    else:
        digests = {kind: sorted(queryset) for kind, queryset in kinds.items()}
    return digests | {"mail": len(getattr(mail, "outbox", ()))}


def client_state(client):
    """What a request may change in the browser rather than the database."""
    return {
        "signed_in": "_auth_user_id" in client.session,
        "language": client.cookies.get("django_language").value if client.cookies.get("django_language") else "",
    }


def client_for(world, role):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    if role != "anonymous":
        client.force_login(world.people[role])
    return client


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def outcome(world, role, target, baseline):
    """Send the target's request as ``role`` in a savepoint rolled back after it, and say what happened:

    ``ok`` (the change the target names happened), ``no`` (an answer, and nothing changed: a refusal with its
    reasons), ``401`` (the API: authenticate first), ``403``, ``404``, ``409`` (the API's refusal with its
    reasons), ``L`` (sign in first) or ``500``. Anything else that changed is named, so that a
    refusal that writes shows in the table's diff.
    """
    user = world.people.get(role)
    with rolled_back():
        client = client_for(world, role)
        before_client = client_state(client)
        response = target.send(client, world, user)
        changed = [key for key, value in fingerprint().items() if value != baseline[key]]
        changed += [key for key, value in client_state(client).items() if value != before_client[key]]
    if response.status_code >= 500:
        return "500"
    if response.status_code < 400 and target.did(response, changed):
        return "ok"
    if is_login_redirect(response):
        code = "L"
    elif response.status_code in {401, 403, 404, 405, 409}:
        code = str(response.status_code)
    else:
        code = "no"
    return code if not changed else f"{code}+{'+'.join(changed)}"


def future(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
