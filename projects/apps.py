from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("School projects")

    def ready(self):
        # The receivers that forget the cached filter choices need the models: connect them when ready.
        from projects import selectors  # noqa: F401, PLC0415
