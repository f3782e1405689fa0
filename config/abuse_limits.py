"""Abuse protection for config.settings: rate limits and log-in lockout."""

import os
from datetime import timedelta

from config.env import env_bool

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
