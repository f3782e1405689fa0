"""The API's personal-token authentication, with expiry."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import User
from accounts.tokens import token_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused once the token is too old.

    An expired token is deleted; the owner asks POST /api/v1/auth/token/ again.
    """

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise AuthenticationFailed(
                _("The token has expired. Ask for a new one with your password.")
            )
        return user, token
