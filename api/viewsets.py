"""The API's resources. Every row comes from the owning app's selector and every write goes through the
service the pages call, after the same policy check: the API has no permission logic of its own."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, inputs, serializers
from api.schema import ErrorSerializer
from juries.policy import entry_policy
from juries.selectors import (
    agenda_entries_for_user,
    decisions_for_user,
    scorecards_for_user,
    session_results_for_user,
    sessions_for_user,
)
from juries.services import record_decision, submit_scorecard
from notifications.selectors import notifications_for_user
from permissions.refusal import ActionRefused, forbid
from projects.models import Region, RegionalNetwork
from workflow.policy import study_policy
from workflow.rules import conflicted_project_ids
from workflow.selectors import (
    financing_reviews_for_user,
    fundings_for_user,
    projects_for_user,
    studies_for_user,
    study_timeline,
    versions_for_user,
)
from workflow.services import (
    apply_transition,
    available_transitions,
    may_attempt,
    record_financing_review,
    record_funding,
    record_opening,
)

# An id that PostgreSQL's bigint holds: a longer one is a 404 rather than an overflow.
ID = "[0-9]{1,18}"


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ID

    def rows(self, user):
        raise NotImplementedError

    def get_queryset(self):
        return self.rows(self.request.user)


def valid(input_class, request):
    data = input_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def created(serializer):
    return Response(serializer.data, status=status.HTTP_201_CREATED)


class RegionViewSet(ReadViewSet):
    """The regions: reference data, the same for everyone signed in."""

    serializer_class = serializers.RegionSerializer

    def rows(self, user):
        return Region.objects.all()


class NetworkViewSet(ReadViewSet):
    """The regional networks, one per region."""

    serializer_class = serializers.NetworkSerializer

    def rows(self, user):
        return RegionalNetwork.objects.select_related("region")


class ProjectViewSet(ReadViewSet):
    """The school projects: one's team's, and those of the studies one may open."""

    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter

    def rows(self, user):
        return projects_for_user(user).select_related("region").prefetch_related("trades")


class StudyViewSet(ReadViewSet):
    """The opportunity studies one may open, their submitted versions, their log, and their life cycle's actions."""

    filterset_class = filters.StudyFilter

    def rows(self, user):
        return studies_for_user(user).select_related("project__region")

    def get_serializer_class(self):
        return serializers.StudyDetailSerializer if self.action == "retrieve" else serializers.StudySerializer

    def retrieve(self, request, *args, **kwargs):
        study = self.get_object()
        options = [option for option in available_transitions(study, request.user) if option.permitted]
        return Response(serializers.StudyDetailSerializer(study, context={"transitions": options}).data)

    @extend_schema(responses=serializers.VersionSerializer(many=True), filters=False)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def versions(self, request, pk=None):
        study = self.get_object()
        versions = versions_for_user(request.user, study.pk)
        return Response(serializers.VersionSerializer(versions, many=True).data)

    @extend_schema(responses=serializers.VersionDetailSerializer, filters=False)
    @action(detail=True, url_path=r"versions/(?P<number>[0-9]{1,9})", filter_backends=[], pagination_class=None)
    def version(self, request, pk=None, number=None):
        study = self.get_object()
        version = get_object_or_404(versions_for_user(request.user, study.pk), number=number)
        return Response(serializers.VersionDetailSerializer(version).data)

    @extend_schema(responses=serializers.TransitionLogSerializer(many=True), filters=False)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def log(self, request, pk=None):
        study = self.get_object()
        return Response(serializers.TransitionLogSerializer(study_timeline(study), many=True).data)

    @extend_schema(request=inputs.TransitionInput, responses={201: serializers.TransitionLogSerializer}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=inputs.TransitionInput)
    def transitions(self, request, pk=None):
        """Perform a transition of the life cycle; a refusal (409, or 403) gives its reasons."""
        study = self.get_object()
        data = valid(inputs.TransitionInput, request)
        log = apply_transition(study, data["name"], actor=request.user, comment=data["comment"])
        return created(serializers.TransitionLogSerializer(log))

    @extend_schema(
        request=inputs.FinancingReviewInput, responses={201: serializers.FinancingReviewSerializer}, filters=False
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="financing-review",
        filter_backends=[],
        serializer_class=inputs.FinancingReviewInput,
    )
    def financing_review(self, request, pk=None):
        """Record (or record again) the bank's financing review of a study in financing review."""
        study = self.get_object()
        study_policy.check(request.user, "review_financing", study)
        data = valid(inputs.FinancingReviewInput, request)
        review = record_financing_review(
            study,
            actor=request.user,
            opinion=data["opinion"],
            budget_analysis=data["budget_analysis"],
            financing_plan_analysis=data["financing_plan_analysis"],
            notes=data["notes"],
            instruments=inputs.instrument_rows(data["instruments"]),
        )
        return created(serializers.FinancingReviewSerializer(review))

    @extend_schema(request=inputs.FundingInput, responses={201: serializers.FundingSerializer}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=inputs.FundingInput)
    def funding(self, request, pk=None):
        """Record the funding granted to a selected study, which moves it to ``funded``."""
        study = self.attempted(pk, "record_funding")
        data = valid(inputs.FundingInput, request)
        record_funding(
            study, actor=request.user, instruments=inputs.instrument_rows(data["instruments"]), notes=data["notes"]
        )
        return created(serializers.FundingSerializer(fundings_for_user(request.user).get(study=study)))

    @extend_schema(request=inputs.OpeningInput, responses={201: serializers.TransitionLogSerializer}, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=inputs.OpeningInput)
    def opening(self, request, pk=None):
        """Record the school's opening date, which moves the study to ``opened``."""
        study = self.attempted(pk, "record_opening")
        data = valid(inputs.OpeningInput, request)
        log = record_opening(study, actor=request.user, opened_on=data["opened_on"], comment=data["comment"])
        return created(serializers.TransitionLogSerializer(log))

    def attempted(self, pk, transition):
        """The study, for someone who may perform ``transition`` on it, as the page's ``_study_for`` (403 else)."""
        study = self.get_object()
        if not may_attempt(study, transition, self.request.user):
            forbid()
        return study


