"""Settings of the benchmarks: the production settings (``DEBUG`` off) on a database of their own.

Only what a benchmark on the loopback needs differs: a fixed secret, plain HTTP (no redirect, no secure-only
cookies, so that the load test's client keeps its session), uncompressed static files (no ``collectstatic``)
and the URLs of ``bench.urls``, which add the baseline page.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tremplin_bench")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-" + "b" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The seed gives every user this cheap hash: signing in is not what the benchmarks measure.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
