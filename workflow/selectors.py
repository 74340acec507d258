"""Rows a user may see. Each selector agrees with its predicate in ``workflow.rules`` (tested as a matrix)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, FilteredRelation, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone

from accounts.links import url_for_pk
from projects.models import Attachment, OpportunityStudy, SchoolProject, StudyVersion, Trade, VersionAttachment
from projects.selectors import trade_labels_by_project
from workflow.caches import RECORD_GENERATION_KEY, record_generation
from workflow.enums import State
from workflow.models import (
    FinancingReview,
    FundedInstrument,
    Funding,
    ProposedInstrument,
    TrainingModule,
    TrainingProgress,
    TransitionLog,
)
from workflow.rules import (
    BANK_VISIBLE_STATES,
    conflicted_project_ids,
    coordinated_region_ids,
    holder_project_ids,
    jury_session_ids,
)
from workflow.turn import StudyFacts


def project_search(q, prefix=""):
    """A ``Q`` matching the studies whose project's name, commune or holder organisation contains ``q``.

    ``prefix`` is the path from the model queried to the study (``"study__"`` from an agenda entry).
    """
    return (
        Q(**{f"{prefix}project__name__icontains": q})
        | Q(**{f"{prefix}project__commune__icontains": q})
        | Q(**{f"{prefix}project__holder_organisation__icontains": q})
    )


def studies_for_user(user, *, q=""):
    """Return the studies ``user`` may open: the ``projects.view_opportunitystudy`` predicate as a queryset.

    ``q`` narrows them to the studies whose project matches the search (``project_search``). The search
    also filters each set of the union, so that PostgreSQL keeps the few projects of a region that match
    before it reads their studies, instead of reading every study of the region first.
    """
    if not user.is_authenticated or not user.is_active:
        return OpportunityStudy.objects.none()
    search = project_search(q) if q else Q()
    if conflicted_project_ids(user):
        # A conflict of interest outweighs every way of seeing a study (``can_view_study``).
        search &= ~Q(project_id__in=conflicted_project_ids(user))
    if user.is_national_coordinator:
        return OpportunityStudy.objects.filter(search)
    studies = OpportunityStudy.objects.filter(search).order_by()
    # One id set per way of seeing a study, and only the ways this user has (his scopes are read once per
    # request): most people have one, whose filter then stands alone, which PostgreSQL plans in a fraction of the
    # time of a union. Several are joined by UNION ALL rather than OR: each set is read through its own index
    # (the coordinator's regions, the user's teams, his agendas), where an OR of them made PostgreSQL scan every
    # study. The ``pk__in`` also keeps the rows single whatever the joins of each set.
    reached = []
    if coordinated_region_ids(user):
        reached.append(Q(project__region_id__in=coordinated_region_ids(user)))
    if holder_project_ids(user):
        reached.append(Q(project_id__in=holder_project_ids(user)))
    if jury_session_ids(user):
        # The agenda entries' model is reached through the relation: ``workflow`` does not import ``juries``.
        agenda_entries = OpportunityStudy._meta.get_field("agenda_entries").related_model.objects
        sat_on = agenda_entries.filter(session_id__in=jury_session_ids(user))
        reached.append(Q(pk__in=sat_on.values("study_id")))
    if len(reached) == 1 and not user.is_bank_expert:
        return OpportunityStudy.objects.filter(reached[0], search)
    sets = [studies.filter(way).values("pk") for way in reached]
    visible = Q(pk__in=sets[0].union(*sets[1:], all=True)) if sets else Q(pk__in=[])
    if user.is_bank_expert:
        # The bank's stages are read on the study's own row: most studies are in them, an id set would be large.
        visible |= Q(state__in=BANK_VISIBLE_STATES) | Q(
            state=State.CHANGES_REQUESTED, changes_requested_from=State.FINANCING_REVIEW
        )
    return OpportunityStudy.objects.filter(visible, search)


def studies_of_coordinated_regions(user):
    """Return the studies of the regions ``user`` coordinates: the region set of ``studies_for_user``.

    He may open every one of them; unlike ``studies_for_user(user).filter(region)``, the query does not build
    the set of all the studies he may open first, so PostgreSQL can walk an index on the studies themselves.
    """
    if not user.is_authenticated or not user.is_active:
        return OpportunityStudy.objects.none()
    return OpportunityStudy.objects.filter(project__region_id__in=coordinated_region_ids(user)).exclude(
        project_id__in=conflicted_project_ids(user)
    )


def projects_for_user(user):
    """Return the school projects ``user`` may read: his team's, and those of the studies he may open."""
    if not user.is_authenticated or not user.is_active:
        return SchoolProject.objects.none()
    return SchoolProject.objects.filter(
        Q(pk__in=studies_for_user(user).values("project_id")) | Q(pk__in=holder_project_ids(user))
    )


