from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("schools/", views.school_list, name="school-list"),
    path("schools/<int:pk>/", views.school_detail, name="school-detail"),
    path("schools/<int:pk>/funding/", views.school_funding, name="school-funding"),
    path("key-figures/", views.key_figures, name="key-figures"),
    path("key-figures/export.csv", views.key_figures_csv, name="key-figures-csv"),
    path("key-figures/export.xlsx", views.key_figures_xlsx, name="key-figures-xlsx"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/deadline/", views.campaign_deadline, name="campaign-deadline"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign-close"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/validate/", views.report_review, {"decision": "validate"}, name="report-validate"),
    path("reports/<int:pk>/send-back/", views.report_review, {"decision": "send_back"}, name="report-send-back"),
]
