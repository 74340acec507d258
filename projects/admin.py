from django.contrib import admin

from projects.models import (
    Attachment,
    FinancingLine,
    OpportunityStudy,
    Region,
    RegionalNetwork,
    SchoolProject,
    StudyVersion,
    Trade,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_overseas"]


@admin.register(RegionalNetwork)
class RegionalNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "email"]
    filter_horizontal = ["coordinators"]


@admin.register(Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_filter = ["parent"]


@admin.register(SchoolProject)
class SchoolProjectAdmin(admin.ModelAdmin):
    """Changing ``region`` here bypasses the logged transfer: it is read-only; use the transfer action."""

    list_display = ["name", "commune", "region"]
    list_filter = ["region"]
    search_fields = ["name", "commune", "holder_organisation"]
    filter_horizontal = ["trades", "team"]

    def get_readonly_fields(self, request, obj=None):
        return ["region"] if obj else []


class FinancingLineInline(admin.TabularInline):
    model = FinancingLine
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at", "removed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OpportunityStudy)
class OpportunityStudyAdmin(admin.ModelAdmin):
    """The state is shown, never edited: only ``workflow.services.apply_transition`` moves a study."""

    list_display = ["project", "state", "updated_at"]
    list_filter = ["state", "project__region"]
    search_fields = ["project__name", "project__commune"]
    readonly_fields = ["state", "changes_requested_from", "state_changed_at", "opened_on", "created_at", "updated_at"]
    inlines = [FinancingLineInline, AttachmentInline]


@admin.register(StudyVersion)
class StudyVersionAdmin(admin.ModelAdmin):
    list_display = ["study", "number", "submitted_by", "submitted_at"]

    def has_change_permission(self, request, obj=None):
        return False
