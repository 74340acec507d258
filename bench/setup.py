"""Configure Django for a benchmark script run on its own (``python -m bench.…``); import it first.

Under pytest, Django is configured already and this changes nothing.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()
