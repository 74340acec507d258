"""Changes to people: invitations, requests to join, accounts deactivated, teams.

Each function is one durable transaction: it locks the row it changes, checks the actor's permission through
``people.policy`` and the state with reasons (``ActionRefused``), writes, adds a ``PeopleLog`` row and sends the
domain signal whose receivers write the emails in the same transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from people import signals
from people.enums import FLAG_GRANTS, Grant, JoinRequestStatus, PeopleAction
from people.models import Invitation, JoinRequest, PeopleLog, new_nonce
from people.policy import invitation_policy, join_request_policy, person_policy, team_policy
from people.selectors import account_of, invitation_from_link
from people.tokens import make_token
from permissions.refusal import ActionRefused, refuse_if
from projects.models import SchoolProject
from projects.services import create_project
from workflow.rules import forget_scopes

User = get_user_model()


def _log(action, *, actor, **rows):
    PeopleLog.objects.create(action=action, actor=actor, **rows)


def _expiry():
    return timezone.now() + timedelta(days=settings.TREMPLIN_INVITATION_DAYS)


def _announce(invitation, *, actor):
    signals.invitation_sent.send(sender=Invitation, invitation=invitation, token=make_token(invitation), actor=actor)


def invite_person(*, actor, email, full_name, grant, region=None, project=None):
    """Invite a person to Tremplin with one grant: a federation role, a network to coordinate or a project's team.

    A holder is invited onto ``project``'s team, or, without a project, to found one in ``region``.
    """
    with transaction.atomic(durable=True):
        return _invite(actor=actor, email=email, full_name=full_name, grant=grant, region=region, project=project)


def _invite(*, actor, email, full_name, grant, region, project):
    forget_scopes(actor)
    if project is not None:
        project = SchoolProject.objects.select_for_update().get(pk=project.pk)
    invitation = Invitation(
        invited_by=actor,
        email=User.objects.normalize_email(email).lower(),
        full_name=full_name,
        grant=grant,
        region=region if grant in (Grant.REGIONAL_COORDINATOR, Grant.HOLDER) and project is None else None,
        project=project if grant == Grant.HOLDER else None,
        expires_at=_expiry(),
    )
    invitation_policy.check(actor, "manage", invitation)
    refuse_if(_invitation_problems(invitation))
    invitation.save()
    _log(PeopleAction.INVITED, actor=actor, invitation=invitation, project=invitation.project)
    _announce(invitation, actor=actor)
    return invitation


def _invitation_problems(invitation):
    problems = []
    if invitation.grant == Grant.REGIONAL_COORDINATOR and invitation.region_id is None:
        problems.append(_("Choose the region whose network the person will coordinate."))
    if invitation.grant == Grant.HOLDER and invitation.region_in_scope_id is None:
        problems.append(_("Choose the region of the project the person will found."))
    if problems:
        return problems
    pending = Invitation.objects.filter(
        email=invitation.email,
        grant=invitation.grant,
        region=invitation.region,
        project=invitation.project,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        problems.append(_("This person is already invited for this: send the invitation again instead."))
    account = account_of(invitation)
    if account is not None and _holds(account, invitation):
        problems.append(_("This person already has this role."))
    return problems


def _holds(person, invitation):
    if invitation.grant in FLAG_GRANTS:
        return getattr(person, FLAG_GRANTS[invitation.grant])
    if invitation.grant == Grant.REGIONAL_COORDINATOR:
        return person.coordinated_networks.filter(region=invitation.region_id).exists()
    return invitation.project_id is not None and person.school_projects.filter(pk=invitation.project_id).exists()


def _lock_invitation(invitation, actor):
    forget_scopes(actor)
    locked = Invitation.objects.select_for_update(of=("self",)).select_related("project").get(pk=invitation.pk)
    invitation_policy.check(actor, "manage", locked)
    refuse_if([_("This invitation was already accepted.")] if locked.accepted_at else [])
    refuse_if([_("This invitation was revoked.")] if locked.revoked_at else [])
    return locked


def resend_invitation(invitation, *, actor):
    """Send a pending invitation again with a new link and a new expiry; the earlier links stop working."""
    with transaction.atomic(durable=True):
        locked = _lock_invitation(invitation, actor)
        locked.nonce = new_nonce()
        locked.expires_at = _expiry()
        locked.resent_count += 1
        locked.save(update_fields=["nonce", "expires_at", "resent_count"])
        _log(PeopleAction.INVITATION_RESENT, actor=actor, invitation=locked, project=locked.project)
        _announce(locked, actor=actor)
    return locked


def revoke_invitation(invitation, *, actor):
    """Revoke a pending invitation: its link no longer opens anything."""
    with transaction.atomic(durable=True):
        locked = _lock_invitation(invitation, actor)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        _log(PeopleAction.INVITATION_REVOKED, actor=actor, invitation=locked, project=locked.project)
    return locked


def accept_invitation(token, *, user, full_name="", password=None):
    """Accept the invitation of an emailed link and return the person who now holds its grant.

    Signed in, ``user`` must be the person invited; anonymous, the account is created with ``full_name`` and
    ``password`` (validated by the form), unless one exists for the address: then he signs in first.
    """
    with transaction.atomic(durable=True):
        invitation = invitation_from_link(token, user=user, lock=True)
        if user.is_authenticated:
            person = User.objects.select_for_update().get(pk=user.pk)
        else:
            refuse_if(
                [_("An account already exists for this address: sign in, then open the link again.")]
                if account_of(invitation) is not None
                else []
            )
            person = User.objects.create_user(
                invitation.email, password, full_name=full_name or invitation.full_name, language=_language()
            )
        _grant(invitation, person)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = person
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _log(
            PeopleAction.INVITATION_ACCEPTED,
            actor=person,
            person=person,
            invitation=invitation,
            project=invitation.project,
        )
    return person


def _language():
    """The language the person accepted in: his emails and pages start in it."""
    language = (translation.get_language() or "")[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE[:2]


def _grant(invitation, person):
    if invitation.grant in FLAG_GRANTS:
        setattr(person, FLAG_GRANTS[invitation.grant], True)
        person.save(update_fields=[FLAG_GRANTS[invitation.grant]])
    elif invitation.grant == Grant.REGIONAL_COORDINATOR:
        invitation.region.network.coordinators.add(person)
    elif invitation.project is not None:
        invitation.project.team.add(person)
    forget_scopes(person)


def request_to_join(*, full_name, email, project_name, commune, region, message=""):
    """Record a founder's request for an account and a project, and tell the region's coordinators.

    A second request from the same address while the first waits is that same request: nothing is written.
    """
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(
                    full_name=full_name,
                    email=email,
                    project_name=project_name,
                    commune=commune,
                    region=region,
                    message=message,
                )
        except IntegrityError:
            return JoinRequest.objects.get(email=email, status=JoinRequestStatus.PENDING)
        _log(PeopleAction.JOIN_REQUESTED, actor=None, join_request=join_request)
        signals.join_requested.send(sender=JoinRequest, join_request=join_request)
    return join_request


def _lock_join_request(join_request, actor):
    forget_scopes(actor)
    locked = JoinRequest.objects.select_for_update().select_related("region").get(pk=join_request.pk)
    join_request_policy.check(actor, "answer", locked)
    refuse_if([_("This request was already answered.")] if locked.status != JoinRequestStatus.PENDING else [])
    return locked


def accept_join_request(join_request, *, actor, message=""):
    """Accept a request to join: create the founder's project and invite him onto its team."""
    with transaction.atomic(durable=True):
        locked = _lock_join_request(join_request, actor)
        project = create_project(
            actor=actor, name=locked.project_name, commune=locked.commune, region=locked.region, trades=[], team=[]
        )
        locked.invitation = _invite(
            actor=actor,
            email=locked.email,
            full_name=locked.full_name,
            grant=Grant.HOLDER,
            region=None,
            project=project,
        )
        _answer(locked, actor=actor, status=JoinRequestStatus.ACCEPTED, message=message)
        _log(PeopleAction.JOIN_REQUEST_ACCEPTED, actor=actor, join_request=locked, project=project, comment=message)
    return locked


