"""Every URL of the site × every role, against a seeded world: the answer each gets, in one table.

Columns, in order: anonymous, holder (of the study under test), another holder, the regional coordinator of
its region, one of another region, a national coordinator, a bank expert, the president of the study's jury
session, a juror of that session, a juror of that session conflicted on the study, a juror of another session.
``L`` is a redirect to sign in; ``P`` marks a POST (the URL answers GET with 405). A URL without a row fails the
test, and a refused request must change nothing.
"""

import pytest
from django.test import Client

from accounts.models import User
from juries.models import ConflictOfInterest, JuryDecision, JuryMembership, Scorecard
from notifications.models import Delivery, WebhookEndpoint
from people.models import Invitation, JoinRequest
from privacy.models import ErasureRequest
from projects.models import SchoolProject
from schools.models import ReportingCampaign, ReportLine, YearlyReport
from tests.security.urlmap import url_for, url_names
from tests.security.world import (
    JUROR_COMMENT,
    OTHER_REGION_PROJECT,
    OTHER_REGION_SCHOOL,
    OTHER_SESSION_PROJECT,
    build_world,
)
from workflow.models import FundedInstrument, RegionTransfer, TrainingProgress, TransitionLog

ROLES = (
    "anonymous",
    "holder",
    "other_holder",
    "regional_coordinator",
    "other_regional_coordinator",
    "national_coordinator",
    "bank_expert",
    "president",
    "juror",
    "conflicted_juror",
    "other_session_juror",
)

