"""The HTTP gateway backend's request signature, and the check a gateway makes."""

import hashlib
import hmac
import time

# A signed request older or newer than this is refused by the check (replays).
SIGNATURE_TOLERANCE_SECONDS = 300


def sms_sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """The X-Walletdesk-Signature value: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">."""
    digest = hmac.new(
        secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return f"sha256={digest}"


def sms_signature_check(
    *,
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    now: float | None = None,
) -> bool:
    """Check a received request the way a gateway should (reference code).

    Refuses a timestamp more than SIGNATURE_TOLERANCE_SECONDS away, which stops
    replays, and compares in constant time.
    """
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    expected = sms_sign(secret=secret, timestamp=sent, body=body)
    return hmac.compare_digest(expected, signature)
