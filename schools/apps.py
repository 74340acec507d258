from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools")

    def ready(self):
        from schools import receivers  # noqa: PLC0415 -- receivers need the models: connect when ready

        receivers.connect()
