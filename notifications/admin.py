from django.contrib import admin

from notifications.models import Delivery, Notification, Preference, SentReminder, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the notification services only: visible, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "text", "mode", "read_at"]
    list_filter = ["kind", "mode", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__email", "text"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "to_email", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["channel", "status"]
    search_fields = ["to_email", "subject", "last_error"]
    date_hierarchy = "created_at"


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "created_at"]
    search_fields = ["key"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "mode"]
    list_filter = ["kind", "mode"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    """Endpoints are their owners' (their pages); the admin shows them, never their secrets."""

    list_display = ["created_at", "owner", "url", "is_active", "failing_since", "disabled_reason"]
    list_filter = ["is_active"]
    search_fields = ["owner__email", "url"]
    list_select_related = ["owner"]
    exclude = ["secret", "previous_secret"]
