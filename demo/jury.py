"""Everything the demo does with juries, in one function, through ``juries.services``."""

import datetime

from django.utils import timezone

from juries.models import ScoringGrid
from juries.services import (
    add_to_agenda,
    close_scoring,
    close_session,
    declare_conflict,
    open_scoring,
    plan_session,
    record_decision,
    save_scorecard,
    submit_scorecard,
)
from projects.models import OpportunityStudy
from workflow.services import apply_transition

# Scores (0 to 5) a juror gives every criterion, by the decision the jury ends with; jurors differ a little.
SCORE_PROFILES = {"approve": (4, 5, 4, 4), "defer": (3, 2, 3, 2), "reject": (1, 2, 2, 1), None: (4, 3, 4, 3)}
OVERALL_COMMENTS = {
    "approve": "Dossier solide, à soutenir.",
    "defer": "Projet intéressant mais pas encore mûr : locaux et équipe à sécuriser.",
    "reject": "Besoin du territoire insuffisamment démontré.",
    None: "Bon dossier ; vigilance sur la montée en charge du chiffre d'affaires.",
}
# How many jurors have submitted their scorecard of each study of the upcoming session, in agenda order.
SUBMITTED_BY_ENTRY = (2, 4, 1, 0)
# A juror who sits on a project's board declares a conflict of interest on its study.
CONFLICT = (
    "juror_3",
    "Bourgoin-Jallieu",
    "La mission locale que je dirige oriente des jeunes vers ce projet et siège à son conseil d'administration.",
)


def seed_jury(*, decisions, pending, users):
    """Take studies in financing review before the bank jury, as its members and the federation would.

    ``decisions`` lists (study, decision, motivation): those studies go to a session that scores them,
    deliberates, records each decision (moving the study) and closes. ``pending`` studies go to an
    upcoming session left open for scoring, with part of the scorecards submitted. The national
    coordinator plans the sessions and builds the agendas, the bank expert sends each study to the jury,
    the jurors score (one declares a conflict of interest) and the president decides.
    """
    national, bank, president = users["national"], users["bank"], users["president"]
    jurors = [users["juror_1"], users["juror_2"], users["juror_3"], president]
    grid = ScoringGrid.objects.filter(criteria__isnull=False).order_by("-version", "pk").first()
    criteria = list(grid.criteria.order_by("position"))
    today = timezone.localdate()
    sessions = (
        ("Jury national Tremplin — session de printemps", today, decisions),
        ("Jury national Tremplin — session d'automne", today + datetime.timedelta(days=21), pending),
    )
    for title, date, agenda in sessions:
        studies = [item[0] if isinstance(item, tuple) else item for item in agenda]
        if not studies:
            continue
        session = plan_session(
            actor=national,
            title=title,
            date=date,
            grid=grid,
            place="Siège de la Banque Coopérative des Territoires, Lyon",
            regions=sorted({study.project.region_id for study in studies}),
            scoring_deadline=timezone.now() + datetime.timedelta(days=14 if agenda is pending else 1),
            members=jurors,
            president=president,
        )
        entries = [add_to_agenda(session, actor=national, study=study) for study in studies]
        for study in studies:
            apply_transition(
                OpportunityStudy.objects.get(pk=study.pk),
                "send_to_jury",
                actor=bank,
                comment="Analyse financière transmise au jury.",
            )
        open_scoring(session, actor=national)
        decided = {entry.pk: item[1] for entry, item in zip(entries, agenda, strict=True) if isinstance(item, tuple)}
        for entry in entries:
            decision = decided.get(entry.pk)
            conflicted = users[CONFLICT[0]] if entry.study.project.commune == CONFLICT[1] else None
            if conflicted:
                declare_conflict(entry, actor=conflicted, reason=CONFLICT[2])
            profile = SCORE_PROFILES[decision]
            for index, juror in enumerate(member for member in jurors if member != conflicted):
                scores = {
                    criterion: profile[(index + position) % len(profile)] for position, criterion in enumerate(criteria)
                }
                # The upcoming session: from one study to the next, every juror, some or none has submitted
                # (the others are drafting or have not started), so that each stage of scoring shows.
                if decision is None and index >= SUBMITTED_BY_ENTRY[entries.index(entry) % len(SUBMITTED_BY_ENTRY)]:
                    if index % 2:
                        continue
                    write = save_scorecard
                else:
                    write = submit_scorecard
                write(entry, actor=juror, scores=scores, overall_comment=OVERALL_COMMENTS[decision])
        if agenda is pending:
            continue
        close_scoring(session, actor=national)
        for entry, (_study, decision, motivation) in zip(entries, agenda, strict=True):
            record_decision(entry, actor=president, decision=decision, motivation=motivation)
        close_session(session, actor=national)
