"""WSGI entry point, used by gunicorn: the application, ready before it serves its first request."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# isort: split
from django.conf import settings  # noqa: E402 -- read once the application is set up

from config.startup import load_before_first_request  # noqa: E402

if not settings.DEBUG:  # in development templates are not cached: compiling them beforehand would be lost
    load_before_first_request()
