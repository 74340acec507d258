"""Forms of the jury pages: they read and check what people type; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from juries.aggregation import publish, weighted_total
from juries.enums import AgendaShow, Decision, DecisionShown, QuorumShown, ResultOrder, SessionState
from juries.models import MAX_SCORE, MAXIMUM_QUORUM, ScoringGrid
from juries.services.sessions import FIXED_ONCE_SCORING
from projects.forms import ModelMultipleChoiceField
from projects.models import Region
from workflow.forms import FilterSelect

NOT_APPLICABLE = "na"
SCORE_CHOICES = [(str(value), str(value)) for value in range(MAX_SCORE + 1)] + [(NOT_APPLICABLE, _("N/A"))]
SCORE_VALUES = {value for value, _label in SCORE_CHOICES}
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def jurors():
    """The people who may sit on a jury."""
    return get_user_model().objects.filter(is_jury_member=True, is_active=True).order_by("full_name", "email")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_LOCAL)


def _future(moment):
    if moment is not None and moment <= timezone.now():
        raise forms.ValidationError(_("Choose a moment in the future."))
    return moment


class SessionDetailsForm(forms.Form):
    """A session's details, as planned or corrected later; those its state no longer lets change are disabled."""

    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    regions = ModelMultipleChoiceField(
        label=_("Regions covered"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=1,
        max_value=MAXIMUM_QUORUM,
        required=False,
        help_text=_("Leave empty for the majority of the non-conflicted members, at least 3."),
    )

    def __init__(self, *args, session=None, **kwargs):
        if session is not None:
            kwargs.setdefault("initial", model_to_dict(session, fields=list(self.base_fields)))
        super().__init__(*args, **kwargs)
        if session is not None and session.state != SessionState.PLANNED:
            # Shown, not offered: the service would refuse to change them.
            for name in FIXED_ONCE_SCORING:
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("video_link"):
            raise forms.ValidationError(_("Give the place of the session or its video link."))
        return cleaned


class SessionForm(SessionDetailsForm):
    """A new session: its details, its grid, scoring deadline and members, the president among them."""

    grid = forms.ModelChoiceField(label=_("Scoring grid"), queryset=ScoringGrid.objects.all())
    scoring_deadline = forms.DateTimeField(label=_("Scoring deadline"), widget=DateTimeLocalInput)
    members = ModelMultipleChoiceField(label=_("Members"), queryset=jurors(), widget=forms.CheckboxSelectMultiple)
    president = forms.ModelChoiceField(
        label=_("President"), queryset=jurors(), help_text=_("The president is a member too.")
    )
    field_order = [
        "title",
        "date",
        "place",
        "video_link",
        "regions",
        "grid",
        "quorum",
        "scoring_deadline",
        "members",
        "president",
    ]

    def clean_scoring_deadline(self):
        return _future(self.cleaned_data["scoring_deadline"])

    def clean(self):
        cleaned = super().clean()
        quorum, members = cleaned.get("quorum"), cleaned.get("members")
        if quorum and members is not None:
            # A quorum above the members chosen would keep the jury from ever deciding.
            size = len({*members, *([cleaned["president"]] if cleaned.get("president") else [])})
            if quorum > size:
                self.add_error(
                    "quorum",
                    _("The quorum cannot be more than the %(count)d members chosen.") % {"count": size},
                )
        return cleaned


class MemberForm(forms.Form):
    # Every juror of the federation not yet a member is offered: hundreds of options, drawn in one template.
    user = forms.ModelChoiceField(label=_("Juror"), queryset=jurors(), widget=FilterSelect)
    is_president = forms.BooleanField(label=_("As president"), required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = jurors().exclude(jury_memberships__session=session)


class AgendaForm(forms.Form):
    study = forms.ModelChoiceField(label=_("Study"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["study"].queryset = candidates


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(label=_("New scoring deadline"), widget=DateTimeLocalInput)

    def clean_deadline(self):
        return _future(self.cleaned_data["deadline"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class RecusalForm(ReasonForm):
    """The member the president (or a national coordinator) recuses from a study, and why."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    field_order = ["member", "reason"]

    def __init__(self, *args, entry, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            get_user_model()
            .objects.filter(jury_memberships__session_id=entry.session_id)
            .exclude(pk=actor.pk)
            .exclude(jury_conflicts__project_id=entry.study.project_id)
            .order_by("full_name", "email")
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class GridDetailsForm(forms.Form):
    """What can change on a grid besides its criteria; its name is given once, its versions share it."""

    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )


class GridForm(GridDetailsForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("A grid of the same name as an existing one becomes its next version."),
    )
    field_order = ["name", "description"]


class CriterionForm(forms.Form):
    # Only read here: the grid services check the weights and their total, and say why they refuse.
    title = forms.CharField(label=_("Title"), max_length=200)
    weight = forms.IntegerField(label=_("Weight (out of 100)"))
    guidance = forms.CharField(
        label=_("Guidance for the jurors"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )


class BaseCriteriaFormSet(forms.BaseFormSet):
    """The criteria of a grid, one row each, in order; blank rows are left out."""

    # Enough blank rows to type a usual grid at once, and always a few more to add to an existing one.
    usual_criteria = 8
    spare_rows = 2

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = max(self.usual_criteria - len(self.initial or ()), self.spare_rows)

    def _kept_rows(self):
        """The cleaned rows neither blank nor marked for deletion (partly cleaned where a row has errors)."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def criteria(self):
        """The criteria as the grid services take them (once the formset is valid)."""
        return [{name: row[name] for name in ("title", "weight", "guidance")} for row in self._kept_rows()]

    def weight_total(self):
        """The total of the weights typed, shown again after errors (once the formset is validated)."""
        return sum(row.get("weight") or 0 for row in self._kept_rows())


CriteriaFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriteriaFormSet, can_delete=True, can_delete_extra=False
)


class ScorecardForm(forms.Form):
    """One score (0 to 5, N/A or not yet answered) and one comment per criterion, and an overall comment."""

    overall_comment = forms.CharField(
        label=_("Overall comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000
    )
    # Submitting cannot be undone by the juror: he ticks this first, which needs no script.
    confirmed = forms.BooleanField(
        label=_("I have checked my scores: submitting locks this scorecard."), required=False
    )

    def __init__(self, data=None, *, criteria, scorecard=None, submitting=False, **kwargs):
        self.criteria = list(criteria)
        self.submitting = submitting
        if scorecard is not None and data is None:
            kwargs["initial"] = self._initial(scorecard)
        super().__init__(data, **kwargs)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.title, choices=SCORE_CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.title},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
            )

    @staticmethod
    def _initial(scorecard):
        initial = {"overall_comment": scorecard.overall_comment}
        for score in scorecard.scores.all():
            value = NOT_APPLICABLE if score.not_applicable else score.value
            initial[f"score_{score.criterion_id}"] = "" if value is None else str(value)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not cleaned.get("confirmed"):
            self.add_error("confirmed", _("Tick this box to submit: a submitted scorecard is locked."))
        return cleaned

    def total(self):
        """The weighted total on 20 of the scores the form shows (saved or just sent), or None."""
        scores, weights = {}, {}
        for criterion in self.criteria:
            value = self[f"score_{criterion.pk}"].value()
            if value not in SCORE_VALUES:
                # Not answered yet, or not a choice: the field's error says so; the total leaves it out.
                continue
            weights[criterion.pk] = criterion.weight
            scores[criterion.pk] = None if value == NOT_APPLICABLE else int(value)
        total = weighted_total(scores, weights)
        return None if total is None else publish(total)

    def rows(self):
        """Yield (criterion, score field, comment field) for the template."""
        for criterion in self.criteria:
            yield criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]

    def answers(self):
        """Return ``scores`` and ``comments`` as the scoring services take them."""
        scores, comments = {}, {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"score_{criterion.pk}")
            if value == NOT_APPLICABLE:
                scores[criterion.pk] = None
            elif value:
                scores[criterion.pk] = int(value)
            comments[criterion.pk] = self.cleaned_data.get(f"comment_{criterion.pk}", "")
        return {"scores": scores, "comments": comments, "overall_comment": self.cleaned_data["overall_comment"]}


def _search():
    return forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A project's name, commune or region."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def agenda_shows(session, *, member, sees_progress):
    """Return the ``AgendaShow`` filters that make sense to this reader at the session's stage."""
    shows = []
    if member and session.state == SessionState.SCORING:
        shows.append(AgendaShow.TO_SCORE)
    if sees_progress and session.state != SessionState.PLANNED:
        shows += [AgendaShow.MISSING, AgendaShow.COMPLETE]
    if session.is_scores_revealed:
        shows.append(AgendaShow.UNDECIDED)
    return shows


class AgendaFilterForm(forms.Form):
    """The session page's search and filter of its agenda; a value not offered is left out, not an error."""

    q = _search()
    show = forms.ChoiceField(label=_("Show"), required=False, widget=FilterSelect)

    def __init__(self, data=None, *, shows):
        super().__init__(data)
        self.fields["show"].choices = [("", _("All studies")), *((show.value, show.label) for show in shows)]


class CandidateSearchForm(forms.Form):
    """The search among the studies a national coordinator may put on the agenda: they may be thousands."""

    candidate = forms.CharField(
        label=_("Find a study"),
        required=False,
        max_length=100,
        help_text=_("A project's name, commune or region."),
        widget=forms.TextInput(attrs={"type": "search", "form": "agenda-filters"}),
    )


class ResultsFilterForm(forms.Form):
    """The results table's search, filters and ranking."""

    q = _search()
    quorum = forms.ChoiceField(
        label=_("Quorum"), required=False, choices=[("", _("Any quorum")), *QuorumShown.choices], widget=FilterSelect
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("Any decision")), *DecisionShown.choices],
        widget=FilterSelect,
    )
    conflict = forms.BooleanField(label=_("A member stands aside"), required=False)
    order = forms.ChoiceField(label=_("Rank by"), required=False, choices=ResultOrder.choices, widget=FilterSelect)