EXPECTED = {
    # Open to all, or about one's own account.
    "health":                        "200  200  200  200  200  200  200  200  200  200  200",
    "home":                          "L    200  200  200  200  200  200  200  200  200  200",
    "login":                         "200  200  200  200  200  200  200  200  200  200  200",
    "logout":                        "PL   PL   PL   PL   PL   PL   PL   PL   PL   PL   PL",
    "set_language":                  "302  302  302  302  302  302  302  302  302  302  302",
    "password_change":               "L    200  200  200  200  200  200  200  200  200  200",
    "password_change_done":          "L    200  200  200  200  200  200  200  200  200  200",
    "password_reset":                "200  200  200  200  200  200  200  200  200  200  200",
    "password_reset_done":           "200  200  200  200  200  200  200  200  200  200  200",
    "password_reset_confirm":        "200  200  200  200  200  200  200  200  200  200  200",
    "password_reset_complete":       "200  200  200  200  200  200  200  200  200  200  200",
    "privacy:my-data":               "L    200  200  200  200  200  200  200  200  200  200",
    "accounts:my-account":           "L    200  200  200  200  200  200  200  200  200  200",
    "privacy:download":              "L    P200 P200 P200 P200 P200 P200 P200 P200 P200 P200",
    "notifications:inbox":           "L    200  200  200  200  200  200  200  200  200  200",
    "notifications:preferences":     "L    200  200  200  200  200  200  200  200  200  200",
    "notifications:mark-all-read":   "PL   P302 P302 P302 P302 P302 P302 P302 P302 P302 P302",
    "notifications:open":            "L    302  404  404  404  404  404  404  404  404  404",
    "notifications:failed":          "L    404  404  200  200  200  404  404  404  404  404",
    "notifications:resend":          "PL   P404 P404 P302 P404 P302 P404 P404 P404 P404 P404",
    # Webhooks: for coordinators and the bank; an endpoint (the home region's coordinator's) is its owner's alone.
    "notifications:webhook-list":    "L    404  404  200  200  200  200  404  404  404  404",
    "notifications:webhook-create":  "L    404  404  200  200  200  200  404  404  404  404",
    "notifications:webhook-detail":  "L    404  404  200  404  404  404  404  404  404  404",
    "notifications:webhook-edit":    "L    404  404  200  404  404  404  404  404  404  404",
    "notifications:webhook-delete":  "PL   P404 P404 P302 P404 P404 P404 P404 P404 P404 P404",
    "notifications:webhook-secret":  "PL   P404 P404 P200 P404 P404 P404 P404 P404 P404 P404",
    "notifications:webhook-test":    "PL   P404 P404 P302 P404 P404 P404 P404 P404 P404 P404",
    "notifications:webhook-resend":  "PL   P404 P404 P302 P404 P404 P404 P404 P404 P404 P404",
    # The founders' editor: the study's own team only.
    "projects:project-list":         "L    200  200  200  200  200  200  200  200  200  200",
    "projects:project-create":       "L    200  200  200  200  200  200  200  200  200  200",
    "projects:study-edit":           "L    200  404  404  404  404  404  404  404  404  404",
    "projects:study-section":        "L    200  404  404  404  404  404  404  404  404  404",
    "projects:financing-plan":       "L    200  404  404  404  404  404  404  404  404  404",
    "projects:attachments":          "L    200  404  404  404  404  404  404  404  404  404",
    "projects:attachment-remove":    "L    P302 P404 P404 P404 P404 P404 P404 P404 P404 P404",
    # The life cycle: whoever may see the study; its actions for their roles only.
    "workflow:study-list":           "L    200  200  200  200  200  200  200  200  200  200",
    "workflow:study-export-csv":     "L    200  200  200  200  200  200  200  200  200  200",
    "workflow:study-export-xlsx":    "L    200  200  200  200  200  200  200  200  200  200",
    "workflow:dashboard":            "L    404  404  200  200  200  404  404  404  404  404",
    "workflow:study-detail":         "L    200  404  200  404  200  200  200  200  404  404",
    "workflow:version-list":         "L    200  404  200  404  200  200  200  200  404  404",
    "workflow:version-detail":       "L    200  404  200  404  200  200  200  200  404  404",
    "workflow:version-compare":      "L    200  404  200  404  200  200  200  200  404  404",
    "workflow:attachment-download":  "404  200  404  200  404  200  200  200  200  404  404",
    "workflow:study-transition":     "L    P403 P404 P403 P404 P403 P302 P302 P302 P404 P404",
    "workflow:training-validate":    "L    P403 P404 P302 P404 P302 P403 P403 P403 P404 P404",
    "workflow:financing-review":     "L    403  404  403  404  403  200  403  403  404  404",
    "workflow:funding":              "L    403  404  403  404  200  200  403  403  404  404",
    "workflow:opening":              "L    403  404  200  404  200  403  403  403  404  404",
    "workflow:transfer":             "L    403  404  200  404  200  403  403  403  404  404",
    "workflow:training-modules":     "L    404  404  404  404  200  404  404  404  404  404",
    "workflow:training-module-edit": "L    404  404  404  404  200  404  404  404  404  404",
    # Juries: national coordinators run sessions; members see their own; the conflicted one cannot score.
    "juries:session-list":           "L    403  403  403  403  200  403  200  200  200  200",
    "juries:session-create":         "L    403  403  403  403  200  403  403  403  403  403",
    "juries:session-detail":         "L    404  404  404  404  200  404  200  200  200  404",
    "juries:session-edit":           "L    404  404  404  404  200  404  403  403  403  404",
    "juries:member-add":             "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:member-remove":          "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:member-president":       "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:agenda-add":             "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:agenda-remove":          "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:open-scoring":           "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:close-scoring":          "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:close":                  "L    P404 P404 P404 P404 P302 P404 P403 P403 P403 P404",
    "juries:extend-deadline":        "L    P404 P404 P404 P404 P302 P404 P302 P403 P403 P404",
    "juries:results":                "L    404  404  404  404  302  404  302  302  302  404",
    "juries:entry-detail":           "L    404  404  404  404  200  404  200  200  200  404",
    "juries:conflict":               "L    404  404  404  404  200  404  200  200  403  404",
    "juries:recusal":                "L    404  404  404  404  200  404  200  403  403  404",
    "juries:scorecard":              "L    404  404  404  404  403  404  200  200  403  404",
    "juries:reopen":                 "L    404  404  404  404  403  404  200  403  403  404",
    "juries:decision":               "L    P404 P404 P404 P404 P200 P404 P200 P403 P403 P404",
    # Scoring grids: internal tooling of the national coordinators, out of reach of anyone else.
    "juries:grid-list":              "L    404  404  404  404  200  404  404  404  404  404",
    "juries:grid-create":            "L    404  404  404  404  200  404  404  404  404  404",
    "juries:grid-detail":            "L    404  404  404  404  200  404  404  404  404  404",
    "juries:grid-edit":              "L    404  404  404  404  200  404  404  404  404  404",
    "juries:grid-new-version":       "L    P404 P404 P404 P404 P302 P404 P404 P404 P404 P404",
    # The API: the same answers as the pages for the same rows (a refusal in its error format; a POST with no
    # data is a 400 for whoever may act). Nothing decided, funded or opened in the world: those rows are 404.
    "api:api-root":                  "401  200  200  200  200  200  200  200  200  200  200",
    "api:schema":                    "200  200  200  200  200  200  200  200  200  200  200",
    "api:docs":                      "L    200  200  200  200  200  200  200  200  200  200",
    "api:unknown":                   "401  404  404  404  404  404  404  404  404  404  404",
    "api:tokens":                    "L    200  200  200  200  200  200  200  200  200  200",
    "api:token-revoke":              "L    P302 P404 P404 P404 P404 P404 P404 P404 P404 P404",
    "api:region-list":               "401  200  200  200  200  200  200  200  200  200  200",
    "api:region-detail":             "401  200  200  200  200  200  200  200  200  200  200",
    "api:network-list":              "401  200  200  200  200  200  200  200  200  200  200",
    "api:network-detail":            "401  200  200  200  200  200  200  200  200  200  200",
    "api:project-list":              "401  200  200  200  200  200  200  200  200  200  200",
    "api:project-detail":            "401  200  404  200  404  200  200  200  200  404  404",
    "api:study-list":                "401  200  200  200  200  200  200  200  200  200  200",
    "api:study-detail":              "401  200  404  200  404  200  200  200  200  404  404",
    "api:study-log":                 "401  200  404  200  404  200  200  200  200  404  404",
    "api:study-versions":            "401  200  404  200  404  200  200  200  200  404  404",
    "api:study-version":             "401  200  404  200  404  200  200  200  200  404  404",
    "api:study-transitions":         "401  P400 P404 P400 P404 P400 P400 P400 P400 P404 P404",
    "api:study-financing-review":    "401  P403 P404 P403 P404 P403 P400 P403 P403 P404 P404",
    "api:study-funding":             "401  P403 P404 P403 P404 P400 P400 P403 P403 P404 P404",
    "api:study-opening":             "401  P403 P404 P400 P404 P400 P403 P403 P403 P404 P404",
    "api:financing-review-list":     "401  200  200  200  200  200  200  200  200  200  200",
    "api:financing-review-detail":   "401  404  404  200  404  200  200  200  200  404  404",
    "api:funding-list":              "401  200  200  200  200  200  200  200  200  200  200",
    "api:funding-detail":            "401  404  404  404  404  404  404  404  404  404  404",
    "api:opening-list":              "401  200  200  200  200  200  200  200  200  200  200",
    "api:opening-detail":            "401  404  404  404  404  404  404  404  404  404  404",
    "api:session-list":              "401  200  200  200  200  200  200  200  200  200  200",
    "api:session-detail":            "401  404  404  404  404  200  404  200  200  200  404",
    "api:session-results":           "401  404  404  404  404  409  404  409  409  409  404",
    "api:agenda-entry-list":         "401  200  200  200  200  200  200  200  200  200  200",
    "api:agenda-entry-detail":       "401  404  404  404  404  200  404  200  200  200  404",
    "api:agenda-entry-scorecard":    "401  P404 P404 P404 P404 P403 P404 P400 P400 P403 P404",
    "api:agenda-entry-decision":     "401  P404 P404 P404 P404 P400 P404 P400 P403 P403 P404",
    "api:scorecard-list":            "401  200  200  200  200  200  200  200  200  200  200",
    "api:scorecard-detail":          "401  404  404  404  404  404  404  404  200  404  404",
    "api:decision-list":             "401  200  200  200  200  200  200  200  200  200  200",
    "api:decision-detail":           "401  404  404  404  404  404  404  404  404  404  404",
    "api:notification-list":         "401  200  200  200  200  200  200  200  200  200  200",
    "api:notification-detail":       "401  200  404  404  404  404  404  404  404  404  404",
    # Schools: a school's team, its region's coordinator, the federation, and the bank for the schools it lends
    # to; the school under test is the holder's, in the home region, with a loan; its report is a draft.
    "schools:school-list":           "L    200  200  200  200  200  200  200  200  200  200",
    "schools:school-detail":         "L    200  404  200  404  200  200  404  404  404  404",
    "schools:school-funding":        "L    403  404  403  404  200  200  404  404  404  404",
    "schools:campaign-list":         "L    404  404  404  404  200  404  404  404  404  404",
    "schools:campaign-detail":       "L    404  404  404  404  200  404  404  404  404  404",
    "schools:campaign-deadline":     "L    P404 P404 P404 P404 P200 P404 P404 P404 P404 P404",
    "schools:campaign-close":        "L    P404 P404 P404 P404 P302 P404 P404 P404 P404 P404",
    "schools:report-list":           "L    200  200  200  200  200  200  200  200  200  200",
    "schools:report-detail":         "L    200  404  200  404  200  200  404  404  404  404",
    "schools:report-edit":           "L    200  404  403  404  403  403  404  404  404  404",
    "schools:report-submit":         "L    P302 P404 P403 P404 P403 P403 P404 P404 P404 P404",
    "schools:report-validate":       "L    P403 P404 P302 P404 P302 P403 P404 P404 P404 P404",
    "schools:report-send-back":      "L    P403 P404 P302 P404 P302 P403 P404 P404 P404 P404",
    # The key figures: aggregates of validated reports, for anyone signed in (for all when published).
    "schools:key-figures":           "L    200  200  200  200  200  200  200  200  200  200",
    "schools:key-figures-csv":       "L    200  200  200  200  200  200  200  200  200  200",
    "schools:key-figures-xlsx":      "L    200  200  200  200  200  200  200  200  200  200",
    # People: the coordinators' pages, of their own regions; the invitation's link for the person invited only.
    "people:person-list":            "L    404  404  200  200  200  404  404  404  404  404",
    "people:person-deactivate":      "L    P404 P404 P302 P404 P302 P404 P404 P404 P404 P404",
    "people:person-reactivate":      "L    P404 P404 P302 P404 P302 P404 P404 P404 P404 P404",
    "people:invitation-list":        "L    404  404  200  200  200  404  404  404  404  404",
    "people:invitation-resend":      "L    P404 P404 P302 P404 P302 P404 P404 P404 P404 P404",
    "people:invitation-revoke":      "L    P404 P404 P302 P404 P302 P404 P404 P404 P404 P404",
    "people:invitation-accept":      "200  403  403  403  403  403  403  403  403  403  403",
    "people:join-request":           "200  200  200  200  200  200  200  200  200  200  200",
    "people:join-request-sent":      "200  200  200  200  200  200  200  200  200  200  200",
    "people:join-request-list":      "L    404  404  200  200  200  404  404  404  404  404",
    "people:join-request-accept":    "L    P404 P404 P302 P404 P302 P404 P404 P404 P404 P404",
    "people:join-request-decline":   "L    P404 P404 P302 P404 P302 P404 P404 P404 P404 P404",
    "people:team":                   "L    200  404  200  404  200  404  404  404  404  404",
    "people:team-remove":            "L    P302 P404 P403 P404 P403 P404 P404 P404 P404 P404",
}  # fmt: skip


