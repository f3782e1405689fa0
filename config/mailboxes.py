"""The support mailbox read over IMAP, and the limits on mail read from it."""

import os

# Unset host: no mailbox is polled.
WALLETDESK_IMAP_HOST = os.environ.get("WALLETDESK_IMAP_HOST", "")
# ssl (IMAPS, port 993), starttls (port 143) or plain (loopback test servers only).
WALLETDESK_IMAP_SECURITY = os.environ.get("WALLETDESK_IMAP_SECURITY", "ssl")
WALLETDESK_IMAP_PORT = int(
    os.environ.get(
        "WALLETDESK_IMAP_PORT", "993" if WALLETDESK_IMAP_SECURITY == "ssl" else "143"
    )
)
WALLETDESK_IMAP_USER = os.environ.get("WALLETDESK_IMAP_USER", "")
WALLETDESK_IMAP_PASSWORD = os.environ.get("WALLETDESK_IMAP_PASSWORD", "")
# An OAuth2 access token (XOAUTH2, e.g. Microsoft 365 or Gmail) instead of a password.
WALLETDESK_IMAP_OAUTH2_TOKEN = os.environ.get("WALLETDESK_IMAP_OAUTH2_TOKEN", "")
WALLETDESK_IMAP_FOLDER = os.environ.get("WALLETDESK_IMAP_FOLDER", "INBOX")
WALLETDESK_IMAP_POLL_SECONDS = float(
    os.environ.get("WALLETDESK_IMAP_POLL_SECONDS", "60")
)
WALLETDESK_IMAP_TIMEOUT = float(os.environ.get("WALLETDESK_IMAP_TIMEOUT", "30"))
# Larger messages are kept, quarantined and not processed.
WALLETDESK_INBOUND_MAX_BYTES = int(
    os.environ.get("WALLETDESK_INBOUND_MAX_BYTES", str(25 * 1024 * 1024))
)
