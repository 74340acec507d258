import datetime
from unittest import mock

import pytest
from django.urls import reverse

from projects.models import OpportunityStudy, SchoolProject, Trade
from projects.selectors import filter_choices
from tests.factories import OpportunityStudyFactory, SchoolProjectFactory, region
from tests.workflow.conftest import deliberate, put_in_state, record_review, validate_all_training
from workflow.enums import Instrument, State
from workflow.models import TrainingModule, TransitionLog


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_holder_submits_from_the_study_page(client, complete, holder):
    response = signed_in(client, holder).post(reverse("workflow:study-transition", args=[complete.pk, "submit"]))

    complete.refresh_from_db()
    assert (response.status_code, complete.state) == (302, State.SUBMITTED)


@pytest.mark.django_db
def test_refused_transition_shows_reasons_and_changes_nothing(client, study, holder):
    response = signed_in(client, holder).post(
        reverse("workflow:study-transition", args=[study.pk, "submit"]), follow=True
    )

    study.refresh_from_db()
    messages = [str(m) for m in response.context["messages"]]
    assert (study.state, TransitionLog.objects.count()) == (State.DRAFT, 0)
    assert messages[0] == "The section “Territorial diagnosis” is empty."


@pytest.mark.django_db
def test_study_page_lists_only_the_actions_of_the_users_roles(client, study, people):
    study = put_in_state(study, State.SUBMITTED)

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-detail", args=[study.pk]))

    assert [(o.name, o.allowed) for o in response.context["options"]] == [("request_changes", True), ("accept", True)]


@pytest.mark.django_db
def test_coordinator_accepts_with_a_comment_in_the_timeline(client, study, people):
    study = put_in_state(study, State.SUBMITTED)
    coordinator = signed_in(client, people["regional_coordinator"])

    coordinator.post(reverse("workflow:study-transition", args=[study.pk, "accept"]), {"comment": "Bienvenue !"})
    response = coordinator.get(reverse("workflow:study-detail", args=[study.pk]))

    assert [(e.to_state, e.comment) for e in response.context["record"].timeline] == [(State.TRAINING, "Bienvenue !")]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_holder", "other_regional_coordinator", "jury_member"])
def test_study_page_and_actions_are_404_out_of_reach(client, study, people, who):
    study = put_in_state(study, State.SUBMITTED)
    other = signed_in(client, people[who])

    assert other.get(reverse("workflow:study-detail", args=[study.pk])).status_code == 404
    assert other.post(reverse("workflow:study-transition", args=[study.pk, "accept"])).status_code == 404
    study.refresh_from_db()
    assert study.state == State.SUBMITTED


@pytest.mark.django_db
def test_training_validated_from_the_study_page(client, study, people):
    module = TrainingModule.objects.create(title="Gouvernance associative")
    study = put_in_state(study, State.TRAINING)

    signed_in(client, people["regional_coordinator"]).post(
        reverse("workflow:training-validate", args=[study.pk, module.pk])
    )

    assert module.progress.get().validated_by == people["regional_coordinator"]


@pytest.mark.django_db
def test_financing_review_form_records_opinion_and_instruments(client, study, people):
    study = put_in_state(study, State.FINANCING_REVIEW)
    data = {
        "opinion": "favourable",
        "budget_analysis": "Solide.",
        "financing_plan_analysis": "Équilibré.",
        "instruments-TOTAL_FORMS": "3",
        "instruments-INITIAL_FORMS": "0",
        "instruments-0-kind": Instrument.SUBORDINATED_LOAN,
        "instruments-0-amount": "150000",
    }

    response = signed_in(client, people["bank_expert"]).post(
        reverse("workflow:financing-review", args=[study.pk]), data
    )

    study.refresh_from_db()
    assert response.status_code == 302
    assert [(i.kind, int(i.amount)) for i in study.financing_review.instruments.all()] == [
        ("subordinated_loan", 150000)
    ]


