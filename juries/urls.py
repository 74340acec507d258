from django.urls import path

from juries.views import deliberation, grids, scoring, sessions

app_name = "juries"

urlpatterns = [
    path("", sessions.session_list, name="session-list"),
    path("new/", sessions.session_create, name="session-create"),
    path("<int:pk>/", sessions.session_detail, name="session-detail"),
    path("<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("<int:pk>/members/", sessions.member_add, name="member-add"),
    path("<int:pk>/members/<int:user_pk>/remove/", sessions.member_remove, name="member-remove"),
    path("<int:pk>/members/<int:user_pk>/president/", sessions.member_president, name="member-president"),
    path("<int:pk>/agenda/", sessions.agenda_add, name="agenda-add"),
    path("<int:pk>/agenda/<int:entry_pk>/remove/", sessions.agenda_remove, name="agenda-remove"),
    path("<int:pk>/open-scoring/", sessions.scoring_open, name="open-scoring"),
    path("<int:pk>/close-scoring/", sessions.scoring_close, name="close-scoring"),
    path("<int:pk>/close/", sessions.session_close, name="close"),
    path("<int:pk>/deadline/", sessions.deadline_extend, name="extend-deadline"),
    path("<int:pk>/results/", deliberation.results, name="results"),
    path("grids/", grids.grid_list, name="grid-list"),
    path("grids/new/", grids.grid_create, name="grid-create"),
    path("grids/<int:pk>/", grids.grid_detail, name="grid-detail"),
    path("grids/<int:pk>/edit/", grids.grid_edit, name="grid-edit"),
    path("grids/<int:pk>/new-version/", grids.grid_new_version, name="grid-new-version"),
    path("entries/<int:pk>/", deliberation.entry_detail, name="entry-detail"),
    path("entries/<int:pk>/decision/", deliberation.decision_record, name="decision"),
    path("entries/<int:pk>/conflict/", scoring.conflict_declare, name="conflict"),
    path("entries/<int:pk>/recusal/", scoring.member_recusal, name="recusal"),
    path("entries/<int:pk>/scorecard/", scoring.scorecard, name="scorecard"),
    path("entries/<int:pk>/reopen/<int:member_pk>/", scoring.scorecard_reopen, name="reopen"),
]
