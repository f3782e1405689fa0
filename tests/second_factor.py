"""TOTP codes for tests, by RFC 6238 (pyotp), as a staff member's phone app makes them."""

import time

import pyotp

from tests.factories import TOTP_SECRET


def totp_code(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for the secret now (or at)."""
    return pyotp.TOTP(secret).at(time.time() if at is None else at)