def financing_review_shown(user, study):
    """Whether the study page shows ``user`` the financing review of ``study``, a study he may open: the bank's
    analysis is for the federation, the network, the bank and the jury, not for the team it judges.

    ``financing_reviews_for_user`` is the same rule as rows; this one reads the user's memoised scopes only, so
    that the study page spends no query on it.
    """
    return study.project_id not in holder_project_ids(user)


def financing_reviews_for_user(user):
    """Return the financing reviews ``user`` may read (``financing_review_shown``): those of the studies he may
    open, except his own team's."""
    return FinancingReview.objects.filter(study__in=studies_for_user(user)).exclude(
        study__project_id__in=holder_project_ids(user)
    )


def fundings_for_user(user):
    """Return the fundings recorded on the studies ``user`` may open."""
    return Funding.objects.filter(study__in=studies_for_user(user))


def attachments_for_user(user):
    """Return the attachments ``user`` may download: those a submitted version lists, of the studies he may open,
    whatever version (a file taken out of the study since stays readable in the versions that list it); and the
    current draft's, for the study's own team, who see it in their editor. Nothing else: not a file added while
    the team revises, before they submit it.
    """
    listed = Exists(VersionAttachment.objects.filter(attachment_id=OuterRef("pk")))
    own_draft = Q(study__project_id__in=holder_project_ids(user), removed_at__isnull=True)
    return Attachment.objects.filter(listed | own_draft, study__in=studies_for_user(user))


def versions_for_user(user, study_pk):
    """Return the submitted versions of the study ``study_pk``, newest first, if ``user`` may open the study (none
    otherwise), with the study, its project and region, and who submitted each.

    A version is read from its frozen content only: nothing the team changed since shows in it.
    """
    return (
        StudyVersion.objects.filter(study__in=studies_for_user(user), study_id=study_pk)
        .select_related("study__project__region", "submitted_by")
        .order_by("-number")
    )


def stalled_filter(now=None):
    """A ``Q`` matching studies longer in their stage than the stage's time limit."""
    now = now or timezone.now()
    stalled = Q(pk__in=[])
    for state, days in settings.TREMPLIN_STAGE_TIME_LIMITS.items():
        stalled |= Q(state=state, state_changed_at__lt=now - timedelta(days=days))
    return stalled


def study_list_for_user(user, *, q="", state="", region=None, trade=None, stalled=False, sort="updated"):
    """Return the studies ``user`` may open, filtered and sorted for the studies list (constant queries)."""
    studies = (
        studies_for_user(user, q=q)
        .select_related("project", "project__region")
        .prefetch_related(Prefetch("project__trades", queryset=Trade.objects.select_related("parent")))
    )
    if state:
        studies = studies.filter(state=state)
    if region:
        studies = studies.filter(project__region=region)
    if trade:
        studies = studies.filter(Q(project__trades=trade) | Q(project__trades__parent=trade)).distinct()
    if stalled:
        studies = studies.filter(stalled_filter())
    return studies.order_by(SORT_FIELDS.get(sort, "-updated_at"), "pk")


# ``juries.enums.SessionState.CLOSED``, named here: ``workflow`` does not import ``juries``.
CLOSED_SESSION = "closed"


def study_export_for_user(user, **filters):
    """The studies of ``study_list_for_user`` with what the exports add: the jury's decision and published
    figures from the latest closed session that decided on the study, and the funding granted.

    A study conflicted for ``user`` is not among the rows at all. The figures are read as the results page shows
    them; which of them a reader gets is ``may_read_jury_figures``'s call.
    """
    entries = OpportunityStudy._meta.get_field("agenda_entries").related_model.objects
    decided = entries.filter(study=OuterRef("pk"), session__state=CLOSED_SESSION, decision__isnull=False).order_by(
        "-session__date", "-pk"
    )
    funded = (
        FundedInstrument.objects.filter(funding__study=OuterRef("pk"))
        .values("funding__study")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        study_list_for_user(user, **filters)
        .annotate(
            jury_session_id=Subquery(decided.values("session_id")[:1]),
            jury_decision=Subquery(decided.values("decision__decision")[:1]),
            jury_mean=Subquery(decided.values("result__mean")[:1]),
            jury_normalised=Subquery(decided.values("result__normalised")[:1]),
            jury_normalised_rank=Subquery(decided.values("result__normalised_rank")[:1]),
            funded_total=Subquery(funded),
        )
        .prefetch_related(Prefetch("fundings__instruments", queryset=FundedInstrument.objects.order_by("pk")))
    )


