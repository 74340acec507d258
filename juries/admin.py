"""Admin for sessions, grids and criteria.

States, scores and decisions are read-only here: the services in ``juries.services`` are the only way to
change them, and the admin actions call those services. Scorecards are not in the admin at all, so that
no page shows scores before deliberation.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from juries.enums import SessionState
from juries.exceptions import JuryActionRefused
from juries.models import AgendaEntry, Criterion, JuryDecision, JuryMembership, JurySession, ScoringGrid
from juries.services import close_scoring, close_session, new_grid_version, open_scoring
from juries.services.grids import TOTAL_WEIGHT
from juries.services.results import refresh_results


class CriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            form.cleaned_data.get("weight") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if total != TOTAL_WEIGHT:
            raise forms.ValidationError(
                gettext("The weights of the criteria must add up to 100, not %(total)d.") % {"total": total}
            )


class CriterionInline(admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 0
    fields = ["position", "title", "guidance", "weight"]

    def _editable(self, obj):
        return obj is None or not obj.is_frozen

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ScoringGrid)
class ScoringGridAdmin(admin.ModelAdmin):
    """A frozen grid is read-only; the “new version” action copies it into an editable one."""

    list_display = ["name", "version", "frozen_at"]
    list_filter = ["name"]
    readonly_fields = ["frozen_at", "created_by", "created_at"]
    inlines = [CriterionInline]
    actions = ["make_new_version"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Make a new version of the selected grids"))
    def make_new_version(self, request, queryset):
        for grid in queryset:
            try:
                new = new_grid_version(grid, actor=request.user)
            except (JuryActionRefused, PermissionDenied) as error:
                self.message_user(request, str(error) or gettext("Not allowed."), messages.ERROR)
            else:
                self.message_user(request, gettext("Created %(grid)s.") % {"grid": new})


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class JuryMembershipInline(ReadOnlyInline):
    """Members are added with ``add_member``, which logs the change and invites them."""

    model = JuryMembership
    fields = ["user", "is_president", "invited_at"]


class AgendaEntryInline(ReadOnlyInline):
    """The agenda is built with ``add_to_agenda``, which checks the study's stage."""

    model = AgendaEntry
    fields = ["position", "study", "added_at"]


@admin.register(JurySession)
class JurySessionAdmin(admin.ModelAdmin):
    """The session's state moves only through the actions, which call the jury services.

    Members and agenda are shown, not edited: their services log each change and send the invitations.
    """

    list_display = ["title", "date", "state", "grid", "scoring_deadline"]
    list_filter = ["state", "regions"]
    search_fields = ["title", "place"]
    filter_horizontal = ["regions"]
    inlines = [JuryMembershipInline, AgendaEntryInline]
    actions = ["open_scoring_action", "close_scoring_action", "close_action"]

    def get_readonly_fields(self, request, obj=None):
        fields = ["state", "created_by", "created_at"]
        if obj is not None and obj.state != SessionState.PLANNED:
            # The grid is frozen with scoring open, and the deadline moves through ``extend_deadline``.
            fields += ["grid", "quorum", "scoring_deadline"]
        return fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.state == SessionState.PLANNED) and super().has_delete_permission(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "video_link":
            # Video-conference links are https; Django 6 makes it the default scheme.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if "quorum" in form.changed_data:
            # The admin's request is one transaction: the figures commit with the new quorum.
            refresh_results(obj)

    def _run(self, request, queryset, service):
        for session in queryset:
            try:
                service(session, actor=request.user)
            except JuryActionRefused as refused:
                self.message_user(request, f"{session}: {refused}", messages.ERROR)
            except PermissionDenied:
                self.message_user(request, gettext("Only a national coordinator may do this."), messages.ERROR)
            else:
                self.message_user(request, gettext("%(session)s: done.") % {"session": session})

    @admin.action(description=_("Open scoring"))
    def open_scoring_action(self, request, queryset):
        self._run(request, queryset, open_scoring)

    @admin.action(description=_("Close scoring and start the deliberation"))
    def close_scoring_action(self, request, queryset):
        self._run(request, queryset, close_scoring)

    @admin.action(description=_("Close the session"))
    def close_action(self, request, queryset):
        self._run(request, queryset, close_session)


@admin.register(JuryDecision)
class JuryDecisionAdmin(admin.ModelAdmin):
    """Decisions are recorded by ``record_decision`` only; here they are read."""

    list_display = ["entry", "decision", "decided_by", "decided_as", "decided_at"]
    list_filter = ["decision"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
