"""Read-only: invitations, requests and the log change through ``people.services`` and its pages only."""

from django.contrib import admin

from people.models import Invitation, JoinRequest, PeopleLog


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "full_name", "grant", "invited_by", "accepted_at", "revoked_at"]
    list_filter = ["grant"]
    exclude = ["nonce"]


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "full_name", "project_name", "region", "status"]
    list_filter = ["status", "region"]


@admin.register(PeopleLog)
class PeopleLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "person"]
    list_filter = ["action"]