def jury_decision_labels():
    """The labels of the jury's decisions, by value, read through the relation (no import of ``juries``)."""
    entry = OpportunityStudy._meta.get_field("agenda_entries").related_model
    decision = entry._meta.get_field("decision").related_model
    return dict(decision._meta.get_field("decision").flatchoices)


def may_read_jury_figures(user):
    """Return whether ``user`` may read the published figures of a session, by its id: the national
    coordinators all of them, a juror those of his sessions, as on the results page."""
    if user.is_national_coordinator:
        return lambda session_id: session_id is not None
    sessions = set(jury_session_ids(user))
    return lambda session_id: session_id in sessions


STUDY_ROW_FIELDS = (
    "pk",
    "state",
    "state_changed_at",
    "created_at",
    "project_id",
    "project__name",
    "project__commune",
    "project__region__name",
)


def study_list_page(studies, number, per_page):
    """Return the page ``number`` of ``studies`` as the studies list shows it, one dict of plain values a study.

    Each row carries its link, its state's label, the date it entered it and its project's trades: two queries
    (the rows, then the trades of their projects), and no model built, which took most of the list's time; the
    links are made from one reversed URL, not a ``{% url %}`` a row.
    """
    # Counted on the studies alone: the count of a ``values()`` query would join the rows' columns' tables too.
    page = Paginator(studies, per_page).get_page(number)
    rows = list(page.object_list.prefetch_related(None).values(*STUDY_ROW_FIELDS))
    trades = trade_labels_by_project([row["project_id"] for row in rows])
    study_url = url_for_pk("workflow:study-detail")
    for row in rows:
        row["url"] = study_url(row["pk"])
        row["state_label"] = State(row["state"]).label
        row["since"] = row["state_changed_at"] or row["created_at"]
        row["trades"] = ", ".join(trades.get(row["project_id"], ()))
    page.object_list = rows
    return page


SORT_FIELDS = {
    "updated": "-updated_at",
    "name": "project__name",
    "region": "project__region__name",
    "state": "state",
    "waiting": "state_changed_at",
}


def study_timeline(study):
    """Return the study's transition log, oldest first, with the actors' names (what the study page shows)."""
    return (
        study.transition_logs.select_related("actor")
        .only(
            "study_id",
            "transition",
            "from_state",
            "to_state",
            "actor_role",
            "comment",
            "created_at",
            "actor__full_name",
            "actor__email",
            "actor__form_of_address",
        )
        .order_by("created_at", "pk")
    )


@dataclass
class StudyRecord:
    """What the study page shows of a study besides the study's own row: it changes only when the study does."""

    version: object  # the latest submitted ``StudyVersion``, or None: its content, attachments listed included
    timeline: list
    instruments: list  # those of the financing review, if any
    funded: list  # the instruments of the recorded funding, if any
    training: list  # ``training_checklist``
    trades: str  # the project's, by their labels


RECORD_KEY = "workflow:study-record"
# Only these states have a funding row: the others spare the query.
FUNDED_STATES = (State.FUNDED, State.OPENED)
RECORD_TIMEOUT = 24 * 3600


def study_record(study):
    """Return the ``StudyRecord`` of ``study``, read once for every process until the study next changes.

    Five queries a study page spares. The key holds the study's ``updated_at``, the value the records'
    generation: ``workflow.caches`` moves either on the domain events that change what a record shows (one read
    of the cache for both). The cache holds plain
    values (``_stored``), never a pickled model: the page gets its instances back, unsaved, without a query.
    The attachments shown are those the version lists, in its content: the draft's current ones, which the
    team changes while it revises, are not the record's.
    """
    key = record_key(study)
    found = cache.get_many([RECORD_GENERATION_KEY, key])
    generation = found.get(RECORD_GENERATION_KEY) or record_generation()
    cached = found.get(key)
    if cached is not None and cached[0] == generation:
        return _record_from(cached[1])
    review = getattr(study, "financing_review", None)
    record = StudyRecord(
        version=study.versions.first(),
        timeline=list(study_timeline(study)),
        instruments=list(review.instruments.all()) if review else [],
        funded=list(FundedInstrument.objects.filter(funding__study=study)) if study.state in FUNDED_STATES else [],
        training=training_checklist(study),
        trades=", ".join(trade_labels_by_project([study.project_id]).get(study.project_id, ())),
    )
    if generation is not None:
        cache.set(key, (generation, _stored(record)), RECORD_TIMEOUT)
    return record


