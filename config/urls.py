from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from accounts.forms import LoginForm
from config.health import health
from config.views import home

handler500 = "config.views.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("notifications/", include("notifications.urls")),
    path("my-data/", include("privacy.urls")),
    path("my-account/", include("accounts.urls")),
    path("juries/", include("juries.urls")),
    path("", include("api.urls")),
    path("", include("schools.urls")),
    path("", include("people.urls")),
    path("", include("projects.urls")),
    path("", include("workflow.urls")),
]
