"""Every URL of the site that acts × every role × several objects, posting valid data: what each request does.

The world (``process_world``) has two regions, a study per state of interest in each, a former closed jury
session where study D was deferred, the session where D is back and deliberating, and one still scoring.
Columns, in order: anonymous, holder (of the home region's projects), other holder (of the other region's),
the regional coordinator of the home region, of the other region, a national coordinator, a national
coordinator conflicted on D's project, a bank expert, the president of the current sessions, the president of
the former session, a juror of the current sessions, a juror of the former and current sessions conflicted on
D's project (declared in the current one).

``ok``: the request did what it says (the rows it writes changed). ``no``: an answer with the refusal's
reasons, and nothing changed. ``403``, ``404``: refused, nothing changed. ``L``: sign in first. Any other row
that changed is named after a ``+``, so a refusal that writes, or an action that writes more than it says,
shows in the table's diff. Each request is rolled back, so that every role meets the same world.
"""

import pytest

from tests.security.process_matrix import fingerprint, outcome
from tests.security.process_targets import TARGETS
from tests.security.process_world import ROLES
from tests.security.urlmap import url_names

API_READS = (
    "region",
    "network",
    "project",
    "study",
    "financing-review",
    "funding",
    "opening",
    "session",
    "agenda-entry",
    "scorecard",
    "decision",
    "notification",
)

