"""Settings, read from the environment (12-factor).

Every value has a development default except in production mode (``DEBUG`` off), where a real
``SECRET_KEY`` is required and the security settings are those that ``check --deploy`` expects.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

DEVELOPMENT_SECRET_KEY = "django-insecure-tremplin-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else "")
# The same bar as Django's security.W009, so that a key accepted here passes ``check --deploy``.
if not DEBUG and (
    not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "accounts",
    "projects",
    "workflow",
    "juries",
    "schools",
    "people",
    "notifications",
    "privacy",
    "demo",
    "api",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "permissions.middleware.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.main_menu",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Without it each request opens a connection of its own, 10 to 15 ms of a page under load (bench/RESULTS.md);
# a kept connection is checked before it serves a new request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: French first, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Only when present: git keeps no empty directory, and a missing one is a warning under ``check --deploy``.
STATICFILES_DIRS = [path for path in [BASE_DIR / "static"] if path.is_dir()]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Never routed: attachments are served only through the permission-checked download view.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: a bigger body is refused before it is read.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "projects.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend" if DEBUG else "notifications.mail.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Two timeouts (``notifications.mail.EmailBackend``): a server that does not answer the connection is given up
# quickly, so the delivery waits for its next try; once the message is sent, its answer is awaited longer,
# because a server that accepted the message but answered after the client gave up makes the retry a second copy.
EMAIL_CONNECT_TIMEOUT = env.float("EMAIL_CONNECT_TIMEOUT", default=10)
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=120)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tremplin <tremplin@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker, tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "notifications"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that stops answering (frozen, or behind a partition) fails a command after these seconds instead of
# hanging it for ever; the worker then reconnects. The web processes publish with a tighter bound of their own
# (``NOTIFICATIONS_PUBLISH_TIMEOUT``).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 10, "socket_connect_timeout": 5, "socket_keepalive": True}
# A task still running when the broker connection is lost is stopped (Celery 6's default) rather than acked later
# on the dead channel: with kombu 5.7 that ack rebuilds the channel's pool from a closed connection and the worker
# exits ("'NoneType' object has no attribute 'hostname'", seen in the fault test). The delivery's claim rolls back
# and the sweeper queues it again.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A worker otherwise closes its database connection after every task and opens a new one for the next:
# keep it for this many tasks (Celery's Django fix-up), which quadruples the deliveries per second.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# The tasks spend much of their time waiting for the database and the mail server: two worker processes per
# core keep the cores busy meanwhile (bench/RESULTS.md, the notification pipeline).
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=2 * (os.cpu_count() or 1))

# The cache (the dashboard's figures) is shared by every web process on Redis when there is one, so that a
# change is recomputed once and not once per worker; local to each process otherwise. ``CACHE_URL`` names
# another one (``redis://host:6379/1``, ``dbcache://table``, ``locmemcache://``).
# On Redis, a cache out of reach answers as a miss instead of failing the page (``config.cache``).
CACHES = {"default": {**env.cache_url("CACHE_URL", default=REDIS_URL or "locmemcache://"), "KEY_PREFIX": "tremplin"}}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "config.cache.ForgivingRedisCache"
    # A Redis that does not answer is given up quickly: the page is computed without it.
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 1}

# Production hardening; ``check --deploy`` runs clean when DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# Structured logs: one JSON object a line, with the request id; user ids only, never personal data.
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
LOG_REQUESTS = env.bool("LOG_REQUESTS", default=True)
LOG_USER_ATTRIBUTE = "pk"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.str("LOG_FORMAT", default="plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Celery's in-process runs log every task at INFO; the outcome is in the delivery rows.
        "celery.app.trace": {"level": "WARNING"},
        # axes logs every reset of the counters at INFO; lockouts are logged at WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The REST API (``api/``): the same people, selectors and services as the pages, under /api/v1/.
# Tokens expire after API_TOKEN_LIFETIME_DAYS; each token may make API_TOKEN_RATE requests (DRF's rate syntax).
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=90)
API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.NewestFirstCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tremplin API",
    "DESCRIPTION": "Opportunity studies, jury sessions and their outcomes, as their readers see them on the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StudyStateEnum": "workflow.enums.State",
        "SessionStateEnum": "juries.enums.SessionState",
        "InstrumentEnum": "workflow.enums.Instrument",
        "EventKindEnum": "notifications.enums.EventKind",
        "RoleEnum": "accounts.enums.Role",
    },
}

# Login throttling: 5 failures from one IP address, whatever the accounts tried, or on one account, whatever the
# addresses, and both wait 15 minutes. Counted per pair only, twenty accounts could be tried from one address,
# and a new address started an account's count again. django-axes takes one limit for all the parameters.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_HANDLER = "accounts.throttling.AccountResetHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True


# The life cycle: sections and attachments a study needs before it can be submitted.
TREMPLIN_REQUIRED_SECTIONS = env.list(
    "TREMPLIN_REQUIRED_SECTIONS",
    default=[
        "territorial_diagnosis",
        "companies_support",
        "trades_and_diplomas",
        "pedagogical_project",
        "governance",
        "premises",
        "business_model",
        "budget_notes",
    ],
)
TREMPLIN_REQUIRED_ATTACHMENTS = env.list("TREMPLIN_REQUIRED_ATTACHMENTS", default=["letter_of_support", "statutes"])
# Days a study may stay in a stage before it counts as stalled (reminders, escalations, the dashboard).
TREMPLIN_STAGE_TIME_LIMITS = {
    "submitted": env.int("TREMPLIN_LIMIT_SUBMITTED_DAYS", default=15),
    "changes_requested": env.int("TREMPLIN_LIMIT_CHANGES_REQUESTED_DAYS", default=30),
    "training": env.int("TREMPLIN_LIMIT_TRAINING_DAYS", default=90),
    "financing_review": env.int("TREMPLIN_LIMIT_FINANCING_REVIEW_DAYS", default=30),
    "approved": env.int("TREMPLIN_LIMIT_APPROVED_DAYS", default=90),
    "funded": env.int("TREMPLIN_LIMIT_FUNDED_DAYS", default=365),
}

# Notifications
# Links in emails point at SITE_URL. The periodic reminder task reads TREMPLIN_STAGE_TIME_LIMITS; escalations
# follow the reminder NOTIFICATIONS_ESCALATION_AFTER_DAYS apart. The
# scoring-deadline reminder uses TREMPLIN_JURY_REMINDER_BEFORE_DEADLINE_HOURS (juries).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATIONS_ESCALATION_AFTER_DAYS = env.int("NOTIFICATIONS_ESCALATION_AFTER_DAYS", default=7)
NOTIFICATIONS_DIGEST_HOUR = env.int("NOTIFICATIONS_DIGEST_HOUR", default=7)
# The outbox. A failed email is tried again after NOTIFICATIONS_RETRY_BACKOFF seconds, doubling up to
# NOTIFICATIONS_RETRY_BACKOFF_MAX, for NOTIFICATIONS_RETRY_HOURS after its first failure (two days: a mail server
# down over a weekend night); then it is ``failed``, listed for the national coordinators, who may send it again.
# When the mail server could not be reached, the sweeper knocks at it on each round and tries the waiting emails
# as soon as it answers, rather than at their next try.
NOTIFICATIONS_RETRY_HOURS = env.float("NOTIFICATIONS_RETRY_HOURS", default=48)
NOTIFICATIONS_RETRY_BACKOFF = env.int("NOTIFICATIONS_RETRY_BACKOFF", default=60)
NOTIFICATIONS_RETRY_BACKOFF_MAX = env.int("NOTIFICATIONS_RETRY_BACKOFF_MAX", default=1800)
NOTIFICATIONS_RETRY_JITTER = env.bool("NOTIFICATIONS_RETRY_JITTER", default=True)
# The sweeper queues the deliveries that are due and have no task waiting, every NOTIFICATIONS_SWEEP_SECONDS; a
# task queued for NOTIFICATIONS_REQUEUE_AFTER_SECONDS without running is taken for lost (a worker killed).
NOTIFICATIONS_SWEEP_SECONDS = env.float("NOTIFICATIONS_SWEEP_SECONDS", default=10)
NOTIFICATIONS_REQUEUE_AFTER_SECONDS = env.int("NOTIFICATIONS_REQUEUE_AFTER_SECONDS", default=300)
# A page publishes the outbox's wake-up once per commit, bounded by this many seconds; a broker out of reach
# leaves the rows to the sweeper.
NOTIFICATIONS_PUBLISH_TIMEOUT = env.float("NOTIFICATIONS_PUBLISH_TIMEOUT", default=0.3)
# Webhooks go through the same outbox, with the same backoff. An endpoint that has failed for
# WEBHOOK_DISABLE_AFTER_HOURS without a success is disabled and its owner told. Only https addresses unless
# WEBHOOK_ALLOW_HTTP (on with DEBUG); never a private, link-local, multicast or reserved address, nor the loopback
# unless WEBHOOK_ALLOW_LOOPBACK (development and tests only). An endpoint has WEBHOOK_CONNECT_TIMEOUT seconds to
# accept the connection and WEBHOOK_READ_TIMEOUT to answer. After a rotation the previous secret keeps signing
# for WEBHOOK_SECRET_OVERLAP_HOURS.
WEBHOOK_DISABLE_AFTER_HOURS = env.float("WEBHOOK_DISABLE_AFTER_HOURS", default=24)
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=DEBUG)
WEBHOOK_ALLOW_LOOPBACK = env.bool("WEBHOOK_ALLOW_LOOPBACK", default=False)
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=5)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=10)
WEBHOOK_SECRET_OVERLAP_HOURS = env.float("WEBHOOK_SECRET_OVERLAP_HOURS", default=24)
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-outbox": {
        "task": "notifications.tasks.task_sweep_outbox",
        "schedule": NOTIFICATIONS_SWEEP_SECONDS,
        # A sweep not run by the next one is worth nothing: no pile of them after an outage.
        "options": {"expires": NOTIFICATIONS_SWEEP_SECONDS},
    },
    "notifications-reminders": {
        "task": "notifications.tasks.task_send_reminders",
        "schedule": crontab(minute=15),
    },
    "notifications-daily-digest": {
        "task": "notifications.tasks.task_send_digests",
        "schedule": crontab(hour=NOTIFICATIONS_DIGEST_HOUR, minute=0),
    },
}

# Juries: when a study's scores count as a disagreement (a standard deviation of the totals, in points on
# 20, or a criterion's spread between the highest and lowest score, in points on 5, at or above these), and
# how long before the scoring deadline the members who have not submitted are reminded.
TREMPLIN_JURY_DISAGREEMENT_STDEV = env.str("TREMPLIN_JURY_DISAGREEMENT_STDEV", default="3.00")
TREMPLIN_JURY_DISAGREEMENT_SPREAD = env.int("TREMPLIN_JURY_DISAGREEMENT_SPREAD", default=3)
TREMPLIN_JURY_REMINDER_BEFORE_DEADLINE_HOURS = env.int("TREMPLIN_JURY_REMINDER_BEFORE_DEADLINE_HOURS", default=24)

# Schools: whether the key figures page is open to anyone, signed in or not; below how many pupils a share is
# shown as "too few pupils" rather than as a percentage; how many days before a reporting deadline the schools
# that have not sent their report are reminded.
TREMPLIN_KEY_FIGURES_PUBLIC = env.bool("TREMPLIN_KEY_FIGURES_PUBLIC", default=False)
TREMPLIN_FIGURES_MIN_PUPILS = env.int("TREMPLIN_FIGURES_MIN_PUPILS", default=10)
TREMPLIN_REPORT_REMINDER_BEFORE_DEADLINE_DAYS = env.int("TREMPLIN_REPORT_REMINDER_BEFORE_DEADLINE_DAYS", default=14)
# After how many days a report sent and still not reviewed reminds its region's coordinators (then, the
# escalation delay later, the national coordinators).
TREMPLIN_REPORT_REVIEW_DAYS = env.int("TREMPLIN_REPORT_REVIEW_DAYS", default=14)

# An invitation's link opens it for this many days after it was (last) sent.
TREMPLIN_INVITATION_DAYS = env.int("TREMPLIN_INVITATION_DAYS", default=7)
# Requests to join accepted per client address and hour, on the public page.
TREMPLIN_JOIN_REQUESTS_PER_HOUR = env.int("TREMPLIN_JOIN_REQUESTS_PER_HOUR", default=5)
# A request to join is due an answer this many days after it was sent (the coordinators' to-do list).
TREMPLIN_JOIN_REQUEST_ANSWER_DAYS = env.int("TREMPLIN_JOIN_REQUEST_ANSWER_DAYS", default=7)
