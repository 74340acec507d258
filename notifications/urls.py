from django.urls import path

from notifications import views, webhook_views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("preferences/", views.preferences, name="preferences"),
    path("failed/", views.failed_deliveries, name="failed"),
    path("failed/<int:pk>/resend/", views.resend_delivery, name="resend"),
    path("webhooks/", webhook_views.endpoint_list, name="webhook-list"),
    path("webhooks/new/", webhook_views.endpoint_create, name="webhook-create"),
    path("webhooks/<int:pk>/", webhook_views.endpoint_detail, name="webhook-detail"),
    path("webhooks/<int:pk>/edit/", webhook_views.endpoint_edit, name="webhook-edit"),
    path("webhooks/<int:pk>/delete/", webhook_views.endpoint_delete, name="webhook-delete"),
    path("webhooks/<int:pk>/secret/", webhook_views.endpoint_secret, name="webhook-secret"),
    path("webhooks/<int:pk>/test/", webhook_views.endpoint_test, name="webhook-test"),
    path("webhooks/<int:pk>/resend/<int:delivery_pk>/", webhook_views.delivery_resend, name="webhook-resend"),
]
