"""The account settings page: a person sees and revokes their own API token."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.tokens import token_issue
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_the_portal_menu_links_to_the_settings_page(client, customer):
    client.force_login(customer)
    page = client.get(reverse("complaints:home"))
    assert f'href="{reverse("accounts:settings")}"' in page.text


def test_settings_say_when_there_is_no_token(client, customer):
    client.force_login(customer)
    page = client.get(reverse("accounts:settings"))
    assert page.status_code == 200
    assert "You have no API token." in page.text
    assert 'data-test="token-revoke"' not in page.text


def test_settings_show_the_contact_details_the_wallet_keeps(client):
    customer = CustomerFactory(email="li.wei@example.com", phone="+8613800138001")
    client.force_login(customer)
    page = client.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="en")
    assert "li.wei@example.com" in page.text
    assert "+8613800138001" in page.text
    assert "change them in the wallet app" in page.text


def test_no_second_address_can_be_added_or_made_primary(client):
    # Notices go to the one address the wallet core provisioned.
    customer = CustomerFactory(email="li.wei@example.com")
    client.force_login(customer)
    page = client.get("/accounts/email/")
    assert page.status_code == 302
    assert page["Location"] == reverse("accounts:settings")
    added = client.post(
        "/accounts/email/", {"action_add": "", "email": "someone.else@example.com"}
    )
    assert added.status_code == 302
    assert not EmailAddress.objects.filter(email="someone.else@example.com").exists()
    customer.refresh_from_db()
    assert customer.email == "li.wei@example.com"


def test_settings_show_when_the_token_expires(client, customer, settings):
    settings.WALLETDESK_API_TOKEN_DAYS = 7
    token = token_issue(user=customer)
    issued = timezone.now() - timedelta(days=2)
    Token.objects.filter(pk=token.pk).update(created=issued)
    client.force_login(customer)
    page = client.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        expires = date_format(
            timezone.localtime(issued + timedelta(days=7)), "SHORT_DATETIME_FORMAT"
        )
    assert f"You have an API token. It expires on {expires}." in page.text
    assert 'data-test="token-revoke"' in page.text


def test_an_expired_token_is_shown_as_none(client, customer):
    token = token_issue(user=customer)
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - timedelta(days=30)
    )
    client.force_login(customer)
    assert "You have no API token." in client.get(reverse("accounts:settings")).text


def test_revoking_from_the_page_stops_the_token(client, customer):
    token = token_issue(user=customer)
    other = token_issue(user=CustomerFactory())
    client.force_login(customer)
    response = client.post(reverse("accounts:api_token_revoke"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:settings")
    assert "Your API token is revoked." in response.text
    assert "You have no API token." in response.text
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(reverse("complaints_api:my_ticket_list")).status_code == 401
    assert Token.objects.filter(pk=other.pk).exists()


def test_revoking_is_a_post(client, customer):
    token_issue(user=customer)
    client.force_login(customer)
    assert client.get(reverse("accounts:api_token_revoke")).status_code == 405
    assert Token.objects.filter(user=customer).exists()
