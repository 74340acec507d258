"""The POST requests of the process matrix: for each URL of the site that acts, the objects it is tried on and
valid form data for it, so that an allowed request really does what it says.

A target's key is ``"url name @ object"``; ``change`` names the kind of row (``process_matrix.fingerprint``)
or of browser state that the action changes when it is done.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.enums import DeliveryMode, EventKind
from people.enums import Grant
from people.tokens import make_token
from projects.models import Region, Trade
from tests.factories.projects import MINIMAL_PDF
from tests.schools.conftest import GOOD_LINE
from tests.security.process_matrix import future
from tests.security.process_world import HOME_REGION, OTHER_REGION, PASSWORD
from workflow.enums import Instrument, Opinion, Purpose
from workflow.views import CONFIRMED_TRANSITIONS

NEW_PASSWORD = "Un-nouveau-mot-2-passe!"


@dataclass
class Target:
    url: object  # (world, user) -> url
    data: object  # (world, user) -> dict
    change: str

    def send(self, client, world, user):
        return client.post(self.url(world, user), self.data(world, user))

    def did(self, response, changed):
        """Whether the action was done: the kind of row it changes changed."""
        return self.change in changed


class ApiTarget(Target):
    """A write of the API: JSON, through the browsable API's session."""

    def send(self, client, world, user):
        return client.post(self.url(world, user), self.data(world, user), content_type="application/json")


class Download(Target):
    """A download changes nothing: it is done when the file is sent."""

    def did(self, response, changed):
        return response.status_code == 200 and response["Content-Type"].startswith("application/json")