def fingerprint(world):
    """What a refused request must leave as it was."""
    study = type(world.study).objects.get(pk=world.study.pk)
    return (
        study.state,
        study.project.region_id,
        TransitionLog.objects.count(),
        RegionTransfer.objects.count(),
        TrainingProgress.objects.filter(validated_at__isnull=False).count(),
        type(world.session).objects.get(pk=world.session.pk).state,
        JuryMembership.objects.count(),
        type(world.entry).objects.filter(pk=world.entry.pk).exists(),
        ConflictOfInterest.objects.count(),
        sorted(Scorecard.objects.values_list("member_id", "status")),
        JuryDecision.objects.count(),
        study.current_attachments().count(),
        ErasureRequest.objects.count(),
        sorted(YearlyReport.objects.values_list("pk", "state")),
        ReportLine.objects.count(),
        sorted(ReportingCampaign.objects.values_list("pk", "deadline", "closed_at")),
        FundedInstrument.objects.count(),
        sorted(User.objects.values_list("pk", "is_active")),
        sorted(Invitation.objects.values_list("pk", "nonce", "revoked_at", "accepted_at")),
        sorted(JoinRequest.objects.values_list("pk", "status")),
        SchoolProject.team.through.objects.count(),
        sorted(WebhookEndpoint.objects.values_list("pk", "url", "secret", "is_active")),
        sorted(Delivery.objects.values_list("pk", "status", "resent_by_id")),
    )


