"""Walletdesk settings: one module, every difference between environments from the environment.

Unset variables give a local development setup (SQLite, eager Celery, console email).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
CELERY_BROKER_URL and the email variables.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from config import celery_tasks, csp, desk_rules, logs, rest_api, sign_in
from config.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The development key is published in this file: only a debug run may sign with it.
# Without debug and without DJANGO_SECRET_KEY the key stays empty, so Django refuses
# to sign or verify anything (sessions, tracking links, password resets) and the web
# application refuses to start (config.wsgi, config.secret_key).
DEVELOPMENT_SECRET_KEY = (
    "django-insecure-walletdesk-development-key-do-not-use-in-production-0123456789"
)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or (
    DEVELOPMENT_SECRET_KEY if DEBUG else ""
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.admin_site.WalletdeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_structlog",
    "django_prometheus",
    "django_ratelimit",
    "axes",
    "csp",
    "accounts",
    "transactions",
    "complaints",
    "inbound_mail",
    "knowledgebase",
    "incidents",
    "integrations",
    "sla",
    "reports",
    "audit",
    "identity",
    "wallet_actions",
    "sms",
    "demo",
    "monitoring",
    *sign_in.ALLAUTH_APPS,
]

MIDDLEWARE = [
    # First and last: request latency by view for /metrics (django-prometheus).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditContextMiddleware",
    # After authentication: request id, user id and client address on every line.
    "django_structlog.middlewares.RequestMiddleware",
    "config.request_context.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-allauth's account middleware (its login stages, pending sign-ins).
    "allauth.account.middleware.AccountMiddleware",
    # Supervisors, managers and admins without a second factor: enrolment only.
    "accounts.second_factor.SecondFactorEnrolmentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "config.security.HoneypotMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# Benchmarks only (bench/run.py sets WALLETDESK_QUERY_TIMING=1): query count and
# database time headers, outermost so they count every query.
if env_bool("WALLETDESK_QUERY_TIMING"):
    MIDDLEWARE.insert(0, "bench.query_timing.QueryTimingMiddleware")

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
                "complaints.context_processors.unread_notices",
                "identity.context_processors.sign_in",
            ],
            # {% load money %}: the one money filter, for every app's templates.
            "libraries": {"money": "config.formats.filters"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A PostgreSQL streaming replica for reports, exports and the staff search
# (config.replica); writes and customers' pages always use the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        ),
        # Tests that set it read their own test database through the primary.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every web process (rate limits): Redis when DJANGO_CACHE_URL is set,
# through django-redis (one client per pool, incr in one round trip).
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["DJANGO_CACHE_URL"],
        }
        if os.environ.get("DJANGO_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions are read from the cache and written through to the database: a signed
# in request saves a query, and a cache flush logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username or address before the
# password is checked.
AUTHENTICATION_BACKENDS = [
    "config.security.LockoutBackend",
    # Permission checks only, each user's set from the cache (no queries a request).
    "accounts.permission_cache.CachedPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # django-allauth's own flows (its log-in forms, codes, OpenID Connect).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "complaints:home"
LOGOUT_REDIRECT_URL = "complaints:home"

# One date and number style per language: config/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# The language of visitors and API callers who state none (Accept-Language, the
# language cookie or an account's preference win), of management commands and of
# system-key API errors without Accept-Language.
LANGUAGE_CODE = os.environ.get("WALLETDESK_DEFAULT_LANGUAGE") or "zh-hans"
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"WALLETDESK_DEFAULT_LANGUAGE must be one of {', '.join(dict(LANGUAGES))}."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Evidence is personal financial data: it lives outside the web root and is served
# only by permission-checked views, never by a static or media URL.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("DJANGO_WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_MANIFEST_STRICT = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Every mail passes config.mail (Message-ID domain, no mail to reserved domains
# such as the demo accounts'), which hands it to DJANGO_EMAIL_BACKEND.
EMAIL_BACKEND = "config.mail.OutgoingEmailBackend"
WALLETDESK_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Walletdesk <support@walletdesk.example>"
)
# Absolute links in notices (email is read outside the site).
SITE_URL = os.environ.get("WALLETDESK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The domain of every outgoing Message-ID (the host's name otherwise, often
# "localhost", which spam filters hold against the sender).
WALLETDESK_MESSAGE_ID_DOMAIN = os.environ.get(
    "WALLETDESK_MESSAGE_ID_DOMAIN", urlsplit(SITE_URL).hostname or "localhost"
)

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = "CELERY_BROKER_URL" not in os.environ
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hang a web request: publishing fails fast and the
# beat re-dispatch delivers the notice later. kombu sleeps interval_start (2 s by
# default) before its one reconnect; retry at once instead.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
# Workers and beat log through LOGGING (config.logs), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# django-celery-beat's database schedule behind a lock in Redis: a second beat
# process stands by and sends nothing (config.beat).
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"
# One queue per kind of work, so a slow SMTP relay, wallet core or report cannot
# hold up the others; production runs workers per queue (README, Production).
# "celery" takes anything not routed. A worker started without -Q consumes all.
WALLETDESK_QUEUES = ["notices", "webhooks", "sweeps", "reports", "exports", "celery"]
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in WALLETDESK_QUEUES]
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = celery_tasks.ROUTES
# Soft limit: the task gets SoftTimeLimitExceeded and fails like any error (its
# outbox row stays unsent for the re-dispatch); hard limit: the worker process is
# killed and replaced. Enforced by the prefork pool (production), not by solo.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TASK_ANNOTATIONS = celery_tasks.TIME_LIMITS
CELERY_BEAT_SCHEDULE = dict(celery_tasks.BEAT_SCHEDULE)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The API (complaints.api, transactions.api, knowledgebase.api under /api/v1/).
# Persons use a DRF token (or their session, with CSRF); the wallet core uses a
# system API key (integrations.SystemApiKey, only its hash stored).
REST_FRAMEWORK = rest_api.REST_FRAMEWORK
SPECTACULAR_SETTINGS = rest_api.SPECTACULAR_SETTINGS

# Walletdesk's own rules (config/desk_rules.py), each overridable from the
# environment, then abuse protection: rate limits and log-in lockout
# (config/abuse_limits.py).
from config.abuse_limits import *  # noqa: E402, F403
from config.desk_rules import *  # noqa: E402, F403
from config.mailboxes import *  # noqa: E402, F403
from config.sign_in import *  # noqa: E402, F403
from config.staff_mfa import *  # noqa: E402, F403

if os.environ.get("WALLETDESK_IMAP_HOST"):
    CELERY_BEAT_SCHEDULE["poll-mailbox"] = {
        "task": "inbound_mail.tasks.poll_mailbox",
        "schedule": float(os.environ.get("WALLETDESK_IMAP_POLL_SECONDS", "60")),
    }

if desk_rules.WALLETDESK_REPORT_CACHE_SECONDS > 0:
    CELERY_BEAT_SCHEDULE["refresh-report-presets"] = {
        "task": "reports.tasks.refresh_report_presets",
        "schedule": float(max(desk_rules.WALLETDESK_REPORT_CACHE_SECONDS - 60, 30)),
    }

# Content-Security-Policy (django-csp): no inline or foreign scripts anywhere;
# style attributes are allowed (Bootstrap components and a few templates set
# widths), style elements and stylesheets only from this site.
CONTENT_SECURITY_POLICY = csp.POLICY

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool(
    "DJANGO_SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit counts in the cache: LocMemCache (E003, W001) is per
    # process and fine for one dev server; production sets DJANGO_CACHE_URL to
    # Redis (django-redis, on the package's list).
    "django_ratelimit.E003",
    "django_ratelimit.W001",
    *env_list("DJANGO_SILENCED_SYSTEM_CHECKS"),
]

# Logs (config.logs): JSON lines unless debugging, WALLETDESK_LOG_FORMAT=json|console
# overrides; times in UTC whatever TIME_ZONE says. Each line carries the request id:
# generated per request, or taken from the X-Request-ID header when a proxy sets it
# (behind trusted proxies, or WALLETDESK_TRUST_REQUEST_ID=1); Celery tasks inherit
# the id of the request that queued them, webhook POSTs send it as X-Request-Id.
WALLETDESK_LOG_FORMAT = os.environ.get(
    "WALLETDESK_LOG_FORMAT", "console" if DEBUG else "json"
)
LOGGING = logs.logging_config(
    log_format="console" if WALLETDESK_LOG_FORMAT == "console" else "json",
    level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
)
logs.structlog_configure()
DJANGO_STRUCTLOG_CELERY_ENABLED = True
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = (
    desk_rules.WALLETDESK_TRUSTED_PROXY_COUNT > 0
    or env_bool("WALLETDESK_TRUST_REQUEST_ID")
)
# The client address is bound by config.request_context (trusted proxies honoured).
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False

# /metrics (monitoring): Prometheus text for a scraper that sends
# "Authorization: Bearer <WALLETDESK_METRICS_TOKEN>" or comes from an address in
# WALLETDESK_METRICS_ALLOWED_IPS (addresses or networks); with neither set it is 404.
WALLETDESK_METRICS_TOKEN = os.environ.get("WALLETDESK_METRICS_TOKEN", "")
WALLETDESK_METRICS_ALLOWED_IPS = env_list("WALLETDESK_METRICS_ALLOWED_IPS")
# Scrapers inside the network ask over plain http.
SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
# django-prometheus would read the migration table at every start.
PROMETHEUS_EXPORT_MIGRATIONS = False

# Error reports (config.error_reporting): off unless SENTRY_DSN is set; personal
# data is scrubbed before anything leaves the process.
if os.environ.get("SENTRY_DSN"):
    from config.error_reporting import sentry_init

    sentry_init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
    )
