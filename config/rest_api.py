"""The API's settings for config.settings: Django REST framework (authentication,
parsers, pagination, throttle rates from the environment) and the OpenAPI schema."""

import os

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
        # Public read-only pages for the app (incidents), per address.
        "public": os.environ.get("WALLETDESK_API_RATE_PUBLIC", "120/min"),
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
        "IncidentStateEnum": "incidents.models.Incident.State",
        "IncidentSeverityEnum": "incidents.models.Incident.Severity",
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
