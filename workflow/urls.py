from django.urls import path

from workflow import tracking_views, version_views, views

app_name = "workflow"

urlpatterns = [
    path("studies/", views.study_list, name="study-list"),
    path("studies/export.csv", tracking_views.study_export_csv, name="study-export-csv"),
    path("studies/export.xlsx", tracking_views.study_export_xlsx, name="study-export-xlsx"),
    path("dashboard/", tracking_views.dashboard, name="dashboard"),
    path("studies/<int:pk>/", views.study_detail, name="study-detail"),
    path("studies/<int:pk>/transition/<slug:name>/", views.study_transition, name="study-transition"),
    path("studies/<int:pk>/training/<int:module_pk>/validate/", views.training_validate, name="training-validate"),
    path("studies/<int:pk>/financing-review/", views.financing_review, name="financing-review"),
    path("studies/<int:pk>/funding/", views.funding, name="funding"),
    path("studies/<int:pk>/opening/", views.opening, name="opening"),
    path("studies/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("studies/<int:pk>/versions/", version_views.version_list, name="version-list"),
    path("studies/<int:pk>/versions/<int:number>/", version_views.version_detail, name="version-detail"),
    path(
        "studies/<int:pk>/versions/<int:start>/compare/<int:end>/",
        version_views.version_compare,
        name="version-compare",
    ),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment-download"),
    path("training/", views.training_modules, name="training-modules"),
    path("training/<int:pk>/", views.training_modules, name="training-module-edit"),
]