@pytest.mark.django_db
def test_financing_review_form_forbidden_to_coordinators(client, study, people):
    study = put_in_state(study, State.FINANCING_REVIEW)

    response = signed_in(client, people["national_coordinator"]).get(
        reverse("workflow:financing-review", args=[study.pk])
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_funding_form_without_instrument_changes_nothing(client, study, people):
    study = put_in_state(study, State.APPROVED)
    data = {"instruments-TOTAL_FORMS": "3", "instruments-INITIAL_FORMS": "0", "notes": ""}

    response = signed_in(client, people["bank_expert"]).post(
        reverse("workflow:funding", args=[study.pk]), data, follow=True
    )

    study.refresh_from_db()
    assert study.state == State.APPROVED
    assert [str(m) for m in response.context["messages"]] == ["Give at least one financing instrument with its amount."]


@pytest.mark.django_db
def test_opening_form_records_the_date(client, study, people):
    study = put_in_state(study, State.FUNDED)

    signed_in(client, people["regional_coordinator"]).post(
        reverse("workflow:opening", args=[study.pk]), {"opened_on": "2027-09-06"}
    )

    study.refresh_from_db()
    assert (study.state, study.opened_on) == (State.OPENED, datetime.date(2027, 9, 6))


@pytest.mark.django_db
def test_transfer_form_moves_the_project(client, study, people, other_region):
    signed_in(client, people["national_coordinator"]).post(
        reverse("workflow:transfer", args=[study.pk]), {"region": other_region.pk, "reason": "Déménagement."}
    )

    study.project.refresh_from_db()
    assert study.project.region == other_region


@pytest.mark.django_db
def test_study_list_filters_by_state_and_region(client, people, home_region, other_region):
    wanted = put_in_state(OpportunityStudyFactory(project=SchoolProjectFactory(region=home_region)), State.SUBMITTED)
    put_in_state(OpportunityStudyFactory(project=SchoolProjectFactory(region=other_region)), State.SUBMITTED)
    OpportunityStudyFactory(project=SchoolProjectFactory(region=home_region))

    response = signed_in(client, people["national_coordinator"]).get(
        reverse("workflow:study-list"), {"state": "submitted", "region": home_region.pk}
    )

    assert [s["pk"] for s in response.context["page"]] == [wanted.pk]


@pytest.mark.django_db
def test_study_list_of_a_regional_coordinator_has_only_his_region(client, people, home_region, other_region):
    mine = OpportunityStudyFactory(project=SchoolProjectFactory(region=home_region))
    OpportunityStudyFactory(project=SchoolProjectFactory(region=other_region))

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-list"))

    assert [s["pk"] for s in response.context["page"]] == [mine.pk]


@pytest.mark.django_db
def test_study_list_row_shows_trades_with_their_family_state_and_date(client, people, home_region):
    project = SchoolProjectFactory(name="École du Rhône", commune="Vénissieux", region=home_region)
    project.trades.set(Trade.objects.filter(slug__in=["usinage", "menuiserie"]))
    study = put_in_state(OpportunityStudyFactory(project=project), State.SUBMITTED)
    OpportunityStudy.objects.filter(pk=study.pk).update(
        state_changed_at=datetime.datetime(2026, 3, 14, 23, 30, tzinfo=datetime.UTC)
    )

    response = signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-list"))

    row = response.content.decode().split(reverse("workflow:study-detail", args=[study.pk]))[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:]]
    # Paris is an hour ahead of UTC in March: the study entered its state on the 15th there.
    assert cells == [
        "Vénissieux",
        home_region.name,
        "Bois — Menuiserie, Industrie — Usinage",
        '<span class="state state-submitted">Submitted</span>',
        "03/15/2026",
    ]


@pytest.mark.django_db
def test_study_list_rows_link_each_to_its_own_study_page(client, people, home_region):
    """The rows' links are made from one reversed URL: each still leads to its own study, which opens."""
    studies = [OpportunityStudyFactory(project=SchoolProjectFactory(region=home_region)) for _ in range(3)]
    client = signed_in(client, people["regional_coordinator"])

    rows = client.get(reverse("workflow:study-list"), {"sort": "name"}).context["page"]

    assert sorted((row["pk"], row["url"]) for row in rows) == sorted(
        (study.pk, reverse("workflow:study-detail", args=[study.pk])) for study in studies
    )
    assert {client.get(row["url"]).context["study"].pk for row in rows} == {study.pk for study in studies}


@pytest.mark.django_db
def test_study_list_reads_its_filter_choices_once_a_page(client, people):
    client = signed_in(client, people["national_coordinator"])

    with mock.patch("workflow.forms.filter_choices", wraps=filter_choices) as read:
        response = client.get(reverse("workflow:study-list"), {"region": "1", "trade": "1", "state": "submitted"})

    assert (response.status_code, read.call_count) == (200, 1)