EXPECTED = {
    # One's own account: anyone signed in (the reset link and sign-in for the anonymous person too).
    "login @ me":                                                 "ok  no  no  no  no  no  no  no  no  no  no  no",
    "logout @ me":                                                "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "set_language @ me":                                          "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "password_change @ me":                                       "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "password_reset @ me":                                        "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "password_reset_confirm @ me":                                "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "privacy:download @ me":                                      "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "accounts:my-account @ me":                                   "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "privacy:my-data @ me":                                       "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "notifications:mark-all-read @ me":                           "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "notifications:preferences @ me":                             "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    # A failed email to a founder, sent again by a coordinator of his region or a national one only.
    "notifications:resend @ home":                                "L   404 404 ok  404 ok  ok  404 404 404 404 404",
    "notifications:resend @ else":                                "L   404 404 404 ok  ok  ok  404 404 404 404 404",
    # Webhooks: a coordinator or the bank registers endpoints; each endpoint is its owner's alone.
    "notifications:webhook-create @ new":                         "L   404 404 ok  ok  ok  ok  ok  404 404 404 404",
    "notifications:webhook-edit @ home":                          "L   404 404 ok  404 404 404 404 404 404 404 404",
    "notifications:webhook-edit @ else":                          "L   404 404 404 ok  404 404 404 404 404 404 404",
    "notifications:webhook-delete @ home":                        "L   404 404 ok  404 404 404 404 404 404 404 404",
    "notifications:webhook-delete @ else":                        "L   404 404 404 ok  404 404 404 404 404 404 404",
    "notifications:webhook-secret @ home":                        "L   404 404 ok  404 404 404 404 404 404 404 404",
    "notifications:webhook-secret @ else":                        "L   404 404 404 ok  404 404 404 404 404 404 404",
    "notifications:webhook-test @ home":                          "L   404 404 ok  404 404 404 404 404 404 404 404",
    "notifications:webhook-test @ else":                          "L   404 404 404 ok  404 404 404 404 404 404 404",
    "notifications:webhook-resend @ home":                        "L   404 404 ok  404 404 404 404 404 404 404 404",
    "notifications:webhook-resend @ else":                        "L   404 404 404 ok  404 404 404 404 404 404 404",
    # The founders' editor: their own draft only, never another team's, nor a study no longer editable.
    "projects:project-create @ new":                              "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "projects:attachment-remove @ draft":                         "L   ok  404 404 404 404 404 404 404 404 404 404",
    "projects:attachment-remove @ submitted":                     "L   no  404 404 404 404 404 404 404 404 404 404",
    "projects:attachments @ draft":                               "L   ok  404 404 404 404 404 404 404 404 404 404",
    "projects:attachments @ submitted":                           "L   no  404 404 404 404 404 404 404 404 404 404",
    "projects:financing-plan @ draft":                            "L   ok  404 404 404 404 404 404 404 404 404 404",
    "projects:financing-plan @ draft_else":                       "L   404 ok  404 404 404 404 404 404 404 404 404",
    "projects:study-edit @ draft":                                "L   ok  404 404 404 404 404 404 404 404 404 404",
    "projects:study-edit @ draft_else":                           "L   404 ok  404 404 404 404 404 404 404 404 404",
    "projects:study-section @ draft":                             "L   ok  404 404 404 404 404 404 404 404 404 404",
    "projects:study-section @ submitted":                         "L   no  404 404 404 404 404 404 404 404 404 404",
    # The life cycle. The training gate: T_MISSING has none of its modules validated, T_DONE all of them.
    # The jury's transitions have no door here: only the decision page moves a study out of the jury.
    "workflow:study-transition accept @ submitted":               "L   403 404 ok  404 ok  ok  404 404 404 404 404",
    "workflow:study-transition approve @ d":                      "L   403 404 403 404 no  404 403 no  403 403 404",
    "workflow:study-transition complete_training @ t_done":       "L   403 404 ok  404 ok  ok  404 404 404 404 404",
    "workflow:study-transition complete_training @ t_missing":    "L   404 403 404 no  no  no  404 404 404 404 404",
    "workflow:study-transition defer @ d":                        "L   403 404 403 404 no  404 403 no  403 403 404",
    "workflow:study-transition record_funding @ x":               "L   403 404 403 404 no  no  no  404 403 404 403",
    "workflow:study-transition reject @ j2":                      "L   404 403 404 403 no  no  403 no  404 403 403",
    "workflow:study-transition request_changes @ submitted_else": "L   404 403 404 ok  ok  ok  404 404 404 404 404",
    "workflow:study-transition send_to_jury @ r":                 "L   403 404 403 404 403 403 ok  403 404 403 403",
    "workflow:study-transition send_to_jury @ review_else":       "L   404 403 404 403 403 403 no  404 404 404 404",
    "workflow:study-transition submit @ draft":                   "L   ok  404 403 404 403 403 404 404 404 404 404",
    "workflow:study-transition submit @ draft_else":              "L   404 ok  404 403 403 403 404 404 404 404 404",
    "workflow:study-transition withdraw @ submitted":             "L   ok  404 403 404 403 403 404 404 404 404 404",
    # Training, the bank's review, funding, opening and transfers: per region, and refused out of their state.
    "workflow:training-validate @ submitted":                     "L   403 404 no  404 no  no  404 404 404 404 404",
    "workflow:training-validate @ t_missing":                     "L   404 403 404 ok  ok  ok  404 404 404 404 404",
    "workflow:financing-review @ d":                              "L   403 404 403 404 403 404 no  403 403 403 404",
    "workflow:financing-review @ review_else":                    "L   404 403 404 403 403 403 ok  404 404 404 404",
    "workflow:funding @ x":                                       "L   403 404 403 404 ok  ok  ok  404 403 404 403",
    "workflow:funding @ y":                                       "L   404 403 404 403 no  no  no  404 403 404 403",
    "workflow:opening @ x":                                       "L   403 404 no  404 no  no  403 404 403 404 403",
    "workflow:opening @ y":                                       "L   404 403 404 ok  ok  ok  403 404 403 404 403",
    "workflow:transfer @ submitted":                              "L   403 404 ok  404 ok  ok  404 404 404 404 404",
    "workflow:transfer @ submitted_else":                         "L   404 403 404 ok  ok  ok  404 404 404 404 404",
    "workflow:training-module-edit @ module":                     "L   404 404 404 404 ok  ok  404 404 404 404 404",
    "workflow:training-modules @ new":                            "L   404 404 404 404 ok  ok  404 404 404 404 404",
    # Sessions: the national coordinators run them; the former, closed session takes no more changes.
    "juries:session-create @ new":                                "L   403 403 403 403 ok  ok  403 403 403 403 403",
    "juries:session-edit @ former":                               "L   404 404 404 404 no  no  404 404 403 404 403",
    "juries:session-edit @ scoring":                              "L   404 404 404 404 ok  ok  404 403 404 403 403",
    "juries:member-add @ former":                                 "L   404 404 404 404 no  no  404 404 403 404 403",
    "juries:member-add @ scoring":                                "L   404 404 404 404 ok  ok  404 403 404 403 403",
    "juries:member-president @ former":                           "L   404 404 404 404 no  no  404 404 403 404 403",
    "juries:member-president @ scoring":                          "L   404 404 404 404 ok  ok  404 403 404 403 403",
    "juries:member-remove @ former":                              "L   404 404 404 404 no  no  404 404 403 404 403",
    "juries:member-remove @ scoring":                             "L   404 404 404 404 no  no  404 403 404 403 403",
    "juries:agenda-add @ former":                                 "L   404 404 404 404 no  no  404 404 403 404 403",
    "juries:agenda-add @ scoring":                                "L   404 404 404 404 ok  ok  404 403 404 403 403",
    "juries:agenda-remove @ j2@current":                          "L   404 404 404 404 no  no  404 403 404 403 403",
    "juries:agenda-remove @ r@scoring":                           "L   404 404 404 404 ok  ok  404 403 404 403 403",
    "juries:open-scoring @ scoring":                              "L   404 404 404 404 no  no  404 403 404 403 403",
    "juries:close @ current":                                     "L   404 404 404 404 no  no  404 403 404 403 403",
    "juries:close-scoring @ scoring":                             "L   404 404 404 404 no  no  404 403 404 403 403",
    "juries:extend-deadline @ former":                            "L   404 404 404 404 no  no  404 404 no  404 403",
    "juries:extend-deadline @ scoring":                           "L   404 404 404 404 ok  ok  404 ok  404 403 403",
    # The agenda's studies. D@CURRENT: the conflicted people may not decide, nor the former session's president;
    # W@CURRENT is withdrawn (a refusal, not a server error); D@FORMER was decided in a closed session.
    "juries:decision @ d@current":                                "L   404 404 404 404 ok  403 404 ok  404 403 403",
    "juries:decision @ d@former":                                 "L   404 404 404 404 no  403 404 404 no  404 403",
    "juries:decision @ j2@current":                               "L   404 404 404 404 ok  ok  404 ok  404 403 403",
    "juries:decision @ j3@scoring":                               "L   404 404 404 404 no  no  404 no  404 403 403",
    "juries:decision @ w@current":                                "L   404 404 404 404 no  no  404 no  404 403 403",
    "juries:conflict @ d@current":                                "L   404 404 404 404 ok  403 404 ok  404 ok  403",
    "juries:conflict @ d@former":                                 "L   404 404 404 404 no  403 404 404 no  404 403",
    "juries:conflict @ j2@current":                               "L   404 404 404 404 ok  ok  404 ok  404 ok  ok",
    "juries:recusal @ d@current":                                 "L   404 404 404 404 ok  403 404 ok  404 403 403",
    "juries:recusal @ j2@current":                                "L   404 404 404 404 ok  ok  404 ok  404 403 403",
    "juries:recusal @ j3@scoring":                                "L   404 404 404 404 ok  ok  404 ok  404 403 403",
    "juries:scorecard @ d@current":                               "L   404 404 404 404 403 403 404 no  404 no  403",
    "juries:scorecard @ j3@scoring":                              "L   404 404 404 404 403 403 404 ok  404 no  ok",
    "juries:reopen @ d@current":                                  "L   404 404 404 404 403 403 404 no  404 403 403",
    "juries:reopen @ j3@scoring":                                 "L   404 404 404 404 403 403 404 ok  404 403 403",
    # Scoring grids: internal tooling of the national coordinators; a frozen grid keeps its criteria.
    "juries:grid-create @ new":                                   "L   404 404 404 404 ok  ok  404 404 404 404 404",
    "juries:grid-edit @ free":                                    "L   404 404 404 404 ok  ok  404 404 404 404 404",
    "juries:grid-edit @ frozen":                                  "L   404 404 404 404 no  no  404 404 404 404 404",
    "juries:grid-new-version @ frozen":                           "L   404 404 404 404 ok  ok  404 404 404 404 404",
    # The API: each row as the matching page's, a refusal with its reasons being a 409 there; the holder
    # revokes his own token only.
    "api:agenda-entry-decision @ d@current":                      "401 404 404 404 404 ok  403 404 ok  404 403 403",
    "api:agenda-entry-decision @ d@former":                       "401 404 404 404 404 409 403 404 404 409 404 403",
    "api:agenda-entry-decision @ j2@current":                     "401 404 404 404 404 ok  ok  404 ok  404 403 403",
    "api:agenda-entry-decision @ j3@scoring":                     "401 404 404 404 404 409 409 404 409 404 403 403",
    "api:agenda-entry-decision @ w@current":                      "401 404 404 404 404 409 409 404 409 404 403 403",
    "api:agenda-entry-scorecard @ d@current":                     "401 404 404 404 404 403 403 404 409 404 409 403",
    "api:agenda-entry-scorecard @ j3@scoring":                    "401 404 404 404 404 403 403 404 ok  404 409 ok",
    "api:study-financing-review @ d":                             "401 403 404 403 404 403 404 409 403 403 403 404",
    "api:study-financing-review @ review_else":                   "401 404 403 404 403 403 403 ok  404 404 404 404",
    "api:study-funding @ x":                                      "401 403 404 403 404 ok  ok  ok  404 403 404 403",
    "api:study-funding @ y":                                      "401 404 403 404 403 409 409 409 404 403 404 403",
    "api:study-opening @ x":                                      "401 403 404 409 404 409 409 403 404 403 404 403",
    "api:study-opening @ y":                                      "401 404 403 404 ok  ok  ok  403 404 403 404 403",
    "api:study-transitions accept @ submitted":                   "401 403 404 ok  404 ok  ok  404 404 404 404 404",
    "api:study-transitions approve @ d":                          "401 403 404 403 404 409 404 403 409 403 403 404",
    "api:study-transitions complete_training @ t_done":           "401 403 404 ok  404 ok  ok  404 404 404 404 404",
    "api:study-transitions complete_training @ t_missing":        "401 404 403 404 409 409 409 404 404 404 404 404",
    "api:study-transitions defer @ d":                            "401 403 404 403 404 409 404 403 409 403 403 404",
    "api:study-transitions record_funding @ x":                   "401 403 404 403 404 409 409 409 404 403 404 403",
    "api:study-transitions reject @ j2":                          "401 404 403 404 403 409 409 403 409 404 403 403",
    "api:study-transitions request_changes @ submitted_else":     "401 404 403 404 ok  ok  ok  404 404 404 404 404",
    "api:study-transitions send_to_jury @ r":                     "401 403 404 403 404 403 403 ok  403 404 403 403",
    "api:study-transitions send_to_jury @ review_else":           "401 404 403 404 403 403 403 409 404 404 404 404",
    "api:study-transitions submit @ draft":                       "401 ok  404 403 404 403 403 404 404 404 404 404",
    "api:study-transitions submit @ draft_else":                  "401 404 ok  404 403 403 403 404 404 404 404 404",
    "api:study-transitions withdraw @ submitted":                 "401 ok  404 403 404 403 403 404 404 404 404 404",
    "api:token-revoke @ holder":                                  "L   ok  404 404 404 404 404 404 404 404 404 404",
    "api:tokens @ me":                                            "L   ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    # Schools: campaigns by the federation; a report filled by its school's team until validated, reviewed by
    # its region's coordinator (or the federation); later fundings by the bank for the schools it lends to.
    "schools:campaign-list @ new":                                "L   404 404 404 404 ok  ok  404 404 404 404 404",
    "schools:campaign-deadline @ open":                           "L   404 404 404 404 ok  ok  404 404 404 404 404",
    "schools:campaign-deadline @ closed":                         "L   404 404 404 404 no  no  404 404 404 404 404",
    "schools:campaign-close @ open":                              "L   404 404 404 404 ok  ok  404 404 404 404 404",
    "schools:campaign-close @ closed":                            "L   404 404 404 404 no  no  404 404 404 404 404",
    "schools:report-edit @ draft":                                "L   ok  404 403 404 403 403 403 404 404 404 404",
    "schools:report-edit @ draft_else":                           "L   404 ok  404 403 403 403 404 404 404 404 404",
    "schools:report-edit @ validated":                            "L   no  404 403 404 403 403 403 404 404 404 404",
    "schools:report-submit @ draft":                              "L   ok  404 403 404 403 403 403 404 404 404 404",
    "schools:report-submit @ draft_else":                         "L   404 no  404 403 403 403 404 404 404 404 404",
    "schools:report-validate @ submitted":                        "L   403 404 ok  404 ok  ok  403 404 404 404 404",
    "schools:report-validate @ submitted_else":                   "L   404 403 404 ok  ok  ok  404 404 404 404 404",
    "schools:report-validate @ draft":                            "L   403 404 no  404 no  no  403 404 404 404 404",
    "schools:report-send-back @ submitted":                       "L   403 404 ok  404 ok  ok  403 404 404 404 404",
    "schools:report-send-back @ submitted_else":                  "L   404 403 404 ok  ok  ok  404 404 404 404 404",
    "schools:report-send-back @ draft":                           "L   403 404 no  404 no  no  403 404 404 404 404",
    "schools:school-funding @ school":                            "L   403 404 403 404 ok  ok  ok  404 404 404 404",
    "schools:school-funding @ school_else":                       "L   404 403 404 403 ok  ok  404 404 404 404 404",
    # People: a coordinator acts for his regions, a national one for all; a founder for his team; the link for
    # the person invited only; a founder who asks to join needs no account.
    "people:person-deactivate @ holder":                          "L   404 404 ok  404 ok  ok  404 404 404 404 404",
    "people:person-deactivate @ other_holder":                    "L   404 404 404 ok  ok  ok  404 404 404 404 404",
    "people:person-reactivate @ deactivated":                     "L   404 404 ok  404 ok  ok  404 404 404 404 404",
    "people:person-reactivate @ holder":                          "L   404 404 no  404 no  no  404 404 404 404 404",
    "people:invitation-list @ new":                               "L   404 404 ok  no  ok  ok  404 404 404 404 404",
    "people:invitation-resend @ home":                            "L   404 404 ok  404 ok  ok  404 404 404 404 404",
    "people:invitation-resend @ else":                            "L   404 404 404 ok  ok  ok  404 404 404 404 404",
    "people:invitation-resend @ team":                            "L   ok  404 ok  404 ok  ok  404 404 404 404 404",
    "people:invitation-revoke @ home":                            "L   404 404 ok  404 ok  ok  404 404 404 404 404",
    "people:invitation-revoke @ else":                            "L   404 404 404 ok  ok  ok  404 404 404 404 404",
    "people:invitation-revoke @ team":                            "L   ok  404 ok  404 ok  ok  404 404 404 404 404",
    "people:invitation-accept @ home":                            "ok  403 403 403 403 403 403 403 403 403 403 403",
    "people:join-request @ new":                                  "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok",
    "people:join-request-accept @ home":                          "L   404 404 ok  404 ok  ok  404 404 404 404 404",
    "people:join-request-accept @ else":                          "L   404 404 404 ok  ok  ok  404 404 404 404 404",
    "people:join-request-decline @ home":                         "L   404 404 ok  404 ok  ok  404 404 404 404 404",
    "people:join-request-decline @ else":                         "L   404 404 404 ok  ok  ok  404 404 404 404 404",
    "people:team @ draft":                                        "L   ok  404 ok  404 ok  ok  404 404 404 404 404",
    "people:team-remove @ draft cofounder":                       "L   ok  404 403 404 403 403 404 404 404 404 404",
    "people:team-remove @ submitted holder":                      "L   no  404 403 404 403 403 404 404 404 404 404",
}  # fmt: skip

