"""What the API shows of each row: the fields the pages show their readers, and nothing the selectors hide."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from juries.models import AgendaEntry, JuryDecision, JurySession, Score, Scorecard
from notifications.models import Notification
from projects.models import OpportunityStudy, Region, RegionalNetwork, SchoolProject, StudyVersion
from workflow.enums import Instrument, Purpose
from workflow.models import FinancingReview, Funding, TransitionLog


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "is_overseas"]


class NetworkSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RegionalNetwork
        fields = ["id", "region", "name", "email"]


class ProjectSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    trades = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = SchoolProject
        fields = ["id", "name", "commune", "region", "trades", "holder_organisation", "created_at", "updated_at"]


class StudySerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = OpportunityStudy
        fields = [
            "id",
            "project",
            "project_name",
            "region",
            "state",
            "state_label",
            "state_changed_at",
            "opened_on",
            "created_at",
            "updated_at",
        ]


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class StudyDetailSerializer(StudySerializer):
    """A study with the transitions its reader is offered, allowed or refused and why, as on the study page."""

    transitions = serializers.SerializerMethodField()

    class Meta(StudySerializer.Meta):
        fields = [*StudySerializer.Meta.fields, "transitions"]

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_transitions(self, study):
        options = self.context["transitions"]
        return TransitionOptionSerializer(options, many=True).data


class VersionSerializer(serializers.ModelSerializer):
    submitted_by = serializers.CharField(source="submitted_by.full_name", read_only=True)

    class Meta:
        model = StudyVersion
        fields = ["number", "study", "submitted_by", "submitted_at"]


class VersionDetailSerializer(VersionSerializer):
    content = serializers.JSONField(read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "content"]


class TransitionLogSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.full_name", read_only=True)

    class Meta:
        model = TransitionLog
        fields = ["id", "study", "transition", "from_state", "to_state", "actor", "actor_role", "comment", "created_at"]


class InstrumentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Instrument.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    label = serializers.CharField()


class FinancingReviewSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.full_name", read_only=True)
    instruments = InstrumentSerializer(many=True, read_only=True)

    class Meta:
        model = FinancingReview
        fields = [
            "id",
            "study",
            "expert",
            "opinion",
            "budget_analysis",
            "financing_plan_analysis",
            "notes",
            "instruments",
            "recorded_at",
        ]


class FundedInstrumentSerializer(InstrumentSerializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices, allow_blank=True)


class FundingSerializer(serializers.ModelSerializer):
    instruments = FundedInstrumentSerializer(many=True, read_only=True)

    class Meta:
        model = Funding
        fields = ["id", "study", "notes", "instruments", "recorded_at"]


class OpeningSerializer(serializers.ModelSerializer):
    study = serializers.IntegerField(source="pk", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)

    class Meta:
        model = OpportunityStudy
        fields = ["study", "project", "project_name", "region", "opened_on"]


class AgendaEntrySerializer(serializers.ModelSerializer):
    """An agenda's line: a study the reader is conflicted on shows its name and nothing else, as on the page."""

    project_name = serializers.CharField(source="study.project.name", read_only=True)
    study = serializers.SerializerMethodField()

    class Meta:
        model = AgendaEntry
        fields = ["id", "session", "position", "project_name", "study"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_study(self, entry):
        return None if entry.study.project_id in self.context["conflicted_project_ids"] else entry.study_id


class SessionSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = JurySession
        fields = [
            "id",
            "title",
            "date",
            "place",
            "video_link",
            "regions",
            "state",
            "quorum",
            "scoring_deadline",
            "updated_at",
        ]


class SessionDetailSerializer(SessionSerializer):
    agenda = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "agenda"]

    @extend_schema_field(AgendaEntrySerializer(many=True))
    def get_agenda(self, session):
        return AgendaEntrySerializer(self.context["agenda"], many=True, context=self.context).data


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "value", "not_applicable", "comment"]


class ScorecardSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.full_name", read_only=True)
    session = serializers.IntegerField(source="entry.session_id", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "entry",
            "session",
            "member",
            "status",
            "scores",
            "overall_comment",
            "updated_at",
            "submitted_at",
        ]


FIGURE = {"max_digits": 7, "decimal_places": 2, "allow_null": True, "read_only": True}


class StudyResultSerializer(serializers.Serializer):
    entry = serializers.IntegerField(source="entry_id")
    study_name = serializers.CharField()
    count = serializers.IntegerField()
    quorum = serializers.IntegerField()
    quorum_reached = serializers.BooleanField()
    mean = serializers.DecimalField(**FIGURE)
    median = serializers.DecimalField(**FIGURE)
    stdev = serializers.DecimalField(**FIGURE)
    minimum = serializers.DecimalField(**FIGURE)
    maximum = serializers.DecimalField(**FIGURE)
    normalised = serializers.DecimalField(**FIGURE)
    rank = serializers.IntegerField(allow_null=True)
    normalised_rank = serializers.IntegerField(allow_null=True)
    disagreement = serializers.BooleanField()
    decision = serializers.CharField(allow_null=True)


class DecisionSerializer(serializers.ModelSerializer):
    study = serializers.IntegerField(source="entry.study_id", read_only=True)
    session = serializers.IntegerField(source="entry.session_id", read_only=True)
    decided_by = serializers.CharField(source="decided_by.full_name", read_only=True)

    class Meta:
        model = JuryDecision
        fields = ["id", "entry", "session", "study", "decision", "motivation", "decided_by", "decided_as", "decided_at"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "created_at", "read_at"]
