from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person-deactivate"),
    path("people/<int:pk>/reactivate/", views.person_reactivate, name="person-reactivate"),
    path("people/invitations/", views.invitation_list, name="invitation-list"),
    path("people/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("people/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("people/join-requests/", views.join_request_list, name="join-request-list"),
    path("people/join-requests/<int:pk>/accept/", views.join_request_accept, name="join-request-accept"),
    path("people/join-requests/<int:pk>/decline/", views.join_request_decline, name="join-request-decline"),
    path("join/", views.join_request, name="join-request"),
    path("join/sent/", views.join_request_sent, name="join-request-sent"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("projects/<int:pk>/team/", views.team, name="team"),
    path("projects/<int:pk>/team/<int:user_pk>/remove/", views.team_remove, name="team-remove"),
]
