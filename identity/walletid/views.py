"""The wallet identity provider's OAuth2 adapter and views (see provider.py)."""

import hmac

import jwt
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2CallbackView,
    OAuth2LoginView,
)
from allauth.socialaccount.providers.openid_connect.views import (
    OpenIDConnectOAuth2Adapter,
)
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from identity.walletid.nonces import nonce_for_state

# Signing algorithms accepted for ID tokens: asymmetric only, so nothing signed
# with the client secret (or "none") passes.
ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
# Clock difference tolerated between the identity provider and this server.
LEEWAY_SECONDS = 30


class WalletIdOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        path = reverse("walletid_callback", kwargs={"provider_id": self.provider_id})
        return request.build_absolute_uri(path)

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: object, **kwargs: object
    ) -> object:
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The identity provider sent no ID token")
        config = self.openid_config
        try:
            keys = jwt.PyJWKClient(config["jwks_uri"], timeout=10)
            key = keys.get_signing_key_from_jwt(id_token)
            claims = jwt.decode(
                id_token,
                key.key,
                algorithms=ALGORITHMS,
                audience=app.client_id,
                issuer=config["issuer"],
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat", "nonce"]},
            )
        except jwt.PyJWTError as error:
            raise OAuth2Error(f"ID token refused: {error}") from error
        state_id = request.GET.get("state", "")
        if not state_id or not hmac.compare_digest(
            str(claims["nonce"]), nonce_for_state(state_id)
        ):
            raise OAuth2Error("ID token refused: the nonce is not this sign-in's")
        return self.get_provider().sociallogin_from_response(
            request, {"id_token": claims}
        )


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(
            WalletIdOAuth2Adapter(request, provider_id)
        )(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(
            WalletIdOAuth2Adapter(request, provider_id)
        )(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
