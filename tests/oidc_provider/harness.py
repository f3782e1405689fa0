"""The suite's side of the test provider: start it, point Walletdesk at it, sign in."""

import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from tests.processes import process_start, process_stop, wait_for

CALLBACK = "http://testserver/accounts/wallet-id/wallet/login/callback/"


@dataclass
class Provider:
    issuer: str
    client_id: str
    secret: str

    def mode(self, value: str) -> None:
        """Make the next ID tokens fail one check ("" for none)."""
        base = self.issuer.rsplit("/o", 1)[0]
        requests.post(f"{base}/_mode/", data=value, timeout=10).raise_for_status()


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The provider process on 127.0.0.1 (an ephemeral port), for one test module."""
    workdir = tmp_path_factory.mktemp("oidc")
    output = workdir / "provider.log"
    client_id = "walletdesk-" + secrets.token_hex(4)
    secret = secrets.token_urlsafe(24)
    process = process_start(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        output,
        env={
            "OIDC_PROVIDER_DB": str(workdir / "provider.sqlite3"),
            "OIDC_CLIENT_ID": client_id,
            "OIDC_CLIENT_SECRET": secret,
            "OIDC_REDIRECT_URI": CALLBACK,
        },
    )
    try:
        assert wait_for(lambda: "port " in _read(output), timeout=60), _read(output)
        port = _read(output).split("port ", 1)[1].split()[0]
        yield Provider(f"http://127.0.0.1:{port}/o", client_id, secret)
    finally:
        process_stop(process)


@pytest.fixture
def wallet_app(settings, oidc_provider: Provider) -> Iterator[Provider]:
    """Walletdesk configured for the provider, as WALLETDESK_OIDC_* would do."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "walletid": {
            **settings.SOCIALACCOUNT_PROVIDERS["walletid"],
            "APPS": [
                {
                    "provider_id": "wallet",
                    "name": "Wallet",
                    "client_id": oidc_provider.client_id,
                    "secret": oidc_provider.secret,
                    "settings": {
                        "server_url": oidc_provider.issuer,
                        "fetch_userinfo": False,
                    },
                }
            ],
        }
    }
    oidc_provider.mode("")
    yield oidc_provider
    oidc_provider.mode("")


def oidc_round_trip(client: Client, account_id: str) -> tuple[str, str]:
    """Start a sign-in and let the provider answer for account_id.

    Returns the authorization request's URL and the callback path with its query.
    """
    start = client.post(reverse("walletid_login", kwargs={"provider_id": "wallet"}))
    assert start.status_code == 302, start
    answer = requests.get(
        start["Location"],
        headers={"X-Test-User": account_id},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["Location"])
    assert back.geturl().startswith(CALLBACK), back
    return start["Location"], f"{back.path}?{back.query}"


def oidc_sign_in(client: Client, account_id: str) -> object:
    """The whole round trip: Walletdesk → provider (as account_id) → back."""
    authorize, callback = oidc_round_trip(client, account_id)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"]
    assert query["state"]
    return client.get(callback)
