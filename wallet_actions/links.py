"""The signed link a customer answers a payment check with."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.urls import reverse

from config.short_links import (
    ShortLinkExpired,
    short_token_check,
    short_token_id,
    short_token_make,
)

if TYPE_CHECKING:
    from wallet_actions.models import PaymentCheck

SALT = "wallet_actions.payment_check"
LINK_LIFETIME = timedelta(days=14)


def payment_check_token(check: "PaymentCheck") -> str:
    # The short form fits the SMS beside Chinese text; the email carries it too.
    return short_token_make(salt=SALT, object_id=check.pk)


def payment_check_url(check: "PaymentCheck") -> str:
    return settings.SITE_URL + reverse(
        "wallet_actions:payment_check", kwargs={"token": payment_check_token(check)}
    )


def payment_check_id(token: str) -> int | None:
    """The check id a token names, or None if forged or older than LINK_LIFETIME.

    Takes the short form and the TimestampSigner form earlier emails carry.
    """
    check_id = short_token_id(token)
    if check_id is not None:
        try:
            genuine = short_token_check(salt=SALT, token=token, max_age=LINK_LIFETIME)
        except ShortLinkExpired:
            return None
        return check_id if genuine else None
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_LIFETIME)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
