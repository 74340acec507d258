"""The jurors' pages while scoring is open: conflicts, the scorecard, blindness and the president's reopening."""

import pytest
from django.urls import reverse

from juries.enums import ScorecardStatus
from juries.models import ConflictOfInterest, JuryLog, Score, Scorecard
from juries.services import save_scorecard


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def card_data(criteria, values, *, action="save", comments=(), overall="", confirmed=True):
    data = {"action": action, "overall_comment": overall}
    if action == "submit" and confirmed:
        data["confirmed"] = "on"
    for index, (criterion, value) in enumerate(zip(criteria, values, strict=True)):
        if value is not None:
            data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = comments[index] if comments else ""
    return data


@pytest.mark.django_db
def test_scorecard_page_shows_each_criterion_with_its_guidance(signed_in, alice, scoring_session, entries, criteria):
    criteria[0].grid.criteria.filter(pk=criteria[0].pk).update(guidance="Le besoin du territoire est-il établi ?")

    response = signed_in(alice).get(reverse("juries:scorecard", args=[entries[0].pk]))

    page = response.content.decode()
    assert [criterion.title for criterion, _score, _comment in response.context["form"].rows()] == [
        "Critère 1",
        "Critère 2",
        "Critère 3",
    ]
    assert "Le besoin du territoire est-il établi ?" in page


@pytest.mark.django_db
def test_juror_saves_a_draft_with_comments(signed_in, alice, scoring_session, entries, criteria):
    response = signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]),
        card_data(criteria, ["4", "na", None], comments=("Solide.", "", ""), overall="À revoir."),
        follow=True,
    )

    card = Scorecard.objects.get(entry=entries[0], member=alice)
    assert (card.status, card.overall_comment, messages_of(response)) == (
        ScorecardStatus.DRAFT,
        "À revoir.",
        ["Draft saved."],
    )
    assert [(s.criterion.title, s.value, s.not_applicable, s.comment) for s in card.scores.all()] == [
        ("Critère 1", 4, False, "Solide."),
        ("Critère 2", None, True, ""),
    ]


@pytest.mark.django_db
def test_saved_draft_is_shown_again(signed_in, alice, scoring_session, entries, criteria):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 2}, comments={criteria[0]: "Fragile."})

    response = signed_in(alice).get(reverse("juries:scorecard", args=[entries[0].pk]))

    form = response.context["form"]
    assert (form[f"score_{criteria[0].pk}"].value(), form[f"comment_{criteria[0].pk}"].value()) == ("2", "Fragile.")


@pytest.mark.django_db
def test_juror_submits_his_scorecard(signed_in, alice, scoring_session, entries, criteria):
    response = signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["4", "3", "5"], action="submit")
    )

    card = Scorecard.objects.get(entry=entries[0], member=alice)
    assert (response.status_code, response["Location"], card.status) == (
        302,
        reverse("juries:session-detail", args=[scoring_session.pk]),
        ScorecardStatus.SUBMITTED,
    )


@pytest.mark.django_db
def test_incomplete_scorecard_submitted_rerenders_with_the_reason_and_saves_nothing(
    signed_in, alice, scoring_session, entries, criteria
):
    response = signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["4", None, None], action="submit")
    )

    assert response.status_code == 200
    assert messages_of(response) == ["Score every criterion, or mark it N/A: Critère 2, Critère 3."]
    assert response.context["form"][f"score_{criteria[0].pk}"].value() == "4"
    assert (Scorecard.objects.count(), Score.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_out_of_range_score_rerenders_with_the_error_and_saves_nothing(
    signed_in, alice, scoring_session, entries, criteria
):
    response = signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["9", "3", "5"], action="submit")
    )

    assert (response.status_code, Scorecard.objects.count()) == (200, 0)
    assert response.context["form"].errors[f"score_{criteria[0].pk}"] == [
        "Select a valid choice. 9 is not one of the available choices."
    ]


