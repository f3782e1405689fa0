"""Sign-in with the wallet's identity provider: a real OpenID Connect provider
(django-oauth-toolkit, tests/oidc_provider) in its own process on 127.0.0.1."""

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from tests.factories import AgentFactory
from tests.identity.conftest import provision
from tests.oidc_provider.harness import (
    Provider,
    oidc_provider,
    oidc_round_trip,
    oidc_sign_in,
    wallet_app,
)

__all__ = ["oidc_provider", "wallet_app"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def _refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REFUSE,
            content_type=ContentType.objects.get_for_model(User),
        ).values_list("changes__refused", flat=True)
    )


def test_discovery_document_names_the_providers_endpoints(oidc_provider: Provider):
    config = requests.get(
        f"{oidc_provider.issuer}/.well-known/openid-configuration", timeout=10
    ).json()
    assert config["issuer"] == oidc_provider.issuer
    assert "RS256" in config["id_token_signing_alg_values_supported"]


def test_a_provisioned_customer_signs_in_by_their_wallet_account_id(wallet_app):
    mei = provision("8803001")
    client = Client()

    response = oidc_sign_in(client, "8803001")

    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:home")
    assert client.session[SESSION_KEY] == str(mei.pk)
    assert SocialAccount.objects.get(user=mei).uid == "8803001"
    # The second time the link is already there.
    client.post(reverse("accounts:logout"))
    again = oidc_sign_in(client, "8803001")
    assert again["Location"] == reverse("complaints:home")
    assert client.session[SESSION_KEY] == str(mei.pk)
    assert SocialAccount.objects.filter(user=mei).count() == 1


def test_an_unknown_subject_is_refused_not_created(wallet_app):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    before = User.objects.count()

    response = oidc_sign_in(client, "8803999")

    assert response.status_code == 403
    assert "钱包" in response.text
    assert SESSION_KEY not in client.session
    assert User.objects.count() == before
    assert not SocialAccount.objects.exists()
    assert _refusals() == ["oidc_unknown_subject"]


def test_staff_cannot_sign_in_through_the_wallet(wallet_app):
    AgentFactory(username="8803002")
    client = Client()
    response = oidc_sign_in(client, "8803002")
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "mode", ["wrong_nonce", "wrong_audience", "expired", "bad_signature"]
)
def test_an_id_token_that_fails_a_check_is_refused(wallet_app, mode: str):
    provision("8803003")
    wallet_app.mode(mode)
    client = Client()

    response = oidc_sign_in(client, "8803003")

    assert response.status_code == 400
    assert 'data-test="oidc-refused"' in response.text
    assert SESSION_KEY not in client.session
    assert not SocialAccount.objects.exists()
    assert _refusals() == ["oidc_token_refused"]


def test_a_replayed_callback_is_refused(wallet_app):
    provision("8803004")
    client = Client()
    _authorize, callback = oidc_round_trip(client, "8803004")
    assert client.get(callback).status_code == 302
    other = Client()
    replay = other.get(callback)
    assert replay.status_code == 400
    assert SESSION_KEY not in other.session


def test_without_configuration_the_wallet_button_is_absent(client):
    page = client.get(reverse("accounts:login"))
    assert 'data-test="oidc-sign-in"' not in page.text
    url = reverse("walletid_login", kwargs={"provider_id": "wallet"})
    assert client.post(url).status_code == 404


def test_login_page_offers_the_wallet_and_pins_its_queries(
    wallet_app, client, django_assert_num_queries
):
    with django_assert_num_queries(1):  # allauth's social apps kept in the database
        page = client.get(reverse("accounts:login"))
    assert 'data-test="oidc-sign-in"' in page.text
    assert 'data-test="phone-sign-in"' in page.text