@pytest.mark.django_db
def test_study_list_filter_choices_follow_the_regions_and_trades(
    client, people, django_capture_on_commit_callbacks, other_region
):
    client = signed_in(client, people["national_coordinator"])
    client.get(reverse("workflow:study-list"))  # the choices are cached from now on
    with django_capture_on_commit_callbacks(execute=True):
        Trade.objects.create(name="Horlogerie", slug="horlogerie")
    other_region.name = "Outre-mer"
    with django_capture_on_commit_callbacks(execute=True):
        other_region.save()

    form = client.get(reverse("workflow:study-list")).context["form"]

    trades, regions = (list(dict(form.fields[name].choices).values()) for name in ("trade", "region"))
    assert ("Horlogerie" in trades, "Outre-mer" in regions) == (True, True)


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
def test_study_list_query_count(client, django_assert_num_queries, people, item_count):
    usinage, menuiserie = Trade.objects.filter(slug__in=["usinage", "menuiserie"])
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=region("84")) for n in range(item_count)
    )
    SchoolProject.trades.through.objects.bulk_create(
        SchoolProject.trades.through(schoolproject=project, trade=trade)
        for project in projects
        for trade in (usinage, menuiserie)
    )
    OpportunityStudy.objects.bulk_create(OpportunityStudy(project=project) for project in projects)
    signed_in(client, people["regional_coordinator"]).get(reverse("workflow:study-list"))  # caches the choices

    # Session, user, his scopes, the count, the rows, their trades, the unread count.
    with django_assert_num_queries(7):
        response = client.get(reverse("workflow:study-list"), {"q": "École", "page": 2})

    assert (response.context["page"].paginator.count, len(response.context["page"])) == (
        item_count,
        10 if item_count == 10 else 25,
    )


@pytest.mark.django_db
def test_submitted_version_is_what_reviewers_read(client, complete, holder, people):
    signed_in(client, holder).post(reverse("workflow:study-transition", args=[complete.pk, "submit"]))

    response = signed_in(client, people["regional_coordinator"]).get(
        reverse("workflow:study-detail", args=[complete.pk])
    )

    assert response.context["record"].version.number == 1
    assert response.context["record"].version.sections()[0] == (
        "Territorial diagnosis",
        "Contenu de la section territorial_diagnosis.",
    )


@pytest.mark.django_db
def test_study_list_answers_htmx_with_the_results_only(client, people, home_region):
    OpportunityStudyFactory(project=SchoolProjectFactory(region=home_region, name="École du Forez"))
    signed_in(client, people["regional_coordinator"])

    full = client.get(reverse("workflow:study-list"), {"q": "Forez"})
    partial = client.get(reverse("workflow:study-list"), {"q": "Forez"}, headers={"HX-Request": "true"})

    assert b"<html" in full.content
    assert partial.content.decode().lstrip().startswith('<div id="study-results"')
    assert "École du Forez" in partial.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
@pytest.mark.parametrize(
    ("who", "queries", "options"),
    [
        # The jury's decision is taken on the session's pages only: the study page never offers it.
        # One query more than in other states: the session's state and deadline, for whose turn it is.
        ("national_coordinator", (11, 6), []),
        ("regional_coordinator", (11, 6), []),
        ("jury_president", (11, 6), []),
        ("holder", (11, 6), ["withdraw"]),
    ],
)
def test_study_page_on_a_jury_agenda_query_count(
    client, django_assert_num_queries, people, study, item_count, who, queries, options
):
    """The study's record (version, timeline, instruments, training, trades) is read once, then from the cache."""
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=study.project.region) for n in range(item_count)
    )
    OpportunityStudy.objects.bulk_create(OpportunityStudy(project=project) for project in projects)
    study = put_in_state(study, State.JURY)
    record_review(study, people["bank_expert"])
    validate_all_training(study, people["regional_coordinator"])
    deliberate(study, president=people["jury_president"], member=people["jury_member"])
    signed_in(client, people[who])

    for count in queries:
        with django_assert_num_queries(count):
            response = client.get(reverse("workflow:study-detail", args=[study.pk]))

    offered = response.context["options"] + response.context["confirmed_options"]
    assert (response.status_code, [option.name for option in offered]) == (200, options)


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [10, 200])
def test_study_page_in_draft_query_count(client, django_assert_num_queries, people, study, item_count):
    projects = SchoolProject.objects.bulk_create(
        SchoolProject(name=f"École n°{n}", commune="Lyon", region=study.project.region) for n in range(item_count)
    )
    OpportunityStudy.objects.bulk_create(OpportunityStudy(project=project) for project in projects)
    TrainingModule.objects.create(title="Le modèle pédagogique", is_mandatory=True)
    signed_in(client, people["regional_coordinator"])

    with django_assert_num_queries(9):
        response = client.get(reverse("workflow:study-detail", args=[study.pk]))

    assert [progress for _module, progress in response.context["record"].training] == [None]
