from django.conf import settings
from django.http import HttpRequest


def sign_in(request: HttpRequest) -> dict[str, bool]:
    """Whether pages offer username and password sign-up (WALLETDESK_PASSWORD_SIGNUP)."""
    return {"sign_up_open": settings.WALLETDESK_PASSWORD_SIGNUP}
