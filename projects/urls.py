from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_create, name="project-create"),
    path("studies/<int:pk>/edit/", views.study_edit, name="study-edit"),
    path("studies/<int:pk>/edit/<slug:section>/", views.study_edit, name="study-section"),
    path("studies/<int:pk>/financing-plan/", views.financing_plan, name="financing-plan"),
    path("studies/<int:pk>/attachments/", views.attachments, name="attachments"),
    path("studies/<int:pk>/attachments/<int:attachment_pk>/remove/", views.attachment_remove, name="attachment-remove"),
]
