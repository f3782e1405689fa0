"""Short signed link tokens for text messages: "<id>-<base36 time>-<HMAC>", ~30 characters.

Django's TimestampSigner tokens are 40-100 characters: beside Chinese text that
is a third SMS segment. These carry 96 bits of HMAC-SHA256 (keyed by the secret
key and a salt per use) over the id, the time and an optional bound value that
is not in the token (a digest of the email a link was sent to): change it and
the link stops working.
"""

import base64
import re
import time
from datetime import timedelta

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

SHORT_TOKEN = re.compile(r"(\d{1,12})-([0-9a-z]{1,8})-([A-Za-z0-9_-]{16})")


class ShortLinkExpired(Exception):  # noqa: N818 - reads as what happened
    """The token is genuine but older than its max_age."""


def _signature(*, salt: str, object_id: str, stamp: str, bound: str) -> str:
    mac = salted_hmac(
        salt, f"{object_id}-{stamp}-{bound}", algorithm="sha256"
    ).digest()[:12]
    return base64.urlsafe_b64encode(mac).decode()


def short_token_make(
    *, salt: str, object_id: int, bound: str = "", now: float | None = None
) -> str:
    """A token naming object_id, signed now (now: for tests)."""
    stamp = int_to_base36(int(time.time() if now is None else now))
    signature = _signature(
        salt=salt, object_id=str(object_id), stamp=stamp, bound=bound
    )
    return f"{object_id}-{stamp}-{signature}"


def short_token_id(token: str) -> int | None:
    """The id a token claims (not yet checked), or None if it is not a short token."""
    match = SHORT_TOKEN.fullmatch(token)
    return int(match.group(1)) if match else None


def short_token_check(
    *, salt: str, token: str, max_age: timedelta, bound: str = ""
) -> bool:
    """Whether the token is genuine for this salt and bound value.

    Raises ShortLinkExpired for a genuine token older than max_age.
    """
    match = SHORT_TOKEN.fullmatch(token)
    if match is None:
        return False
    object_id, stamp, signature = match.groups()
    expected = _signature(salt=salt, object_id=object_id, stamp=stamp, bound=bound)
    if not constant_time_compare(expected, signature):
        return False
    if time.time() - base36_to_int(stamp) > max_age.total_seconds():
        raise ShortLinkExpired
    return True
