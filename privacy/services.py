"""A person's rights over his data: a copy of it, and its erasure.

Erasure pseudonymises: the person's row stays, so the transition log, the scorecards and the decisions
still point at the same (now anonymous) actor and stay consistent; what identifies him is overwritten,
his inbox, e-mails and preferences are deleted, and he can no longer sign in.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from juries.models import ConflictOfInterest, Scorecard
from notifications.models import Delivery, Notification, Preference, WebhookEndpoint
from people.services import pseudonymise_address
from permissions.refusal import ActionRefused, forbid
from privacy.models import ErasureRequest
from projects.models import Attachment, SchoolProject
from workflow.models import TransitionLog
from workflow.rules import is_national_coordinator

ERASED_DOMAIN = "erased.invalid"


def export_personal_data(user):
    """Return everything Tremplin holds about ``user`` as JSON-ready data."""
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "organisation": user.organisation,
            "language": user.language,
            "form_of_address": user.form_of_address,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": {
                "national_coordinator": user.is_national_coordinator,
                "bank_expert": user.is_bank_expert,
                "jury_member": user.is_jury_member,
                "regional_networks": list(user.coordinated_networks.values_list("name", flat=True)),
            },
        },
        "projects": [
            {"name": project.name, "commune": project.commune, "region": project.region.name}
            for project in SchoolProject.objects.filter(team=user).select_related("region")
        ],
        "actions": [
            {
                "study": log.study_id,
                "transition": log.transition,
                "as": log.actor_role,
                "comment": log.comment,
                "at": log.created_at.isoformat(),
            }
            for log in TransitionLog.objects.filter(actor=user).order_by("created_at")
        ],
        "attachments_uploaded": [
            {"name": a.original_name, "study": a.study_id, "at": a.uploaded_at.isoformat()}
            for a in Attachment.objects.filter(uploaded_by=user)
        ],
        "scorecards": [
            {"study": card.entry.study_id, "session": card.entry.session_id, "status": card.status}
            for card in Scorecard.objects.filter(member=user).select_related("entry")
        ],
        "conflicts_of_interest": [
            {"study": c.entry.study_id, "reason": c.reason}
            for c in ConflictOfInterest.objects.filter(member=user).select_related("entry")
        ],
        "notifications": [
            {"text": n.text, "at": n.created_at.isoformat(), "read": n.read_at is not None}
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
        # The addresses of his systems, never their secrets.
        "webhook_endpoints": [
            {"url": e.url, "description": e.description, "kinds": e.kinds, "active": e.is_active}
            for e in WebhookEndpoint.objects.filter(owner=user).order_by("created_at")
        ],
        "erasure_requests": [
            {"requested_at": r.requested_at.isoformat(), "carried_out": r.processed_at is not None}
            for r in user.erasure_requests.all()
        ],
    }


def request_erasure(*, user, reason=""):
    """Record that ``user`` asks for the erasure of his personal data (a national coordinator carries it out)."""
    if user.erasure_requests.filter(processed_at__isnull=True).exists():
        raise ActionRefused([_("Your request is already recorded; the federation will carry it out.")])
    return ErasureRequest.objects.create(user=user, reason=reason.strip())


def erase_person(erasure_request, *, actor):
    """Pseudonymise the person of a pending request, keeping the audit trail and the jury history whole."""
    if not is_national_coordinator(actor):
        forbid()
    with transaction.atomic(durable=True):
        request = ErasureRequest.objects.select_for_update().select_related("user").get(pk=erasure_request.pk)
        if request.processed_at is not None:
            raise ActionRefused([_("This request was already carried out.")])
        person = User.objects.select_for_update().get(pk=request.user_id)
        address = person.email
        person.email = f"erased-{person.pk}@{ERASED_DOMAIN}"
        person.full_name = _("Erased person #%(id)d") % {"id": person.pk}
        person.organisation = ""
        person.form_of_address = ""
        person.is_active = False
        person.set_unusable_password()
        person.save()
        Notification.objects.filter(recipient=person).delete()
        Delivery.objects.filter(Q(recipient=person) | Q(to_email__iexact=address)).delete()
        pseudonymise_address(address, erased_email=person.email, erased_name=person.full_name)
        Preference.objects.filter(user=person).delete()
        WebhookEndpoint.objects.filter(owner=person).delete()
        request.processed_at = timezone.now()
        request.processed_by = actor
        request.reason = ""
        request.save(update_fields=["processed_at", "processed_by", "reason"])
    return person
