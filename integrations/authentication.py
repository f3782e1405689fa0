"""DRF authentication of the wallet core by system API key."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from api.principals import SystemPrincipal
from integrations.api_keys import KEYWORD, api_key_authenticate
from integrations.models import SystemApiKey


class SystemApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <prefix>.<secret>``; other schemes pass through."""

    def authenticate(
        self, request: HttpRequest
    ) -> tuple[SystemPrincipal, SystemApiKey] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as: Authorization: Api-Key <prefix>.<secret>.")
            )
        try:
            presented = parts[1].decode("ascii")
        except UnicodeDecodeError:
            presented = ""
        key = api_key_authenticate(presented=presented)
        if key is None:
            raise exceptions.AuthenticationFailed(
                _("This API key is unknown, revoked or expired.")
            )
        return SystemPrincipal(key), key

    def authenticate_header(self, request: HttpRequest) -> str:
        return KEYWORD


class SystemApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.authentication.SystemApiKeyAuthentication"
    name = "systemApiKey"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <prefix>.<secret>`, issued in the admin.",
        }
