"""The test provider's validator (claims, faults on demand) and its test user header."""

import time

from django.contrib.auth.middleware import RemoteUserMiddleware
from oauth2_provider.oauth2_validators import OAuth2Validator

# What the next ID tokens get wrong, set by the suite through /_mode/:
# "" (nothing), "wrong_nonce", "wrong_audience", "expired", "bad_signature".
MODE = {"value": ""}


class TestUserMiddleware(RemoteUserMiddleware):
    header = "HTTP_X_TEST_USER"


class Validator(OAuth2Validator):
    # Every claim in every token: the suite asks for them all.
    oidc_claim_scope = None

    def get_additional_claims(self, request: object) -> dict:
        # The wallet's identity: the subject is the wallet account id.
        return {"sub": request.user.username, "name": request.user.username}

    def get_id_token_dictionary(
        self, token: object, token_handler: object, request: object
    ) -> tuple[dict, object]:
        claims, expiration = super().get_id_token_dictionary(
            token, token_handler, request
        )
        mode = MODE["value"]
        if mode == "wrong_nonce":
            claims["nonce"] = "a-nonce-from-another-sign-in"
        elif mode == "wrong_audience":
            claims["aud"] = "another-client"
        elif mode == "expired":
            claims["exp"] = int(time.time()) - 3600
            claims["iat"] = int(time.time()) - 7200
        return claims, expiration

    def finalize_id_token(
        self, id_token: dict, token: object, token_handler: object, request: object
    ) -> str:
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if MODE["value"] == "bad_signature":
            header, payload, signature = signed.split(".")
            flipped = "A" if signature[5] != "A" else "B"
            signed = ".".join(
                [header, payload, signature[:5] + flipped + signature[6:]]
            )
        return signed