def answer(client, url):
    response = client.get(url)
    prefix = ""
    if response.status_code == 405:
        prefix, response = "P", client.post(url, {})
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return f"{prefix}L"
    return f"{prefix}{response.status_code}"


def client_for(world, role):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    if role != "anonymous":
        client.force_login(world.people[role])
    return client


def test_every_url_has_a_row():
    assert sorted(EXPECTED) == url_names()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_role_as_the_table_says(name):
    world = build_world()
    expected = dict(zip(ROLES, EXPECTED[name].split(), strict=True))
    refused_first = sorted(
        ROLES, key=lambda role: expected[role][-3:] not in {"404", "403"} and "L" not in expected[role]
    )

    answers, changed = {}, []
    for role in refused_first:
        before = fingerprint(world)
        answers[role] = answer(client_for(world, role), url_for(name, world))
        refused = answers[role][-3:] in {"404", "403"} or answers[role].endswith("L")
        if refused and fingerprint(world) != before:
            changed.append(role)

    assert ({role: answers[role] for role in ROLES}, changed) == (expected, [])


LISTS = [
    "home",
    "projects:project-list",
    "workflow:study-list",
    "workflow:study-export-csv",
    "workflow:dashboard",
    "notifications:inbox",
    "notifications:webhook-list",
    "notifications:webhook-detail",
    "juries:session-list",
    "juries:session-detail",
    "juries:entry-detail",
    "juries:scorecard",
    "workflow:study-detail",
    "api:project-list",
    "api:study-list",
    "api:financing-review-list",
    "api:session-list",
    "api:agenda-entry-list",
    "api:scorecard-list",
    "api:decision-list",
    "api:notification-list",
    "schools:school-list",
    "schools:report-list",
    "people:person-list",
    "people:team",
]
# Who may read each secret: the other region's study, the other session's study, the juror's scores.
MAY_READ = {
    OTHER_REGION_PROJECT: {"other_holder", "other_regional_coordinator", "national_coordinator"},
    OTHER_SESSION_PROJECT: {"other_regional_coordinator", "national_coordinator", "bank_expert", "other_session_juror"},
    JUROR_COMMENT: {"juror"},
    # The bank reads every opened study (its project's name is the school's); its school stays out of its lists.
    OTHER_REGION_SCHOOL: {"other_holder", "other_regional_coordinator", "national_coordinator", "bank_expert"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES[1:])
def test_lists_searches_exports_and_pages_show_nothing_out_of_reach(role):
    world = build_world()
    client = client_for(world, role)
    pages = {
        name: client.get(url_for(name, world), {"q": "Projet"} if name == "workflow:study-list" else {})
        for name in LISTS
    }
    contents = {name: b"".join(r.streaming_content) if r.streaming else r.content for name, r in pages.items()}

    leaks = [
        (name, secret)
        for name, content in contents.items()
        for secret, readers in MAY_READ.items()
        if role not in readers and secret.encode() in content
    ]
    assert leaks == []