@pytest.mark.django_db
def test_submitted_scorecard_is_locked(signed_in, alice, scoring_session, entries, criteria, submit):
    submit(entries[0], alice, (4, 3, 5))
    client = signed_in(alice)

    page = client.get(reverse("juries:scorecard", args=[entries[0].pk]))
    response = client.post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["0", "0", "0"], action="save")
    )

    assert (page.context["editable"], messages_of(response)) == (False, ["This scorecard is already submitted."])
    assert [s.value for s in Scorecard.objects.get(entry=entries[0], member=alice).scores.all()] == [4, 3, 5]


@pytest.mark.django_db
def test_scoring_before_it_opens_is_refused_with_the_reason(signed_in, alice, planned_session, entries, criteria):
    response = signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["4", "3", "5"], action="save")
    )

    assert messages_of(response) == ["This is not possible while the jury session is “Planned”."]
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_juror_declares_a_conflict(signed_in, alice, scoring_session, entries):
    response = signed_in(alice).post(
        reverse("juries:conflict", args=[entries[0].pk]), {"reason": "J'ai conseillé ce porteur."}, follow=True
    )

    conflict = ConflictOfInterest.objects.get()
    assert (conflict.member, conflict.entry, conflict.reason) == (alice, entries[0], "J'ai conseillé ce porteur.")
    assert messages_of(response) == ["Conflict of interest recorded: you will not score this study."]
    assert (response.context["page"][0].conflicted, response.context["page"][0].can_score) == (True, False)


@pytest.mark.django_db
def test_conflict_without_reason_rerenders_and_saves_nothing(signed_in, alice, scoring_session, entries):
    response = signed_in(alice).post(reverse("juries:conflict", args=[entries[0].pk]), {"reason": ""})

    assert (response.status_code, ConflictOfInterest.objects.count()) == (200, 0)
    assert response.context["form"].errors["reason"] == ["This field is required."]


@pytest.mark.django_db
def test_conflicted_member_sees_no_link_to_the_study(signed_in, people, scoring_session, entries):
    response = signed_in(people["conflicted_member"]).get(reverse("juries:session-detail", args=[scoring_session.pk]))

    page = response.content.decode()
    assert reverse("workflow:study-detail", args=[entries[0].study_id]) not in page
    assert reverse("workflow:study-detail", args=[entries[1].study_id]) in page
    assert reverse("juries:scorecard", args=[entries[0].pk]) not in page


@pytest.mark.django_db
def test_conflicted_member_cannot_score(signed_in, people, scoring_session, entries, criteria):
    response = signed_in(people["conflicted_member"]).post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["4", "3", "5"], action="submit")
    )

    assert (response.status_code, Scorecard.objects.count()) == (403, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["session-detail", "entry-detail", "scorecard"])
def test_before_deliberation_a_member_never_sees_another_members_scores(
    signed_in, alice, bruno, scoring_session, entries, criteria, page
):
    save_scorecard(
        entries[0],
        actor=bruno,
        scores={criteria[0]: 1, criteria[1]: 2, criteria[2]: 0},
        comments={criteria[0]: "Commentaire secret de Bruno."},
        overall_comment="Avis secret de Bruno.",
    )
    Scorecard.objects.filter(member=bruno).update(status=ScorecardStatus.SUBMITTED)
    args = [scoring_session.pk] if page == "session-detail" else [entries[0].pk]

    response = signed_in(alice).get(reverse(f"juries:{page}", args=args))

    content = response.content.decode()
    assert response.status_code == 200
    assert ("Commentaire secret de Bruno." in content, "Avis secret de Bruno." in content, "Bruno" in content) == (
        False,
        False,
        page == "session-detail",
    )


@pytest.mark.django_db
def test_member_does_not_see_who_has_submitted(signed_in, alice, scoring_session):
    response = signed_in(alice).get(reverse("juries:session-detail", args=[scoring_session.pk]))

    assert [row.progress for row in response.context["page"]] == [None, None]


