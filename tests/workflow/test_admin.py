"""The admin shows states and records but never lets anyone set a state by hand."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.workflow.conftest import put_in_state
from workflow.enums import State
from workflow.models import TransitionLog
from workflow.services import apply_transition


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_study_state_is_read_only_in_the_admin(admin_client, study):
    study = put_in_state(study, State.SUBMITTED)
    url = reverse("admin:projects_opportunitystudy_change", args=[study.pk])

    form = admin_client.get(url).context["adminform"].form
    admin_client.post(url, {**{k: v or "" for k, v in form.initial.items() if k != "project"}, "state": "approved"})

    study.refresh_from_db()
    assert ("state" in form.fields, study.state) == (False, State.SUBMITTED)


@pytest.mark.django_db
def test_transition_log_cannot_be_changed_in_the_admin(admin_client, complete, holder):

    log = apply_transition(complete, "submit", actor=holder)

    change = admin_client.post(reverse("admin:workflow_transitionlog_change", args=[log.pk]), {"comment": "réécrit"})
    delete = admin_client.post(reverse("admin:workflow_transitionlog_delete", args=[log.pk]), {"post": "yes"})

    assert (change.status_code, delete.status_code, TransitionLog.objects.get().comment) == (403, 403, "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "admin:projects_opportunitystudy_changelist",
        "admin:projects_schoolproject_changelist",
        "admin:workflow_transitionlog_changelist",
        "admin:workflow_trainingmodule_changelist",
        "admin:accounts_user_changelist",
        "admin:juries_jurysession_changelist",
    ],
)
def test_admin_lists_open(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 200
