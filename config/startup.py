"""What a server process loads before its first request, so that no visitor waits for it.

Left to the first requests, a new gunicorn worker imports every view module while resolving its first URL,
loads the translation catalogues of each language and compiles each template the first time it is used:
about 400 ms for the first page, and more for the next few (bench/RESULTS.md). Nothing here touches the
database, so that it may run before the workers are forked.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.autoreload import get_template_directories
from django.urls import get_resolver, reverse
from django.utils import translation

TEMPLATE_SUFFIXES = (".html", ".txt")


def load_before_first_request():
    """Import the views, load the catalogues and compile the project's templates; return their names."""
    get_resolver().url_patterns  # noqa: B018 -- importing the URL configuration imports every view module
    for language, _name in settings.LANGUAGES:
        with translation.override(language):  # activating a language loads its catalogues
            reverse("home")  # the table of URLs to reverse is built once per language
    engine = engines["django"]
    engine.engine.template_context_processors  # noqa: B018 -- imported on first use
    names = project_template_names()
    for name in names:
        engine.get_template(name)
    renderer = get_default_renderer()  # forms draw their widgets through an engine of their own
    # Django's widget templates and the project's own (in a ``widgets`` folder).
    for name in [*form_template_names(), *(name for name in names if "/widgets/" in name)]:
        renderer.get_template(name)
    return names


def form_template_names():
    """Return the names of the templates Django draws form fields and widgets with."""
    directory = Path(forms.__file__).parent / "templates"
    return sorted(path.relative_to(directory).as_posix() for path in directory.rglob("*.html"))


def project_template_names():
    """Return the names of the project's own templates (not those of Django or of other packages)."""
    names = set()
    for directory in get_template_directories():
        if not directory.is_relative_to(settings.BASE_DIR) or "site-packages" in directory.parts:
            continue
        names.update(
            path.relative_to(directory).as_posix()
            for path in Path(directory).rglob("*")
            if path.suffix in TEMPLATE_SUFFIXES
        )
    return sorted(names)