# Pages that only read (a POST is refused with 405, or read like a GET): the page matrices cover them.
READ_ONLY = {
    "health",
    "home",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "notifications:inbox",
    "notifications:open",
    "notifications:failed",
    "notifications:webhook-list",
    "notifications:webhook-detail",
    "projects:project-list",
    "workflow:study-list",
    "workflow:study-export-csv",
    "workflow:study-export-xlsx",
    "workflow:dashboard",
    "workflow:study-detail",
    "workflow:version-list",
    "workflow:version-detail",
    "workflow:version-compare",
    "workflow:attachment-download",
    "juries:session-list",
    "juries:session-detail",
    "juries:results",
    "juries:entry-detail",
    "juries:grid-list",
    "juries:grid-detail",
    # The API's reads (its lists and rows, the schema, the documentation); a POST there is a 405.
    *(f"api:{kind}-{view}" for kind in API_READS for view in ("list", "detail")),
    "api:api-root",
    "api:schema",
    "api:docs",
    "api:unknown",
    "api:study-log",
    "api:study-versions",
    "api:study-version",
    "api:session-results",
    "schools:school-list",
    "schools:school-detail",
    "schools:campaign-detail",
    "schools:report-list",
    "schools:report-detail",
    "schools:key-figures",
    "schools:key-figures-csv",
    "schools:key-figures-xlsx",
    "people:person-list",
    "people:join-request-list",
    "people:join-request-sent",
}


def test_every_url_that_acts_has_rows_on_several_objects():
    acting = {key.split(" ")[0] for key in TARGETS}
    assert sorted(acting | READ_ONLY) == url_names()
    assert sorted(TARGETS) == sorted(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_post_answers_each_role_as_the_table_says(process_world, key):
    baseline = fingerprint()
    answers = {role: outcome(process_world, role, TARGETS[key], baseline) for role in ROLES}
    assert answers == dict(zip(ROLES, EXPECTED[key].split(), strict=True))
