"""Settings for the test suite: the production settings with a test secret and fast hashing.

The database comes from ``DATABASE_URL`` like everywhere else (SQLite by default, PostgreSQL in CI).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_FORMAT", "plain")
# The tests' webhook receivers listen on the loopback, over plain HTTP.
os.environ.setdefault("WEBHOOK_ALLOW_LOOPBACK", "1")
os.environ.setdefault("WEBHOOK_ALLOW_HTTP", "1")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="tremplin-media-"))

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT = tempfile.mkdtemp(prefix="tremplin-static-")
