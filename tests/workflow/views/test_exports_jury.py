"""The exports carry the jury's decision, its published figures once the session is closed, and the funding,
within each reader's scope: a juror conflicted on a project gets no row of it, a reader outside the session no
figures of it."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from juries.enums import Decision
from juries.services import (
    add_to_agenda,
    close_scoring,
    close_session,
    declare_conflict,
    open_scoring,
    plan_session,
    record_decision,
    submit_scorecard,
)
from projects.models import OpportunityStudy, SchoolProject
from tests.factories import ScoringGridFactory, UserFactory, region
from tests.factories.juries import study_in_financing_review
from workflow.enums import Instrument
from workflow.services import apply_transition, record_funding

COLUMNS = [
    "Jury decision",
    "Jury mean (on 20)",
    "Normalised score (z)",
    "Normalised rank",
    "Funding granted (EUR)",
    "Funding instruments",
]


def fresh(study):
    return OpportunityStudy.objects.get(pk=study.pk)


@pytest.fixture
def jury_world(db):
    """Two projects decided by a closed session: Alpha approved and funded, Bravo deferred; a juror is
    conflicted on Alpha."""
    home = region("84")
    national, bank = UserFactory(is_national_coordinator=True), UserFactory(is_bank_expert=True)
    president, first, second, conflicted = (UserFactory(is_jury_member=True) for _ in range(4))
    alpha, bravo = (study_in_financing_review(region=home, bank_expert=bank) for _ in range(2))
    SchoolProject.objects.filter(pk=alpha.project_id).update(name="Projet Alpha")
    SchoolProject.objects.filter(pk=bravo.project_id).update(name="Projet Bravo")
    grid = ScoringGridFactory()
    session = plan_session(
        actor=national,
        title="Jury d'hiver",
        date=timezone.localdate(),
        grid=grid,
        place="Lyon",
        regions=[home.pk],
        scoring_deadline=timezone.now() + datetime.timedelta(days=7),
        members=[president, first, second, conflicted],
        president=president,
    )
    entries = [add_to_agenda(session, actor=national, study=study) for study in (alpha, bravo)]
    for study in (alpha, bravo):
        apply_transition(fresh(study), "send_to_jury", actor=bank)
    open_scoring(session, actor=national)
    declare_conflict(entries[0], actor=conflicted, reason="Je siège à son conseil.")
    criteria = list(grid.criteria.all())
    for entry, values in ((entries[0], (5, 4, 4)), (entries[1], (2, 3, 2))):
        for juror in (president, first, second, conflicted):
            if juror == conflicted and entry == entries[0]:
                continue
            submit_scorecard(entry, actor=juror, scores=dict(zip(criteria, values, strict=True)))
    close_scoring(session, actor=national)
    record_decision(entries[0], actor=president, decision=Decision.APPROVE, motivation="Solide.")
    record_decision(entries[1], actor=president, decision=Decision.DEFER, motivation="À mûrir.")
    close_session(session, actor=national)
    record_funding(
        fresh(alpha),
        actor=bank,
        instruments=[(Instrument.LOAN, Decimal("150000.00"), "Prêt participatif"), (Instrument.GRANT, 30000, "")],
    )
    coordinator = UserFactory(coordinates=[home])
    return {
        "national": national,
        "juror": first,
        "conflicted": conflicted,
        "coordinator": coordinator,
        "holder": alpha.project.team.get(),
    }


def exported(client, user):
    client.force_login(user)
    response = client.get(reverse("workflow:study-export-csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    columns = [header.index(name) for name in ["Project", *COLUMNS]]
    return {row[columns[0]]: [row[index] for index in columns[1:]] for row in rows[1:]}


ALPHA_FUNDING = ["180000.00", "Loan 150000.00 (Prêt participatif); Grant 30000.00"]


@pytest.mark.django_db
def test_a_juror_of_the_session_exports_decisions_and_figures(client, jury_world):
    rows = exported(client, jury_world["juror"])

    assert rows == {
        "Projet Alpha": ["Selected", "18.00", "1.00", "1", *ALPHA_FUNDING],
        "Projet Bravo": ["Deferred", "9.20", "-0.75", "2", "", ""],
    }


@pytest.mark.django_db
def test_a_juror_conflicted_on_a_project_gets_no_row_of_it(client, jury_world):
    # His z-score on Bravo is 0, the only study he scored: Bravo's normalised mean is (-1 - 1 - 1 + 0) / 4.
    rows = exported(client, jury_world["conflicted"])

    assert rows == {"Projet Bravo": ["Deferred", "9.20", "-0.75", "2", "", ""]}


@pytest.mark.django_db
def test_a_reader_outside_the_session_gets_the_decision_and_funding_but_no_figures(client, jury_world):
    rows = exported(client, jury_world["coordinator"])

    assert rows == {
        "Projet Alpha": ["Selected", "", "", "", *ALPHA_FUNDING],
        "Projet Bravo": ["Deferred", "", "", "", "", ""],
    }


@pytest.mark.django_db
def test_a_holder_exports_his_own_project_only(client, jury_world):
    assert exported(client, jury_world["holder"]) == {"Projet Alpha": ["Selected", "", "", "", *ALPHA_FUNDING]}


@pytest.mark.django_db
def test_the_national_coordinator_gets_the_figures_in_the_xlsx_as_numbers(client, jury_world):
    client.force_login(jury_world["national"])

    response = client.get(reverse("workflow:study-export-xlsx"))

    rows = [list(row) for row in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values]
    alpha = next(row for row in rows if row[0] == "Projet Alpha")
    assert alpha[-6:] == ["Selected", 18, 1, 1, 180000, "Loan 150000.00 (Prêt participatif); Grant 30000.00"]
