"""Personal API tokens: issue, expiry, revocation, and rotation with credentials."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User


def token_expires_at(token: Token) -> datetime:
    """When token stops working: WALLETDESK_API_TOKEN_DAYS after it was issued."""
    return token.created + timedelta(days=settings.WALLETDESK_API_TOKEN_DAYS)


def token_expired(token: Token) -> bool:
    """Whether token is older than WALLETDESK_API_TOKEN_DAYS."""
    return token_expires_at(token) <= timezone.now()


def token_get_live(*, user: User) -> Token | None:
    """The user's token if it still works, else None."""
    token = Token.objects.filter(user=user).first()
    if token is None or token_expired(token):
        return None
    return token


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """Return the user's token, replacing one that has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_expired(token):
        return token
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def tokens_revoke(*, user: User) -> int:
    """Delete the user's API token; return how many were deleted (0 or 1)."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted


def tokens_revoke_on_credentials_change(
    sender: type[User],
    instance: User,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """Revoke a user's token when the password changes or the account is disabled.

    Wired to User's pre_save (accounts.apps): a password is set by the reset page,
    the admin, `changepassword` and set_password() callers alike, and a token that
    outlived the password it was issued under would keep a thief in.
    """
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & update_fields:
        return
    stored = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    if stored["password"] != instance.password or (
        stored["is_active"] and not instance.is_active
    ):
        Token.objects.filter(user_id=instance.pk).delete()
