from django.contrib import admin

from juries.models import AgendaEntry, JuryMembership, JurySession


class JuryMembershipInline(admin.TabularInline):
    model = JuryMembership
    extra = 0


class AgendaEntryInline(admin.TabularInline):
    model = AgendaEntry
    extra = 0


@admin.register(JurySession)
class JurySessionAdmin(admin.ModelAdmin):
    """The session's state is read-only here: it moves through the jury services."""

    list_display = ["title", "date", "state"]
    list_filter = ["state"]
    readonly_fields = ["state"]
    inlines = [JuryMembershipInline, AgendaEntryInline]
