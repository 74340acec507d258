"""The rows of people, invitations, requests to join and teams that a person may see.

Each agrees with the ``view`` predicate of its policy (``people.policy``); pages read rows only from here, so
that someone else's row is a 404.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from people.enums import FLAG_GRANTS, JoinRequestStatus
from people.models import Invitation, JoinRequest
from people.tokens import read_token
from permissions.refusal import refuse_if
from projects.models import RegionalNetwork, SchoolProject
from workflow.rules import coordinated_region_ids, holder_project_ids

User = get_user_model()


def people_for_user(user):
    """Return the people ``user`` manages: everybody for a national coordinator; for a regional coordinator the
    coordinators of his networks and the founders of his regions."""
    if not user.is_active:
        return User.objects.none()
    if user.is_national_coordinator:
        return User.objects.all()
    regions = coordinated_region_ids(user)
    if not regions:
        return User.objects.none()
    # The ids straight from the two link tables: a subquery of users joined to them made PostgreSQL read every
    # user, and halved the count of the outbox tab (every coordinator's inbox) at 20,000 studies (12 -> 6.5 ms).
    coordinators = RegionalNetwork.coordinators.through.objects.filter(regionalnetwork__region__in=regions)
    founders = SchoolProject.team.through.objects.filter(schoolproject__region__in=regions)
    return User.objects.filter(Q(pk__in=coordinators.values("user_id")) | Q(pk__in=founders.values("user_id")))


def people_page(user):
    """Return the people of ``user``'s people page with what it shows: roles, networks, projects, last sign-in."""
    return (
        people_for_user(user)
        .order_by("full_name", "email")
        .prefetch_related(
            Prefetch("coordinated_networks__region"),
            Prefetch("school_projects", queryset=SchoolProject.objects.only("pk", "name", "region_id")),
        )
    )


def invitations_for_user(user):
    """Return the invitations ``user`` answers for: all for a national coordinator; those to his networks and
    regions' projects for a regional coordinator; those to his projects' teams for a founder."""
    if not user.is_active:
        return Invitation.objects.none()
    if user.is_national_coordinator:
        return Invitation.objects.all()
    regions = coordinated_region_ids(user)
    return Invitation.objects.filter(
        (Q(region__in=regions, project__isnull=True) | Q(project__region__in=regions)) & ~Q(grant__in=list(FLAG_GRANTS))
        | Q(project__in=holder_project_ids(user))
    )


def pending_invitations(user):
    """Return the invitations ``user`` answers for that were neither accepted nor revoked, newest first."""
    return (
        invitations_for_user(user)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by", "region", "project")
        .order_by("-created_at", "-pk")
    )


def join_requests_for_user(user):
    """Return the requests to join that ``user`` may answer or has seen answered: a national coordinator's are all
    of them, a regional coordinator's those of his regions."""
    if not user.is_active:
        return JoinRequest.objects.none()
    if user.is_national_coordinator:
        return JoinRequest.objects.all()
    return JoinRequest.objects.filter(region__in=coordinated_region_ids(user))


def join_requests_to_answer(user):
    """Return the pending requests to join that ``user`` may answer, oldest first (each with ``created_at``)."""
    return (
        join_requests_for_user(user)
        .filter(status=JoinRequestStatus.PENDING)
        .select_related("region")
        .order_by("created_at", "pk")
    )


def team_projects_for_user(user):
    """Return the projects whose team page ``user`` may open: his own, his regions', all for a national
    coordinator."""
    if not user.is_active:
        return SchoolProject.objects.none()
    if user.is_national_coordinator:
        return SchoolProject.objects.all()
    return SchoolProject.objects.filter(Q(pk__in=holder_project_ids(user)) | Q(region__in=coordinated_region_ids(user)))


def invitation_from_link(token, *, user, lock=False):
    """Return the invitation an emailed link opens for ``user`` (anonymous or signed in), or refuse and say why.

    A token that is not ours (tampered, made up) raises ``Invitation.DoesNotExist``: no invitation has that link.
    A link replaced by a newer one, an invitation accepted, revoked or expired, are refused as things stand; the
    link opened by someone signed in as another person is refused as forbidden.
    """
    try:
        invitation_id, nonce = read_token(token)
    except signing.BadSignature:
        raise Invitation.DoesNotExist("No invitation has this link.") from None
    queryset = Invitation.objects.select_for_update(of=("self",)) if lock else Invitation.objects
    invitation = queryset.select_related("project", "region", "invited_by").get(pk=invitation_id)
    if invitation.accepted_at is not None:
        refuse_if([_("This invitation was already accepted: sign in to use your account.")])
    if invitation.revoked_at is not None:
        refuse_if([_("This invitation was revoked. Ask the person who invited you for a new one.")])
    if invitation.nonce != nonce:
        refuse_if([_("This invitation was sent again since: open the link of the latest email.")])
    if invitation.expires_at <= timezone.now():
        refuse_if(
            [
                _("This invitation expired on %(date)s. Ask the person who invited you to send it again.")
                % {"date": formats.date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT")}
            ]
        )
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        refuse_if(
            [
                _(
                    "This invitation was sent to another address than the one you are signed in with. "
                    "Sign out, then open the link again."
                )
            ],
            forbidden=True,
        )
    return invitation


def account_of(invitation):
    """Return the account that already holds the invitation's address, if any."""
    return User.objects.filter(email__iexact=invitation.email).first()
