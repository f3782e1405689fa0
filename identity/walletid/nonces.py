"""The nonce of a sign-in, derived from its OAuth state id."""

import hashlib
import hmac

from django.conf import settings


def nonce_for_state(state_id: str) -> str:
    """The nonce of the sign-in whose OAuth state id is state_id (HMAC-SHA256).

    The state id is random, kept in the visitor's session by allauth and sent
    back in the callback, so the nonce needs no storage of its own.
    """
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"walletdesk.oidc.nonce:{state_id}".encode(),
        hashlib.sha256,
    ).hexdigest()
