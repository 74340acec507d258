from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from permissions.refusal import ActionRefused
from privacy.models import ErasureRequest
from privacy.services import erase_person


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "requested_at", "processed_at", "processed_by"]
    list_filter = ["processed_at"]
    readonly_fields = ["user", "reason", "requested_at", "processed_at", "processed_by"]
    actions = ["erase"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Erase the personal data of the selected people"))
    def erase(self, request, queryset):
        for erasure_request in queryset:
            try:
                erase_person(erasure_request, actor=request.user)
            except ActionRefused as refusal:
                if refusal.forbidden:
                    self.message_user(
                        request, _("Only a national coordinator may erase personal data."), messages.ERROR
                    )
                    return
                self.message_user(request, " ".join(refusal.reasons), messages.WARNING)