@pytest.mark.django_db
def test_president_reopens_a_submitted_scorecard(signed_in, president, alice, scoring_session, entries, submit):
    submit(entries[0], alice, (4, 3, 5))

    response = signed_in(president).post(
        reverse("juries:reopen", args=[entries[0].pk, alice.pk]), {"reason": "Erreur de saisie signalée."}
    )

    card = Scorecard.objects.get(entry=entries[0], member=alice)
    assert (response.status_code, card.status) == (302, ScorecardStatus.DRAFT)
    assert JuryLog.objects.filter(action="scorecard_reopened").get().detail == "Erreur de saisie signalée."


@pytest.mark.django_db
def test_reopening_an_unsubmitted_scorecard_is_refused(signed_in, president, alice, scoring_session, entries):
    response = signed_in(president).post(
        reverse("juries:reopen", args=[entries[0].pk, alice.pk]), {"reason": "Erreur."}
    )

    assert (response.status_code, messages_of(response)) == (
        200,
        ["This member has no submitted scorecard for this study."],
    )


@pytest.mark.django_db
def test_reopen_page_does_not_show_the_scores(signed_in, president, alice, scoring_session, entries, criteria):
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4}, overall_comment="Avis secret d'Alice.")

    response = signed_in(president).get(reverse("juries:reopen", args=[entries[0].pk, alice.pk]))

    assert "Avis secret d'Alice." not in response.content.decode()


@pytest.mark.django_db
def test_submitting_without_the_confirmation_is_refused_and_saves_nothing(
    signed_in, alice, scoring_session, entries, criteria
):
    response = signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]),
        card_data(criteria, ["4", "3", "5"], action="submit", confirmed=False),
    )

    assert (response.status_code, Scorecard.objects.count()) == (200, 0)
    assert response.context["form"].errors["confirmed"] == ["Tick this box to submit: a submitted scorecard is locked."]
    assert response.context["form"][f"score_{criteria[0].pk}"].value() == "4"


@pytest.mark.django_db
def test_a_draft_needs_no_confirmation(signed_in, alice, scoring_session, entries, criteria):
    signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["4", "3", None], action="save")
    )

    assert Scorecard.objects.get(entry=entries[0], member=alice).status == ScorecardStatus.DRAFT


@pytest.mark.django_db
def test_scorecard_shows_the_weighted_total_of_the_saved_scores(signed_in, alice, scoring_session, entries, criteria):
    # Weights 50, 30, 20; the N/A criterion's weight is left out: (50×4 + 20×2) / (70×5) × 20 = 13.714...
    save_scorecard(entries[0], actor=alice, scores={criteria[0]: 4, criteria[1]: None, criteria[2]: 2})

    response = signed_in(alice).get(reverse("juries:scorecard", args=[entries[0].pk]))

    page = response.content.decode()
    assert str(response.context["total"]) == "13.71"
    assert "<strong data-total>13.71</strong> / 20" in page
    assert '<script src="/static/js/scorecard.js" defer></script>' in page


@pytest.mark.django_db
def test_scorecard_says_noter_and_soumettre_in_french(signed_in, alice, scoring_session, entries, criteria):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    client = signed_in(alice)

    session_page = client.get(
        reverse("juries:session-detail", args=[scoring_session.pk]), headers={"Accept-Language": "fr"}
    )
    scorecard_page = client.get(reverse("juries:scorecard", args=[entries[0].pk]), headers={"Accept-Language": "fr"})

    assert ">Noter<span" in session_page.content.decode()
    assert ">Soumettre</button>" in scorecard_page.content.decode()


@pytest.mark.django_db
def test_a_score_that_is_not_a_choice_is_an_error_not_a_crash(signed_in, alice, scoring_session, entries, criteria):
    response = signed_in(alice).post(
        reverse("juries:scorecard", args=[entries[0].pk]), card_data(criteria, ["<script>", "3", "na"], action="save")
    )

    # Weights 50, 30, 20: the refused score is left out of the total, the N/A one too: 3 on 5 is 12 on 20.
    assert (response.status_code, str(response.context["total"]), Scorecard.objects.count()) == (200, "12.00", 0)
