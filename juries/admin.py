"""Admin for sessions, grids and decisions: read-only.

Every change goes through ``juries.services``, from the national coordinators' pages: the admin would write
around their locks, permissions, logs and stored figures. Scorecards are not in the admin at all, so that no
page shows scores before deliberation.
"""

from django.contrib import admin

from juries.models import AgendaEntry, Criterion, JuryDecision, JuryMembership, JurySession, ScoringGrid


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written: the national coordinators' pages and their services make every change.

    Writing here would go around the services' locks, permissions, logs and published figures.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["position", "title", "guidance", "weight"]


@admin.register(ScoringGrid)
class ScoringGridAdmin(ReadOnlyAdmin):
    """Grids are written on the scoring-grid pages (``create_grid``, ``update_grid``, ``new_grid_version``)."""

    list_display = ["name", "version", "frozen_at", "created_at"]
    list_filter = ["name"]
    inlines = [CriterionInline]


class JuryMembershipInline(ReadOnlyInline):
    model = JuryMembership
    fields = ["user", "is_president", "invited_at"]


class AgendaEntryInline(ReadOnlyInline):
    model = AgendaEntry
    fields = ["position", "study", "added_at"]


@admin.register(JurySession)
class JurySessionAdmin(ReadOnlyAdmin):
    """Sessions are planned, edited and moved on the session pages, through ``juries.services``."""

    list_display = ["title", "date", "state", "grid", "scoring_deadline"]
    list_filter = ["state", "regions"]
    search_fields = ["title", "place"]
    inlines = [JuryMembershipInline, AgendaEntryInline]


@admin.register(JuryDecision)
class JuryDecisionAdmin(ReadOnlyAdmin):
    """Decisions are recorded by ``record_decision`` only."""

    list_display = ["entry", "decision", "decided_by", "decided_as", "decided_at"]
    list_filter = ["decision"]