class ResetConfirm(Target):
    """Django's reset link first moves its token into the session, then the new password is posted."""

    def send(self, client, world, user):
        # From the database: signing in writes ``last_login`` on the instance, and the token is made of it.
        person = type(world.people["holder"]).objects.get(pk=(user or world.people["holder"]).pk)
        uid = urlsafe_base64_encode(force_bytes(person.pk))
        link = reverse(
            "password_reset_confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(person)}
        )
        response = client.get(link)
        return client.post(response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def _name(name, **kwargs):
    return lambda world, user: reverse(name, kwargs=kwargs)


def _study(url_name, key, **extra):
    return lambda world, user: reverse(url_name, kwargs={"pk": world.studies[key].pk, **extra})


def _session(name, key):
    return lambda world, user: reverse(name, kwargs={"pk": world.sessions[key].pk})


def _entry(name, key, member=None):
    def url(world, user):
        kwargs = {"pk": world.entries[key].pk}
        if member:
            kwargs["member_pk"] = world.people[member].pk
        return reverse(name, kwargs=kwargs)

    return url


def _const(**data):
    return lambda world, user: data


def _self_or_holder(world, user):
    return user or world.people["holder"]


def _region(code):
    return Region.objects.get(code=code).pk


COMMENT = _const(comment="Un commentaire motivé.")
CONFIRMED_COMMENT = _const(comment="Un commentaire motivé.", confirmed="on")
INSTRUMENTS = {
    "instruments-TOTAL_FORMS": "1",
    "instruments-INITIAL_FORMS": "0",
    "instruments-0-kind": Instrument.LOAN,
    "instruments-0-amount": "50000.00",
    "instruments-0-label": "Prêt d'honneur",
    "instruments-0-purpose": Purpose.WORKING_CAPITAL,
}


def _report(name, key):
    return lambda world, user: reverse(name, kwargs={"pk": world.reports[key].pk})


def _report_figures(key):
    def data(world, user):
        trade = world.reports[key].school.project.trades.get()
        return {f"trade-{trade.pk}-{name}": value for name, value in {**GOOD_LINE, "enrolled": 14}.items()}

    return data


def _transition(key, name):
    data = CONFIRMED_COMMENT if name in CONFIRMED_TRANSITIONS else COMMENT
    return Target(_study("workflow:study-transition", key, name=name), data, "states")


def _attachment(key):
    def url(world, user):
        study = world.studies[key]
        attachment = study.current_attachments().get(kind="letter_of_support")
        return reverse("projects:attachment-remove", kwargs={"pk": study.pk, "attachment_pk": attachment.pk})

    return url


def _upload(world, user):
    return {"kind": "statutes", "file": SimpleUploadedFile("statuts.pdf", MINIMAL_PDF, "application/pdf")}


def _plan(world, user):
    return {"use-staff-2027": "300000.00", "resource-production-2027": "300000.00"}


def _criteria(*weights):
    data = {"criteria-TOTAL_FORMS": str(len(weights)), "criteria-INITIAL_FORMS": "0"}
    for index, weight in enumerate(weights):
        data |= {f"criteria-{index}-title": f"Critère {index}", f"criteria-{index}-weight": str(weight)}
    return data


def _session_details(world, user):
    return {
        "title": "Jury renommé",
        "date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "place": "Marseille",
        "video_link": "",
        "quorum": "",
    }


def _new_session(world, user):
    return _session_details(world, user) | {
        "grid": world.grid.pk,
        "scoring_deadline": future(20),
        "members": [world.people[key].pk for key in ("juror", "president", "former_president")],
        "president": world.people["president"].pk,
    }


def _score_all(world_key):
    def data(world, user):
        answers = {"action": "submit", "overall_comment": "Solide.", "confirmed": "on"}
        for criterion in world.entries[world_key].session.grid.criteria.all():
            answers[f"score_{criterion.pk}"] = "3"
        return answers

    return data


def _recuse(member):
    return lambda world, user: {"member": world.people[member].pk, "reason": "Lien familial."}


DECISION = _const(decision="approve", motivation="Le projet est solide.")
REASON = _const(reason="Je connais l'équipe fondatrice.")


def _pk(url_name, rows, key):
    return lambda world, user: reverse(url_name, kwargs={"pk": getattr(world, rows)[key].pk})


def _person(url_name, key):
    return lambda world, user: reverse(url_name, kwargs={"pk": (world.people.get(key) or world.others[key]).pk})


def _study_project(url_name, key):
    return lambda world, user: reverse(url_name, kwargs={"pk": world.studies[key].project_id})


def _team_remove(key, member):
    def url(world, user):
        person = world.people.get(member) or world.others[member]
        return reverse("people:team-remove", kwargs={"pk": world.studies[key].project_id, "user_pk": person.pk})

    return url


class AcceptInvitation(Target):
    """The emailed link: its page, then the new account's password posted to it."""

    def send(self, client, world, user):
        url = reverse("people:invitation-accept", kwargs={"token": make_token(world.invitations["home"])})
        return client.post(url, {"full_name": "Inès", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


MESSAGE = _const(message="Le bassin a déjà une école.")

TARGETS = {
    # One's own account.
    "login @ me": Target(
        _name("login"),
        lambda world, user: {"username": _self_or_holder(world, user).email, "password": PASSWORD},
        "signed_in",
    ),
    "logout @ me": Target(_name("logout"), _const(), "signed_in"),
    "set_language @ me": Target(_name("set_language"), _const(language="fr", next="/"), "language"),
    "password_change @ me": Target(
        _name("password_change"),
        _const(old_password=PASSWORD, new_password1=NEW_PASSWORD, new_password2=NEW_PASSWORD),
        "users",
    ),
    "password_reset @ me": Target(
        _name("password_reset"), lambda world, user: {"email": _self_or_holder(world, user).email}, "mail"
    ),
    "password_reset_confirm @ me": ResetConfirm(None, None, "users"),
    "privacy:my-data @ me": Target(_name("privacy:my-data"), _const(reason="Merci."), "erasures"),
    "privacy:download @ me": Download(_name("privacy:download"), _const(), "download"),
    "accounts:my-account @ me": Target(_name("accounts:my-account"), _const(form_of_address="feminine"), "users"),
    "notifications:mark-all-read @ me": Target(_name("notifications:mark-all-read"), _const(), "notifications"),
    **{
        f"notifications:resend @ {key}": Target(
            _pk("notifications:resend", "failed_deliveries", key), _const(), "deliveries"
        )
        for key in ("home", "else")
    },
    "notifications:webhook-create @ new": Target(
        _name("notifications:webhook-create"),
        _const(url="https://93.184.215.14/network", kinds=[EventKind.STUDY_SUBMITTED]),
        "webhooks",
    ),
    **{
        f"notifications:webhook-{name} @ {key}": Target(
            _pk(f"notifications:webhook-{name}", "endpoints", key), data, change
        )
        for key in ("home", "else")
        for name, data, change in (
            ("edit", _const(url="https://93.184.215.14/moved", kinds=[EventKind.STUDY_FUNDED]), "webhooks"),
            ("delete", _const(), "webhooks"),
            ("secret", _const(), "webhooks"),
            ("test", _const(), "deliveries"),
        )
    },
    **{
        f"notifications:webhook-resend @ {key}": Target(
            lambda world, user, key=key: reverse(
                "notifications:webhook-resend",
                kwargs={"pk": world.endpoints[key].pk, "delivery_pk": world.webhook_deliveries[key].pk},
            ),
            _const(),
            "deliveries",
        )
        for key in ("home", "else")
    },
    "notifications:preferences @ me": Target(
        _name("notifications:preferences"),
        _const(**{kind: DeliveryMode.DIGEST for kind in EventKind.values}),
        "preferences",
    ),
    "projects:project-create @ new": Target(
        _name("projects:project-create"),
        lambda world, user: {
            "name": "Projet Nouveau",
            "commune": "Avignon",
            "region": _region(HOME_REGION),
            "trades": [Trade.objects.filter(parent__isnull=False).first().pk],
        },
        "projects",
    ),
    # The founders' editor: their draft, the other team's, and a study no longer editable.
    "projects:study-edit @ draft": Target(
        _study("projects:study-edit", "draft"), _const(territorial_diagnosis="Un diagnostic revu."), "content"
    ),
    "projects:study-edit @ draft_else": Target(
        _study("projects:study-edit", "draft_else"), _const(territorial_diagnosis="Un diagnostic revu."), "content"
    ),
    "projects:study-section @ draft": Target(
        _study("projects:study-section", "draft", section="governance"),
        _const(governance="Un conseil de huit.", board_members="8"),
        "content",
    ),
    "projects:study-section @ submitted": Target(
        _study("projects:study-section", "submitted", section="governance"),
        _const(governance="Un conseil de huit.", board_members="8"),
        "content",
    ),
    "projects:financing-plan @ draft": Target(_study("projects:financing-plan", "draft"), _plan, "plan"),
    "projects:financing-plan @ draft_else": Target(_study("projects:financing-plan", "draft_else"), _plan, "plan"),
    "projects:attachments @ draft": Target(_study("projects:attachments", "draft"), _upload, "attachments"),
    "projects:attachments @ submitted": Target(_study("projects:attachments", "submitted"), _upload, "attachments"),
    "projects:attachment-remove @ draft": Target(_attachment("draft"), _const(), "attachments"),
    "projects:attachment-remove @ submitted": Target(_attachment("submitted"), _const(), "attachments"),
    # The life cycle, each transition on studies of both regions, the training gate's pair and the jury's study.
    "workflow:study-transition submit @ draft": _transition("draft", "submit"),
    "workflow:study-transition submit @ draft_else": _transition("draft_else", "submit"),
    "workflow:study-transition withdraw @ submitted": _transition("submitted", "withdraw"),
    "workflow:study-transition accept @ submitted": _transition("submitted", "accept"),
    "workflow:study-transition request_changes @ submitted_else": _transition("submitted_else", "request_changes"),
    "workflow:study-transition complete_training @ t_done": _transition("t_done", "complete_training"),
    "workflow:study-transition complete_training @ t_missing": _transition("t_missing", "complete_training"),
    "workflow:study-transition send_to_jury @ r": _transition("r", "send_to_jury"),
    "workflow:study-transition send_to_jury @ review_else": _transition("review_else", "send_to_jury"),
    "workflow:study-transition approve @ d": _transition("d", "approve"),
    "workflow:study-transition defer @ d": _transition("d", "defer"),
    "workflow:study-transition reject @ j2": _transition("j2", "reject"),
    "workflow:study-transition record_funding @ x": _transition("x", "record_funding"),
    "workflow:training-validate @ t_missing": Target(
        lambda world, user: reverse(
            "workflow:training-validate",
            kwargs={"pk": world.studies["t_missing"].pk, "module_pk": world.modules[0].pk},
        ),
        _const(),
        "training",
    ),
    "workflow:training-validate @ submitted": Target(
        lambda world, user: reverse(
            "workflow:training-validate",
            kwargs={"pk": world.studies["submitted"].pk, "module_pk": world.modules[0].pk},
        ),
        _const(),
        "training",
    ),
    **{
        f"workflow:financing-review @ {key}": Target(
            _study("workflow:financing-review", key),
            _const(
                opinion=Opinion.RESERVED,
                budget_analysis="Budget tendu.",
                financing_plan_analysis="Plan à consolider.",
                notes="",
                **INSTRUMENTS,
            ),
            "reviews",
        )
        for key in ("review_else", "d")
    },
    **{
        f"workflow:funding @ {key}": Target(
            _study("workflow:funding", key), _const(notes="Accordé.", **INSTRUMENTS), "states"
        )
        for key in ("x", "y")
    },
    **{
        f"workflow:opening @ {key}": Target(
            _study("workflow:opening", key),
            _const(opened_on=timezone.localdate().isoformat(), comment="Première rentrée."),
            "states",
        )
        for key in ("y", "x")
    },
    "workflow:transfer @ submitted": Target(
        _study("workflow:transfer", "submitted"),
        lambda world, user: {"region": _region(OTHER_REGION), "reason": "Déménagement."},
        "projects",
    ),
    "workflow:transfer @ submitted_else": Target(
        _study("workflow:transfer", "submitted_else"),
        lambda world, user: {"region": _region(HOME_REGION), "reason": "Déménagement."},
        "projects",
    ),
    "workflow:training-modules @ new": Target(
        _name("workflow:training-modules"),
        _const(title="Les achats", description="", is_mandatory="on", is_active="on", position="9"),
        "modules",
    ),
    "workflow:training-module-edit @ module": Target(
        lambda world, user: reverse("workflow:training-module-edit", kwargs={"pk": world.modules[1].pk}),
        _const(title="La gouvernance associative", description="", is_active="on", position="1"),
        "modules",
    ),
    # Jury sessions: the one in scoring, the one deliberating, and the former, closed one.
    "juries:session-create @ new": Target(_name("juries:session-create"), _new_session, "sessions"),
    **{
        f"juries:session-edit @ {key}": Target(
            _session("juries:session-edit", key),
            _session_details,
            "sessions",
        )
        for key in ("scoring", "former")
    },
    "juries:member-add @ scoring": Target(
        _session("juries:member-add", "scoring"),
        lambda world, user: {"user": world.people["former_president"].pk},
        "members",
    ),
    "juries:member-add @ former": Target(
        _session("juries:member-add", "former"), lambda world, user: {"user": world.people["juror"].pk}, "members"
    ),
    **{
        f"juries:{name} @ {key}": Target(
            lambda world, user, name=name, key=key, member=member: reverse(
                f"juries:{name}", kwargs={"pk": world.sessions[key].pk, "user_pk": world.people[member].pk}
            ),
            _const(),
            "members",
        )
        for name in ("member-remove", "member-president")
        for key, member in (("scoring", "juror"), ("former", "conflicted_juror"))
    },
    "juries:agenda-add @ scoring": Target(
        _session("juries:agenda-add", "scoring"),
        lambda world, user: {"study": world.studies["review_else"].pk},
        "agenda",
    ),
    "juries:agenda-add @ former": Target(
        _session("juries:agenda-add", "former"),
        lambda world, user: {"study": world.studies["review_else"].pk},
        "agenda",
    ),
    **{
        f"juries:agenda-remove @ {entry}": Target(
            lambda world, user, entry=entry: reverse(
                "juries:agenda-remove",
                kwargs={"pk": world.entries[entry].session_id, "entry_pk": world.entries[entry].pk},
            ),
            _const(),
            "agenda",
        )
        for entry in ("r@scoring", "j2@current")
    },
    **{
        f"juries:{name} @ {key}": Target(_session(f"juries:{name}", key), _const(), "sessions")
        for name, key in (("open-scoring", "scoring"), ("close-scoring", "scoring"), ("close", "current"))
    },
    **{
        f"juries:extend-deadline @ {key}": Target(
            _session("juries:extend-deadline", key), lambda world, user: {"deadline": future(10)}, "sessions"
        )
        for key in ("scoring", "former")
    },
    # A study of an agenda: the conflicted one deliberating, another, one withdrawn, the former session's.
    **{
        f"juries:decision @ {entry}": Target(_entry("juries:decision", entry), DECISION, "decisions")
        for entry in ("d@current", "j2@current", "w@current", "d@former", "j3@scoring")
    },
    **{
        f"juries:conflict @ {entry}": Target(_entry("juries:conflict", entry), REASON, "conflicts")
        for entry in ("j2@current", "d@current", "d@former")
    },
    **{
        f"juries:recusal @ {entry}": Target(_entry("juries:recusal", entry), _recuse("juror"), "conflicts")
        for entry in ("j2@current", "d@current", "j3@scoring")
    },
    **{
        f"juries:scorecard @ {entry}": Target(_entry("juries:scorecard", entry), _score_all(entry), "scorecards")
        for entry in ("j3@scoring", "d@current")
    },
    **{
        f"juries:reopen @ {entry}": Target(_entry("juries:reopen", entry, "juror"), REASON, "scorecards")
        for entry in ("j3@scoring", "d@current")
    },
    # Scoring grids: a free grid, and the frozen grid of a session.
    "juries:grid-create @ new": Target(
        _name("juries:grid-create"), _const(name="Grille régionale", description="", **_criteria(60, 40)), "grids"
    ),
    "juries:grid-edit @ free": Target(
        lambda world, user: reverse("juries:grid-edit", kwargs={"pk": world.grid.pk}),
        _const(description="Revue.", **_criteria(70, 30)),
        "grids",
    ),
    "juries:grid-edit @ frozen": Target(
        lambda world, user: reverse("juries:grid-edit", kwargs={"pk": world.sessions["current"].grid_id}),
        _const(description="Revue.", **_criteria(70, 30)),
        "grids",
    ),
    "juries:grid-new-version @ frozen": Target(
        lambda world, user: reverse("juries:grid-new-version", kwargs={"pk": world.sessions["current"].grid_id}),
        _const(),
        "grids",
    ),
    # Schools: the campaign, the reports of both schools in each state, later fundings of both schools.
    "schools:campaign-list @ new": Target(
        _name("schools:campaign-list"),
        lambda world, user: {
            "school_year": "2026",
            "deadline": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
        "campaigns",
    ),
    # The open campaign (the draft's, 2025) and the closed one (the validated report's, 2023).
    **{
        f"schools:campaign-{name} @ {key}": Target(
            lambda world, user, name=name, report=report: reverse(
                f"schools:campaign-{name}", kwargs={"pk": world.reports[report].campaign_id}
            ),
            data,
            "campaigns",
        )
        for key, report in (("open", "draft"), ("closed", "validated"))
        for name, data in (
            (
                "deadline",
                lambda world, user: {
                    "deadline": (timezone.localdate() + timedelta(days=45)).isoformat(),
                    "reason": "Grève des transports.",
                },
            ),
            ("close", _const(reason="Fin de l'année scolaire.")),
        )
    },
    **{
        f"schools:report-edit @ {key}": Target(
            _report("schools:report-edit", key), _report_figures(key), "report_lines"
        )
        for key in ("draft", "draft_else", "validated")
    },
    **{
        f"schools:report-submit @ {key}": Target(_report("schools:report-submit", key), _const(), "reports")
        for key in ("draft", "draft_else")
    },
    **{
        f"schools:report-{name} @ {key}": Target(
            _report(f"schools:report-{name}", key), _const(comment="Vérifiez les sortants."), "reports"
        )
        for name in ("validate", "send-back")
        for key in ("submitted", "submitted_else", "draft")
    },
    **{
        f"schools:school-funding @ {key}": Target(
            lambda world, user, key=key: reverse("schools:school-funding", kwargs={"pk": world.schools[key].pk}),
            _const(notes="Extension.", **INSTRUMENTS),
            "fundings",
        )
        for key in ("school", "school_else")
    },
}


API_INSTRUMENTS = [{"kind": Instrument.LOAN, "amount": "50000.00", "label": "Prêt d'honneur"}]
API_FUNDED_INSTRUMENTS = [{**API_INSTRUMENTS[0], "purpose": Purpose.WORKING_CAPITAL}]


def _api_transition(key, name):
    return ApiTarget(
        _study("api:study-transitions", key), _const(name=name, comment="Un commentaire motivé."), "states"
    )


def _api_scores(world_key):
    def data(world, user):
        criteria = world.entries[world_key].session.grid.criteria.all()
        return {"scores": {str(criterion.pk): 3 for criterion in criteria}, "overall_comment": "Solide."}

    return data


# The API's writes: the same objects as the pages', the same services behind them.
TARGETS |= {
    "api:tokens @ me": Target(_name("api:tokens"), _const(name="Tableur", scope="write"), "tokens"),
    "api:token-revoke @ holder": Target(
        lambda world, user: reverse("api:token-revoke", kwargs={"pk": world.holder_token.pk}), _const(), "tokens"
    ),
    **{
        f"api:study-transitions {key.split(' ')[1]} @ {key.split(' @ ')[1]}": _api_transition(
            key.split(" @ ")[1], key.split(" ")[1]
        )
        for key in list(TARGETS)
        if key.startswith("workflow:study-transition ")
    },
    **{
        f"api:study-financing-review @ {key}": ApiTarget(
            _study("api:study-financing-review", key),
            _const(
                opinion=Opinion.RESERVED,
                budget_analysis="Budget tendu.",
                financing_plan_analysis="Plan à consolider.",
                instruments=API_INSTRUMENTS,
            ),
            "reviews",
        )
        for key in ("review_else", "d")
    },
    **{
        f"api:study-funding @ {key}": ApiTarget(
            _study("api:study-funding", key), _const(notes="Accordé.", instruments=API_FUNDED_INSTRUMENTS), "states"
        )
        for key in ("x", "y")
    },
    **{
        f"api:study-opening @ {key}": ApiTarget(
            _study("api:study-opening", key),
            _const(opened_on=timezone.localdate().isoformat(), comment="Première rentrée."),
            "states",
        )
        for key in ("x", "y")
    },
    **{
        f"api:agenda-entry-decision @ {entry}": ApiTarget(
            _entry("api:agenda-entry-decision", entry), DECISION, "decisions"
        )
        for entry in ("d@current", "j2@current", "w@current", "d@former", "j3@scoring")
    },
    **{
        f"api:agenda-entry-scorecard @ {entry}": ApiTarget(
            _entry("api:agenda-entry-scorecard", entry), _api_scores(entry), "scorecards"
        )
        for entry in ("j3@scoring", "d@current")
    },
    # People: each coordinator for his regions' people, invitations and requests; a founder for his team.
    "people:person-deactivate @ holder": Target(_person("people:person-deactivate", "holder"), _const(), "accounts"),
    "people:person-deactivate @ other_holder": Target(
        _person("people:person-deactivate", "other_holder"), _const(), "accounts"
    ),
    "people:person-reactivate @ deactivated": Target(
        _person("people:person-reactivate", "deactivated"), _const(), "accounts"
    ),
    "people:person-reactivate @ holder": Target(_person("people:person-reactivate", "holder"), _const(), "accounts"),
    "people:invitation-list @ new": Target(
        _name("people:invitation-list"),
        lambda world, user: {
            "full_name": "Nouvelle Fondatrice",
            "email": "nouvelle@example.org",
            "grant": Grant.HOLDER,
            "region": _region(HOME_REGION),
        },
        "invitations",
    ),
    **{
        f"people:invitation-{action} @ {key}": Target(
            _pk(f"people:invitation-{action}", "invitations", key), _const(), "invitations"
        )
        for action in ("resend", "revoke")
        for key in ("home", "else", "team")
    },
    "people:invitation-accept @ home": AcceptInvitation(None, None, "users"),
    "people:join-request @ new": Target(
        _name("people:join-request"),
        lambda world, user: {
            "full_name": "Fanny Fondatrice",
            "email": "fanny@example.org",
            "project_name": "École du Lac",
            "commune": "Annecy",
            "region": _region(HOME_REGION),
            "message": "",
        },
        "join_requests",
    ),
    **{
        f"people:join-request-{action} @ {key}": Target(
            _pk(f"people:join-request-{action}", "join_requests", key), MESSAGE, "join_requests"
        )
        for action in ("accept", "decline")
        for key in ("home", "else")
    },
    "people:team @ draft": Target(
        _study_project("people:team", "draft"),
        _const(full_name="Camille Cofondatrice", email="camille@example.org"),
        "invitations",
    ),
    "people:team-remove @ draft cofounder": Target(_team_remove("draft", "cofounder"), _const(), "teams"),
    "people:team-remove @ submitted holder": Target(_team_remove("submitted", "holder"), _const(), "teams"),
}
