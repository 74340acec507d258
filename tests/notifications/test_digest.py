"""Preferences and the daily digest."""

import pytest
from django.core import mail

from notifications.enums import DeliveryMode, EventKind
from notifications.models import Delivery, Notification
from notifications.services import preferred_modes, set_preference
from notifications.tasks import task_send_digests
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, complete_study
from workflow.services import apply_transition


@pytest.mark.django_db
def test_preferences_default_to_email_at_once_and_news_in_the_digest(people):
    user = people["regional_coordinator"]

    assert preferred_modes([user], EventKind.STUDY_SUBMITTED) == {user.pk: DeliveryMode.IMMEDIATE}
    assert preferred_modes([user], EventKind.FEDERATION_NEWS) == {user.pk: DeliveryMode.DIGEST}


@pytest.mark.django_db
def test_in_app_only_reader_gets_an_inbox_item_and_no_email(study, people, django_capture_on_commit_callbacks):
    set_preference(user=people["regional_coordinator"], kind=EventKind.STUDY_SUBMITTED, mode=DeliveryMode.IN_APP)
    complete_study(study)

    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(study, "submit", actor=people["holder"])

    assert Notification.objects.filter(recipient=people["regional_coordinator"]).count() == 1
    assert [message.to for message in mail.outbox] == [[people["national_coordinator"].email]]


@pytest.mark.django_db
def test_digest_reader_gets_one_email_with_all_the_days_items_and_no_immediate_one(
    people, home_region, django_capture_on_commit_callbacks
):
    reader = people["regional_coordinator"]
    set_preference(user=reader, kind=EventKind.STUDY_SUBMITTED, mode=DeliveryMode.DIGEST)
    names = ["École de Production de Vénissieux", "École de Production de Vaulx-en-Velin"]
    for name in names:
        study = complete_study(OpportunityStudyFactory(project=SchoolProjectFactory(name=name, region=home_region)))
        with django_capture_on_commit_callbacks(execute=True):
            apply_transition(study, "submit", actor=study.project.team.get())
    immediate = [message.to for message in mail.outbox]
    mail.outbox.clear()

    task_send_digests.delay()
    task_send_digests.delay()

    assert immediate == [[people["national_coordinator"].email]] * 2
    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert [name in mail.outbox[0].body for name in names] == [True, True]
    assert Notification.objects.filter(recipient=reader, digest__isnull=False).count() == 2
    assert Delivery.objects.filter(recipient=reader).count() == 1
