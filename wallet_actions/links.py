"""The signed link a customer answers a payment check with."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.urls import reverse

if TYPE_CHECKING:
    from wallet_actions.models import PaymentCheck

SALT = "wallet_actions.payment_check"
LINK_LIFETIME = timedelta(days=14)


def payment_check_token(check: "PaymentCheck") -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(check.pk))


def payment_check_url(check: "PaymentCheck") -> str:
    return settings.SITE_URL + reverse(
        "wallet_actions:payment_check", kwargs={"token": payment_check_token(check)}
    )


def payment_check_id(token: str) -> int | None:
    """The check id a token names, or None if forged or older than LINK_LIFETIME."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_LIFETIME)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
