"""Every URL pattern of the site, resolved with the objects of the seeded world."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from people.tokens import make_token

# Django's admin has its own permission system (staff only) and is tested in the apps' admin tests.
SKIPPED_NAMESPACES = {"admin"}


def url_names():
    """Yield the name of every URL pattern, namespaced, outside the admin."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def url_for(name, world):
    """Reverse ``name`` with the world's objects: the study under test, its attachment, its jury session..."""
    kwargs = {
        "studies": {"pk": world.study.pk},
        "juries-session": {"pk": world.session.pk},
        "juries-entry": {"pk": world.entry.pk},
        "juries-grid": {"pk": world.session.grid_id},
        "schools-school": {"pk": world.school.pk},
        "schools-report": {"pk": world.report.pk},
        "schools-campaign": {"pk": world.report.campaign_id},
    }
    extra = {
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "notifications:open": {"pk": world.notification.pk},
        "notifications:resend": {"pk": world.failed_delivery.pk},
        **{
            f"notifications:webhook-{name}": {"pk": world.endpoint.pk}
            for name in ("detail", "edit", "delete", "secret", "test")
        },
        "notifications:webhook-resend": {"pk": world.endpoint.pk, "delivery_pk": world.webhook_delivery.pk},
        "workflow:attachment-download": {"pk": world.attachment.pk},
        "workflow:version-detail": {"pk": world.study.pk, "number": 1},
        "workflow:version-compare": {"pk": world.study.pk, "start": 1, "end": 1},
        "projects:attachment-remove": {"pk": world.study.pk, "attachment_pk": world.attachment.pk},
        "projects:study-section": {"pk": world.study.pk, "section": "governance"},
        "workflow:study-transition": {"pk": world.study.pk, "name": "send_to_jury"},
        "workflow:training-validate": {"pk": world.study.pk, "module_pk": world.module.pk},
        "workflow:training-module-edit": {"pk": world.module.pk},
        "juries:member-remove": {"pk": world.session.pk, "user_pk": world.people["juror"].pk},
        "juries:member-president": {"pk": world.session.pk, "user_pk": world.people["juror"].pk},
        "juries:agenda-remove": {"pk": world.session.pk, "entry_pk": world.entry.pk},
        "juries:reopen": {"pk": world.entry.pk, "member_pk": world.people["juror"].pk},
        "people:person-deactivate": {"pk": world.people["holder"].pk},
        "people:person-reactivate": {"pk": world.people["holder"].pk},
        "people:invitation-resend": {"pk": world.invitation.pk},
        "people:invitation-revoke": {"pk": world.invitation.pk},
        "people:invitation-accept": {"token": make_token(world.invitation)},
        "people:join-request-accept": {"pk": world.join_request.pk},
        "people:join-request-decline": {"pk": world.join_request.pk},
        "people:team": {"pk": world.study.project_id},
        "people:team-remove": {"pk": world.study.project_id, "user_pk": world.people["holder"].pk},
    }
    if name in extra:
        return reverse(name, kwargs=extra[name])
    if name.startswith("api:"):
        return _api_url(name, world)
    try:
        return reverse(name)
    except Exception:  # noqa: BLE001 -- a pattern with a pk: the object its prefix names, else the study or session
        pass
    for prefix, group in (
        ("juries:entry-", "juries-entry"),
        ("juries:decision", "juries-entry"),
        ("juries:conflict", "juries-entry"),
        ("juries:recusal", "juries-entry"),
        ("juries:scorecard", "juries-entry"),
        ("juries:grid-", "juries-grid"),
        ("schools:school-", "schools-school"),
        ("schools:report-", "schools-report"),
        ("schools:campaign-", "schools-campaign"),
    ):
        if name.startswith(prefix):
            return reverse(name, kwargs=kwargs[group])
    group = "juries-session" if name.startswith("juries:") else "studies"
    return reverse(name, kwargs=kwargs[group])


def _api_url(name, world):
    """The API's routes, on the world's rows: its study, entry, session, their review, scorecard, notification."""
    study = world.study
    pks = {
        "study": study.pk,
        "agenda-entry": world.entry.pk,
        "session": world.session.pk,
        "financing-review": study.financing_review.pk,
        "scorecard": world.entry.scorecards.get().pk,
        "notification": world.notification.pk,
        "project": study.project_id,
        "region": study.project.region_id,
        "network": study.project.region.network.pk,
        # Nothing decided, funded or opened yet in the world: these read a row nobody may see.
        "decision": study.pk,
        "funding": study.pk,
        "opening": study.pk,
    }
    if name == "api:study-version":
        return reverse(name, kwargs={"pk": study.pk, "number": 1})
    if name == "api:token-revoke":
        return reverse(name, kwargs={"pk": world.holder_token.pk})
    for kind, pk in pks.items():
        if name.startswith(f"api:{kind}-") and not name.endswith("-list"):
            return reverse(name, kwargs={"pk": pk})
    return reverse(name)
