from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Life cycle")

    def ready(self):
        # The receiver that forgets the cached study records needs the models: connect it when ready.
        from workflow import selectors  # noqa: F401, PLC0415