class FinancingReviewViewSet(ReadViewSet):
    """The bank's financing reviews, for those who read them on the study page (not the team judged)."""

    serializer_class = serializers.FinancingReviewSerializer
    filterset_class = filters.FinancingReviewFilter

    def rows(self, user):
        return financing_reviews_for_user(user).select_related("expert").prefetch_related("instruments")


class FundingViewSet(ReadViewSet):
    """The fundings recorded on the studies one may open."""

    serializer_class = serializers.FundingSerializer
    filterset_class = filters.FundingFilter

    def rows(self, user):
        return fundings_for_user(user).prefetch_related("instruments")


class OpeningViewSet(ReadViewSet):
    """The schools opened, by their study (the id of an opening is its study's)."""

    serializer_class = serializers.OpeningSerializer
    filterset_class = filters.OpeningFilter

    def rows(self, user):
        return studies_for_user(user).filter(opened_on__isnull=False).select_related("project__region")


class SessionViewSet(ReadViewSet):
    """The jury sessions one may open, with their agenda; their results from deliberation on."""

    filterset_class = filters.SessionFilter

    def rows(self, user):
        return sessions_for_user(user).prefetch_related("regions")

    def get_serializer_class(self):
        return serializers.SessionDetailSerializer if self.action == "retrieve" else serializers.SessionSerializer

    def retrieve(self, request, *args, **kwargs):
        session = self.get_object()
        agenda = (
            agenda_entries_for_user(request.user)
            .filter(session=session)
            .select_related("study__project")
            .order_by("position", "pk")
        )
        context = {"agenda": agenda, "conflicted_project_ids": conflicted_project_ids(request.user)}
        return Response(serializers.SessionDetailSerializer(session, context=context).data)

    # Before deliberation the results are refused as things stand: a 409 with its reason.
    @extend_schema(
        responses={200: serializers.StudyResultSerializer(many=True), 409: OpenApiResponse(ErrorSerializer)},
        filters=False,
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def results(self, request, pk=None):
        """The results, ranked by mean, from deliberation on; the studies one is conflicted on are left out."""
        session = self.get_object()
        results = session_results_for_user(session, request.user)
        if results is None:
            raise ActionRefused([_("The scores are revealed when scoring closes.")])
        return Response(serializers.StudyResultSerializer(results.by_mean, many=True).data)


class AgendaEntryViewSet(ReadViewSet):
    """The studies of the agendas one sees; scoring them and deciding on them."""

    serializer_class = serializers.AgendaEntrySerializer

    def rows(self, user):
        return agenda_entries_for_user(user).select_related("study__project", "session__grid")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "conflicted_project_ids": conflicted_project_ids(self.request.user)}

    @extend_schema(request=inputs.ScorecardInput, responses={201: serializers.ScorecardSerializer})
    @action(detail=True, methods=["post"], serializer_class=inputs.ScorecardInput)
    def scorecard(self, request, pk=None):
        """Submit one's whole scorecard of the study: every criterion scored, or N/A (null)."""
        entry = self.get_object()
        entry_policy.check(request.user, "score", entry)
        data = valid(inputs.ScorecardInput, request)
        card = submit_scorecard(
            entry,
            actor=request.user,
            scores=data["scores"],
            comments=data["comments"],
            overall_comment=data["overall_comment"],
        )
        return created(serializers.ScorecardSerializer(scorecards_for_user(request.user).get(pk=card.pk)))

    @extend_schema(request=inputs.DecisionInput, responses={201: serializers.DecisionSerializer})
    @action(detail=True, methods=["post"], serializer_class=inputs.DecisionInput)
    def decision(self, request, pk=None):
        """Record the jury's decision on the study, the only door to approve, defer and reject."""
        entry = self.get_object()
        entry_policy.check(request.user, "decide", entry)
        data = valid(inputs.DecisionInput, request)
        row = record_decision(entry, actor=request.user, decision=data["decision"], motivation=data["motivation"])
        return created(serializers.DecisionSerializer(row))


class ScorecardViewSet(ReadViewSet):
    """The scorecards one may read: one's own, and the session's from deliberation on (``scorecards_for_user``)."""

    serializer_class = serializers.ScorecardSerializer
    filterset_class = filters.ScorecardFilter

    def rows(self, user):
        return scorecards_for_user(user).select_related("member", "entry").prefetch_related("scores")


class DecisionViewSet(ReadViewSet):
    """The jury's decisions one may see."""

    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter

    def rows(self, user):
        return decisions_for_user(user).select_related("entry", "decided_by")


class NotificationViewSet(ReadViewSet):
    """One's own notifications, never anyone else's."""

    serializer_class = serializers.NotificationSerializer
    filterset_class = filters.NotificationFilter

    def rows(self, user):
        return notifications_for_user(user)


@extend_schema(exclude=True)
class UnknownAddressView(APIView):
    """Any other address under /api/: a 404 in the API's error format, rather than the site's HTML page."""

    def get(self, request, *args, **kwargs):
        raise NotFound

    post = put = patch = delete = head = options = get