def decline_join_request(join_request, *, actor, message):
    """Decline a request to join, with a message the founder receives by email."""
    with transaction.atomic(durable=True):
        locked = _lock_join_request(join_request, actor)
        refuse_if([] if message.strip() else [_("Say why the request is declined: the founder receives it.")])
        _answer(locked, actor=actor, status=JoinRequestStatus.DECLINED, message=message)
        _log(PeopleAction.JOIN_REQUEST_DECLINED, actor=actor, join_request=locked, comment=message)
        signals.join_request_declined.send(sender=JoinRequest, join_request=locked, actor=actor)
    return locked


def _answer(join_request, *, actor, status, message):
    join_request.status = status
    join_request.answered_by = actor
    join_request.answered_at = timezone.now()
    join_request.answer = message
    join_request.save(update_fields=["status", "answered_by", "answered_at", "answer", "invitation"])


def _lock_person(person, actor):
    forget_scopes(actor)
    locked = User.objects.select_for_update().get(pk=person.pk)
    person_policy.check(actor, "deactivate", locked)
    return locked


def deactivate_person(person, *, actor):
    """Deactivate an account: the person can no longer sign in; his rows and the audit trail stay whole."""
    with transaction.atomic(durable=True):
        locked = _lock_person(person, actor)
        refuse_if([] if locked.is_active else [_("This account is already deactivated.")])
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        _log(PeopleAction.DEACTIVATED, actor=actor, person=locked)
    return locked


def reactivate_person(person, *, actor):
    """Let a deactivated person sign in again, with the roles he had."""
    with transaction.atomic(durable=True):
        locked = _lock_person(person, actor)
        refuse_if([_("This account is active.")] if locked.is_active else [])
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        _log(PeopleAction.REACTIVATED, actor=actor, person=locked)
    return locked


def remove_team_member(project, *, actor, person):
    """Take ``person`` off ``project``'s team; a team always keeps one founder."""
    with transaction.atomic(durable=True):
        forget_scopes(actor)
        locked = SchoolProject.objects.select_for_update().get(pk=project.pk)
        team_policy.check(actor, "manage", locked)
        members = set(locked.team.values_list("pk", flat=True))
        if person.pk not in members:
            raise ActionRefused([_("This person is not on the project's team.")])
        refuse_if([_("A project keeps at least one founder on its team.")] if members == {person.pk} else [])
        locked.team.remove(person)
        forget_scopes(person)
        _log(PeopleAction.TEAM_MEMBER_REMOVED, actor=actor, person=person, project=locked)
    return locked


def pseudonymise_address(email, *, erased_email, erased_name):
    """Replace a person's address and name on the invitations and requests to join sent to it.

    Part of a person's erasure (``privacy.services.erase_person``), inside its transaction: the rows stay, so
    that the people log still says who was invited and what was answered, about an anonymous person.
    """
    Invitation.objects.filter(email__iexact=email).update(email=erased_email, full_name=erased_name)
    JoinRequest.objects.filter(email__iexact=email).update(email=erased_email, full_name=erased_name, message="")
