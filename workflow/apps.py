from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Life cycle")

    def ready(self):
        # The receivers that keep the caches fresh need the models: connect them when ready.
        from workflow import caches  # noqa: F401, PLC0415
