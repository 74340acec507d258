from django.contrib import admin

from workflow.models import (
    FinancingReview,
    FundedInstrument,
    Funding,
    ProposedInstrument,
    RegionTransfer,
    TrainingModule,
    TrainingProgress,
    TransitionLog,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the services; the admin shows them and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "study", "transition", "from_state", "to_state", "actor", "actor_role"]
    list_filter = ["transition", "to_state", "actor_role"]


@admin.register(RegionTransfer)
class RegionTransferAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "project", "from_region", "to_region", "actor"]


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "is_mandatory", "is_active", "position"]
    list_editable = ["is_mandatory", "is_active", "position"]


@admin.register(TrainingProgress)
class TrainingProgressAdmin(ReadOnlyAdmin):
    list_display = ["project", "module", "enrolled_at", "validated_at", "validated_by"]


class ProposedInstrumentInline(admin.TabularInline):
    model = ProposedInstrument
    extra = 0


@admin.register(FinancingReview)
class FinancingReviewAdmin(ReadOnlyAdmin):
    list_display = ["study", "opinion", "expert", "recorded_at"]
    inlines = [ProposedInstrumentInline]


class FundedInstrumentInline(admin.TabularInline):
    model = FundedInstrument
    extra = 0


@admin.register(Funding)
class FundingAdmin(ReadOnlyAdmin):
    list_display = ["study", "recorded_by", "recorded_at"]
    inlines = [FundedInstrumentInline]
