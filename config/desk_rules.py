"""Walletdesk's own rules for config.settings, all overridable from the environment."""

import os
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

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
# Tickets one background task answers when an incident's resolution answers them
# all (complaints.services.incident_answers): each chunk is one transaction.
WALLETDESK_INCIDENT_CHUNK_SIZE = int(
    os.environ.get("WALLETDESK_INCIDENT_CHUNK_SIZE", "50")
)
if WALLETDESK_INCIDENT_CHUNK_SIZE < 1:
    raise ImproperlyConfigured("WALLETDESK_INCIDENT_CHUNK_SIZE must be at least 1.")
WALLETDESK_NOTICE_MAX_DISPATCHES = int(
    os.environ.get("WALLETDESK_NOTICE_MAX_DISPATCHES", "10")
)
# Refund decisions above this amount (in the request's currency) wait for a
# supervisor's approval before the wallet core is told to pay.
WALLETDESK_REFUND_APPROVAL_LIMIT = Decimal(
    os.environ.get("WALLETDESK_REFUND_APPROVAL_LIMIT", "1000")
)
# Minutes the wallet core has to answer a wallet action before it is marked timed
# out (and may be retried).
WALLETDESK_WALLET_ACTION_TIMEOUT_MINUTES = int(
    os.environ.get("WALLETDESK_WALLET_ACTION_TIMEOUT_MINUTES", "60")
)
# Hours a customer has to answer "did you make this payment?" before a supervisor
# is told; and whether a dispute freezes the account in queues with no policy.
WALLETDESK_OUTREACH_ANSWER_HOURS = int(
    os.environ.get("WALLETDESK_OUTREACH_ANSWER_HOURS", "24")
)
WALLETDESK_OUTREACH_FREEZE_BY_DEFAULT = os.environ.get(
    "WALLETDESK_OUTREACH_FREEZE_BY_DEFAULT", "1"
) not in {"0", "false", "False", ""}

# Behind N reverse proxies, the client is the N-th X-Forwarded-For entry from the
# right (config.security.client_ip); 0 trusts only REMOTE_ADDR.
WALLETDESK_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
# Seconds a computed report is reused for the same filters (0: always compute).
# Reports sum daily rollups; until the rollups are narrow enough to answer a
# preset in well under a second at volume (issue 24), beat keeps the presets warm.
WALLETDESK_REPORT_CACHE_SECONDS = int(
    os.environ.get("WALLETDESK_REPORT_CACHE_SECONDS", "300")
)
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