def record_key(study):
    return f"{RECORD_KEY}:{study.pk}:{study.updated_at.isoformat()}"


def _values(instance):
    """The loaded field values of a model instance, by attribute name (a deferred field is left out)."""
    loaded = instance.__dict__
    return {f.attname: loaded[f.attname] for f in instance._meta.concrete_fields if f.attname in loaded}


def _person(instance, relation):
    """The person ``instance`` points to through ``relation`` (loaded with it), as plain values."""
    return {"person": _values(getattr(instance, relation))} if getattr(instance, f"{relation}_id", None) else {}


def _stored(record):
    """Return ``record`` as plain values (dicts, lists, dates, decimals) for the cache."""
    return {
        "version": _values(record.version) if record.version else None,
        "timeline": [{**_values(log), **_person(log, "actor")} for log in record.timeline],
        "instruments": [_values(instrument) for instrument in record.instruments],
        "funded": [_values(instrument) for instrument in record.funded],
        "training": [
            (_values(module), {**_values(progress), **_person(progress, "validated_by")} if progress else None)
            for module, progress in record.training
        ],
        "trades": record.trades,
    }


def _rebuilt(model, values, relation=None):
    values = dict(values)
    person = values.pop("person", None)
    instance = model(**values)
    if person is not None:
        setattr(instance, relation, get_user_model()(**person))
    return instance


def _record_from(stored):
    """Return the ``StudyRecord`` of cached plain values, its models rebuilt unsaved (no query)."""
    version = stored["version"]
    return StudyRecord(
        version=StudyVersion(**version) if version else None,
        timeline=[_rebuilt(TransitionLog, log, "actor") for log in stored["timeline"]],
        instruments=[ProposedInstrument(**values) for values in stored["instruments"]],
        funded=[FundedInstrument(**values) for values in stored["funded"]],
        training=[
            (TrainingModule(**module), _rebuilt(TrainingProgress, progress, "validated_by") if progress else None)
            for module, progress in stored["training"]
        ],
        trades=stored["trades"],
    )


def training_checklist(study):
    """Return the active training modules with the project's progress on each (None when not enrolled).

    One query: the progress rows come joined to the modules.
    """
    modules = (
        TrainingModule.objects.filter(is_active=True)
        .annotate(
            project_progress=FilteredRelation("progress", condition=Q(progress__project_id=study.project_id)),
        )
        .select_related("project_progress", "project_progress__validated_by")
        # Kept in the study's record in the cache: no password hash goes there.
        .defer("project_progress__validated_by__password")
    )
    return [(module, getattr(module, "project_progress", None)) for module in modules]


def study_turn_facts(study, record):
    """Return the ``StudyFacts`` that decide whose turn it is on ``study`` (``workflow.turn``).

    The training comes from the study's ``record``; the jury session is read only in the stages where it
    matters, from the open session whose agenda holds the study.
    """
    session_state = scoring_deadline = None
    if study.state in (State.FINANCING_REVIEW, State.JURY):
        agenda_entries = OpportunityStudy._meta.get_field("agenda_entries").related_model.objects
        session = (
            agenda_entries.filter(study=study)
            .exclude(session__state="closed")
            .values_list("session__state", "session__scoring_deadline")
            .first()
        )
        if session is not None:
            session_state, scoring_deadline = session
    return StudyFacts(
        state=study.state,
        state_changed_at=study.state_changed_at,
        changes_requested_from=study.changes_requested_from,
        has_financing_review=hasattr(study, "financing_review"),
        training_modules_left=sum(
            1
            for module, progress in record.training
            if module.is_mandatory and not (progress and progress.validated_at)
        ),
        session_state=session_state,
        scoring_deadline=scoring_deadline,
    )
