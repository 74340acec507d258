"""An item of a person's to-do list: the home page gathers them from every app (``config.todo``).

It lives at the bottom of the layers so that each app can contribute its own items without importing another.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TodoItem:
    label: str
    url: str
    due: datetime | None = None
    overdue: bool = False
