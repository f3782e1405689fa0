"""The wallet's identity provider: allauth's OpenID Connect provider, with a nonce.

django-allauth 65's openid_connect provider sends no nonce and skips the ID
token's signature when the token came straight from the token endpoint (which
OpenID Connect allows). Walletdesk checks both: this provider sends a nonce bound
to the sign-in's state, and its adapter (identity.walletid.views) verifies the
signature against the provider's published keys, the issuer, the audience, the
expiry and the nonce. PKCE (S256) comes from OAUTH_PKCE_ENABLED.
"""

import secrets

from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
)
from django.http import HttpRequest, HttpResponse

from identity.walletid.nonces import nonce_for_state
from identity.walletid.views import WalletIdOAuth2Adapter


class WalletIdProvider(OpenIDConnectProvider):
    id = "walletid"
    name = "Wallet"
    oauth2_adapter_class = WalletIdOAuth2Adapter
    pkce_enabled_default = True

    def get_default_scope(self) -> list[str]:
        return ["openid", "profile", "email", "phone"]

    def redirect(
        self,
        request: HttpRequest,
        process: str,
        next_url: str | None = None,
        data: dict | None = None,
        **kwargs: object,
    ) -> HttpResponse:
        # allauth would pick a random state id; picking it here binds the nonce
        # to this sign-in, so a token minted for another one is refused.
        state_id = secrets.token_urlsafe(24)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce_for_state(state_id)
        return super().redirect(
            request,
            process,
            next_url,
            data,
            auth_params=auth_params,
            state_id=state_id,
            **kwargs,
        )


provider_classes = [WalletIdProvider]
