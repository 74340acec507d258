"""The schools' rows, read-only: every change goes through ``schools.services`` (locks, checks, log)."""

from django.contrib import admin

from schools.models import CampaignLog, ReportingCampaign, ReportLine, ReportLog, School, YearlyReport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportLineInline(admin.TabularInline):
    model = ReportLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(School)
class SchoolAdmin(ReadOnlyAdmin):
    list_display = ["project", "opened_on", "places_per_promotion"]
    list_select_related = ["project"]


@admin.register(ReportingCampaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "deadline", "opened_at", "closed_at"]


@admin.register(CampaignLog)
class CampaignLogAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "action", "actor", "created_at"]


@admin.register(YearlyReport)
class YearlyReportAdmin(ReadOnlyAdmin):
    list_display = ["school", "campaign", "state", "validated_at"]
    list_filter = ["state", "campaign"]
    list_select_related = ["school__project", "campaign"]
    inlines = [ReportLineInline]


@admin.register(ReportLog)
class ReportLogAdmin(ReadOnlyAdmin):
    list_display = ["report", "action", "actor", "actor_role", "created_at"]
