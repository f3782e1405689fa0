"""Walletdesk settings: one module, every difference between environments from the environment.

Unset variables give a local development setup (SQLite, eager Celery, console email).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
CELERY_BROKER_URL and the email variables.
"""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from config import logs

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


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
    "django.contrib.admin",
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
    "knowledgebase",
    "integrations",
    "sla",
    "reports",
    "audit",
    "identity",
    "demo",
    "monitoring",
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
    "django.contrib.auth.backends.ModelBackend",
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
CELERY_TASK_ROUTES = {
    "complaints.tasks.deliver_notice": {"queue": "notices"},
    "complaints.tasks.send_tracking_link": {"queue": "notices"},
    # Calls to the wallet core: webhooks now, wallet actions later.
    "integrations.tasks.deliver_webhook": {"queue": "webhooks"},
    "complaints.tasks.redispatch_unsent_notices": {"queue": "sweeps"},
    "integrations.tasks.redispatch_unsent_webhooks": {"queue": "sweeps"},
    "complaints.tasks.check_sla_clocks": {"queue": "sweeps"},
    "complaints.tasks.recount_agent_loads": {"queue": "sweeps"},
    "reports.tasks.*": {"queue": "reports"},
    "*.tasks.export_*": {"queue": "exports"},
}
# Soft limit: the task gets SoftTimeLimitExceeded and fails like any error (its
# outbox row stays unsent for the re-dispatch); hard limit: the worker process is
# killed and replaced. Enforced by the prefork pool (production), not by solo.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TASK_ANNOTATIONS = {
    # SMTP: EMAIL_TIMEOUT (20 s) per connection step.
    "complaints.tasks.deliver_notice": {"soft_time_limit": 60, "time_limit": 90},
    "complaints.tasks.send_tracking_link": {"soft_time_limit": 60, "time_limit": 90},
    # The POST itself times out after 10 s.
    "integrations.tasks.deliver_webhook": {"soft_time_limit": 30, "time_limit": 45},
    "complaints.tasks.redispatch_unsent_notices": {
        "soft_time_limit": 50,
        "time_limit": 60,
    },
    "integrations.tasks.redispatch_unsent_webhooks": {
        "soft_time_limit": 50,
        "time_limit": 60,
    },
    "complaints.tasks.check_sla_clocks": {"soft_time_limit": 240, "time_limit": 290},
    "complaints.tasks.recount_agent_loads": {
        "soft_time_limit": 600,
        "time_limit": 900,
    },
    "reports.tasks.detect_spikes": {"soft_time_limit": 240, "time_limit": 290},
    "reports.tasks.refresh_report_presets": {
        "soft_time_limit": 600,
        "time_limit": 900,
    },
}
CELERY_BEAT_SCHEDULE = {
    "redispatch-unsent-notices": {
        "task": "complaints.tasks.redispatch_unsent_notices",
        "schedule": 60.0,
    },
    "redispatch-unsent-webhooks": {
        "task": "integrations.tasks.redispatch_unsent_webhooks",
        "schedule": 60.0,
    },
    "check-sla-clocks": {
        "task": "complaints.tasks.check_sla_clocks",
        "schedule": 300.0,
    },
    "recount-agent-loads": {
        "task": "complaints.tasks.recount_agent_loads",
        "schedule": 3600.0,
    },
    "detect-spikes": {
        "task": "reports.tasks.detect_spikes",
        "schedule": 300.0,
    },
    # Pending rollup changes are folded on commit; this catches any the broker
    # missed. The reconciliation rebuilds the last two local days from tickets.
    "fold-rollups": {
        "task": "reports.tasks.fold_rollups",
        "schedule": 60.0,
    },
    "reconcile-rollups": {
        "task": "reports.tasks.reconcile_rollups",
        "schedule": 3600.0,
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The API (complaints.api, transactions.api, knowledgebase.api under /api/v1/).
# Persons use a DRF token (or their session, with CSRF); the wallet core uses a
# system API key (integrations.SystemApiKey, only its hash stored).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.SystemApiKeyAuthentication",
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only; the upload endpoints name MultiPartParser themselves, so the
    # schema offers multipart exactly where a file can be sent.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ScopeThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "auth": os.environ.get("WALLETDESK_API_RATE_AUTH", "10/min"),
        "customer": os.environ.get("WALLETDESK_API_RATE_CUSTOMER", "120/min"),
        "staff": os.environ.get("WALLETDESK_API_RATE_STAFF", "600/min"),
        "system": os.environ.get("WALLETDESK_API_RATE_SYSTEM", "1200/min"),
        "faq": os.environ.get("WALLETDESK_API_RATE_FAQ", "60/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Walletdesk API",
    "DESCRIPTION": (
        "Tickets, transactions and the FAQ of a wallet support desk. Version 1 "
        "lives under /api/v1/. Customers and staff authenticate with "
        "`Authorization: Token <key>` (POST /api/v1/auth/token/) or their "
        "session; the wallet core with `Authorization: Api-Key <prefix>.<secret>`. "
        'Every error has the body {"error": {"code", "message", ...}}. '
        "Large lists use cursor pagination (follow `next`). Creates accept an "
        "`Idempotency-Key` header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "complaints.models.Ticket.Status",
        "TransactionStatusEnum": "transactions.models.Transaction.Status",
        "TransactionTypeEnum": "transactions.models.Transaction.Type",
        "LanguageEnum": "accounts.models.Language",
        "AccountStatusEnum": "accounts.models.User.AccountStatus",
        "TimelineEventTypeEnum": [
            ("status_change", "status_change"),
            ("message", "message"),
        ],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# Walletdesk's own rules, all overridable from the environment.
# Days a personal API token works; a password change or reset and deactivation
# revoke it at once, and its owner can revoke it (DELETE /api/v1/auth/token/).
WALLETDESK_API_TOKEN_DAYS = int(os.environ.get("WALLETDESK_API_TOKEN_DAYS", "7"))
WALLETDESK_REOPEN_WINDOW_DAYS = int(
    os.environ.get("WALLETDESK_REOPEN_WINDOW_DAYS", "30")
)
WALLETDESK_DEFAULT_RESOLVE_DAYS = int(
    os.environ.get("WALLETDESK_DEFAULT_RESOLVE_DAYS", "15")
)
WALLETDESK_MAX_EVIDENCE_BYTES = int(
    os.environ.get("WALLETDESK_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024))
)
WALLETDESK_MAX_EVIDENCE_FILES = int(
    os.environ.get("WALLETDESK_MAX_EVIDENCE_FILES", "5")
)
# Pixels one evidence image and all the images of one request may decode into,
# checked from the headers before decoding (a small file can unpack into
# gigabytes): a 48-megapixel photo passes, five 7000 by 7000 images do not.
WALLETDESK_MAX_IMAGE_PIXELS = int(
    os.environ.get("WALLETDESK_MAX_IMAGE_PIXELS", "50000000")
)
WALLETDESK_MAX_REQUEST_PIXELS = int(
    os.environ.get("WALLETDESK_MAX_REQUEST_PIXELS", "60000000")
)
# Replies (with or without files) a customer may post, portal and API together.
WALLETDESK_REPLY_RATE_PER_USER = os.environ.get(
    "WALLETDESK_REPLY_RATE_PER_USER", "20/h"
)
# Retention of personal data on resolved tickets when no SLA profile applies
# (each regime profile sets its own retention_days).
WALLETDESK_DEFAULT_RETENTION_DAYS = int(
    os.environ.get("WALLETDESK_DEFAULT_RETENTION_DAYS", "1825")
)
WALLETDESK_NOTICE_MAX_DISPATCHES = int(
    os.environ.get("WALLETDESK_NOTICE_MAX_DISPATCHES", "10")
)
# Refund decisions above this amount (in the request's currency) wait for a
# supervisor's approval before the wallet core is told to pay.
WALLETDESK_REFUND_APPROVAL_LIMIT = Decimal(
    os.environ.get("WALLETDESK_REFUND_APPROVAL_LIMIT", "1000")
)

# Behind N reverse proxies, the client is the N-th X-Forwarded-For entry from the
# right (config.security.client_ip); 0 trusts only REMOTE_ADDR.
WALLETDESK_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
# Seconds a computed report is reused for the same filters (0: always compute).
# Reports sum daily rollups and are exact at every request, so the cache is off
# by default; set, beat recomputes the preset periods' reports before expiry.
WALLETDESK_REPORT_CACHE_SECONDS = int(
    os.environ.get("WALLETDESK_REPORT_CACHE_SECONDS", "0")
)
if WALLETDESK_REPORT_CACHE_SECONDS > 0:
    CELERY_BEAT_SCHEDULE["refresh-report-presets"] = {
        "task": "reports.tasks.refresh_report_presets",
        "schedule": float(max(WALLETDESK_REPORT_CACHE_SECONDS - 60, 30)),
    }
# Open tickets a customer may have at once on self-service channels (web, API).
WALLETDESK_MAX_OPEN_TICKETS = int(os.environ.get("WALLETDESK_MAX_OPEN_TICKETS", "25"))
# Tickets filed per customer and per address (ticket creation in the portal).
WALLETDESK_TICKET_RATE_PER_USER = os.environ.get(
    "WALLETDESK_TICKET_RATE_PER_USER", "10/h"
)
WALLETDESK_TICKET_RATE_PER_IP = os.environ.get("WALLETDESK_TICKET_RATE_PER_IP", "30/h")
# App hand-off links (identity.handoff): seconds a one-time sign-in link works,
# at most 120; link uses per address (the redeeming POST).
WALLETDESK_HANDOFF_LINK_SECONDS = int(
    os.environ.get("WALLETDESK_HANDOFF_LINK_SECONDS", "120")
)
if not 1 <= WALLETDESK_HANDOFF_LINK_SECONDS <= 120:
    raise ImproperlyConfigured(
        "WALLETDESK_HANDOFF_LINK_SECONDS must be between 1 and 120 (two minutes)."
    )
WALLETDESK_HANDOFF_RATE_PER_IP = os.environ.get(
    "WALLETDESK_HANDOFF_RATE_PER_IP", "30/m"
)
# First "was this helpful?" answers from anonymous readers per address (each
# article also counts one per address a day).
WALLETDESK_FAQ_VOTE_RATE_PER_IP = os.environ.get(
    "WALLETDESK_FAQ_VOTE_RATE_PER_IP", "30/h"
)

# Abuse protection. Rate-limit counters live in CACHES["default"] (Redis in
# production), shared by every web process; a cache outage lets requests through
# rather than taking the portal down.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "config.security.client_ip"
RATELIMIT_FAIL_OPEN = True
# Log-in lockout (portal and admin): 5 failures for one username from one address
# lock that pair for 15 minutes; attempts are kept in the database.
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failed log-ins from one address, whatever the usernames (config.security): one
# address trying a password against many accounts is locked for the window.
WALLETDESK_LOGIN_FAILURES_PER_IP = os.environ.get(
    "WALLETDESK_LOGIN_FAILURES_PER_IP", "20/15m"
)
# Password-reset mails asked for per address and per target email.
WALLETDESK_PASSWORD_RESET_RATE_PER_IP = os.environ.get(
    "WALLETDESK_PASSWORD_RESET_RATE_PER_IP", "10/h"
)
WALLETDESK_PASSWORD_RESET_RATE_PER_EMAIL = os.environ.get(
    "WALLETDESK_PASSWORD_RESET_RATE_PER_EMAIL", "3/h"
)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): no inline or foreign scripts anywhere;
# style attributes are allowed (Bootstrap components and a few templates set
# widths), style elements and stylesheets only from this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

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
    WALLETDESK_TRUSTED_PROXY_COUNT > 0 or env_bool("WALLETDESK_TRUST_REQUEST_ID")
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
