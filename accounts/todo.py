"""An item of a person's to-do list: the home page gathers them from every app (``config.todo``).

It lives at the bottom of the layers so that each app can contribute its own items without importing another.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.formats import date_format
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class TodoItem:
    label: str
    url: str
    due: datetime | None = None
    overdue: bool = False

    @property
    def due_text(self):
        """« overdue since 15/03/2026 » or « due by … », in the request's language and time zone.

        Written here rather than by a ``{% blocktranslate %}`` with a ``date`` filter an item in the template: the
        home page lists up to 50 items, and that took a tenth of its time.
        """
        date = date_format(template_localtime(self.due), "SHORT_DATE_FORMAT")
        if self.overdue:
            return _("overdue since %(date)s") % {"date": date}
        return _("due by %(date)s") % {"date": date}
