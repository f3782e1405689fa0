"""Read the support mailbox over IMAP: fetch unseen messages, record, then flag.

A message is flagged \\Seen only after its row is committed, so a poller killed
in between reads it again on its next run and finds it already recorded: every
message is processed exactly once, and none is lost.
"""

import contextlib
import imaplib
import ssl

from django.conf import settings

from inbound_mail.services import inbound_receive

BATCH = 200


def _connect() -> imaplib.IMAP4:
    host = settings.WALLETDESK_IMAP_HOST
    port = settings.WALLETDESK_IMAP_PORT
    timeout = settings.WALLETDESK_IMAP_TIMEOUT
    security = settings.WALLETDESK_IMAP_SECURITY
    if security == "ssl":
        imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
            host, port, ssl_context=ssl.create_default_context(), timeout=timeout
        )
    else:
        imap = imaplib.IMAP4(host, port, timeout=timeout)
        if security == "starttls":
            imap.starttls(ssl_context=ssl.create_default_context())
    user = settings.WALLETDESK_IMAP_USER
    token = settings.WALLETDESK_IMAP_OAUTH2_TOKEN
    if token:
        imap.authenticate(
            "XOAUTH2",
            lambda _challenge: f"user={user}\1auth=Bearer {token}\1\1".encode(),
        )
    else:
        imap.login(user, settings.WALLETDESK_IMAP_PASSWORD)
    return imap


def mailbox_poll(*, batch: int = BATCH) -> int:
    """Process up to batch unseen messages of the configured folder; return how many.

    Raises imaplib.IMAP4.error or OSError when the server cannot be reached
    (nothing is flagged then; the next poll tries again).
    """
    if not settings.WALLETDESK_IMAP_HOST:
        return 0
    imap = _connect()
    count = 0
    try:
        status, detail = imap.select(settings.WALLETDESK_IMAP_FOLDER)
        if status != "OK":
            raise imaplib.IMAP4.error(f"SELECT failed: {detail!r}")
        _status, found = imap.uid("SEARCH", None, "UNSEEN")
        for uid in (found[0] or b"").split()[:batch]:
            _status, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in fetched if isinstance(part, tuple)), None)
            if raw is None:
                continue
            inbound_receive(
                raw=raw,
                mailbox=f"{settings.WALLETDESK_IMAP_USER}@{settings.WALLETDESK_IMAP_HOST}",
            )
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            count += 1
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()
    return count
