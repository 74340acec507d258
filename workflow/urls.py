from django.urls import path

from workflow import views

app_name = "workflow"

urlpatterns = [
    path("attachments/<int:pk>/", views.download_attachment, name="attachment-download"),
]
