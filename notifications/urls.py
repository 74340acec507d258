from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("preferences/", views.preferences, name="preferences"),
    path("failed/", views.failed_deliveries, name="failed"),
    path("failed/<int:pk>/resend/", views.resend_delivery, name="resend"),
]
