"""Personal API tokens: a reset or deactivation rotates them, they expire, owners revoke."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories import PASSWORD, CustomerFactory

pytestmark = pytest.mark.django_db

MY_TICKETS = "/api/v1/my/tickets/"


def token_for(user: User, password: str = PASSWORD) -> str:
    response = APIClient().post(
        reverse("complaints_api:token_create"),
        {"username": user.username, "password": password},
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_issued_before_a_password_reset_stops_working(mailoutbox):
    user = CustomerFactory(email="reset@example.com")
    stolen = token_for(user)
    assert with_token(stolen).get(MY_TICKETS).status_code == 200

    browser = Client()
    browser.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mailoutbox[0].body)
    form_page = browser.get(link.group(1), follow=True)
    browser.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "another-long-passphrase-77",
            "new_password2": "another-long-passphrase-77",
        },
    )

    assert with_token(stolen).get(MY_TICKETS).status_code == 401
    fresh = token_for(user, "another-long-passphrase-77")
    assert fresh != stolen
    assert with_token(fresh).get(MY_TICKETS).status_code == 200


def test_password_change_anywhere_revokes_the_token():
    user = CustomerFactory()
    key = token_for(user)
    user.set_password("changed-by-the-admin-55")
    user.save()
    assert with_token(key).get(MY_TICKETS).status_code == 401


def test_deactivation_revokes_the_token():
    user = CustomerFactory()
    key = token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not Token.objects.filter(key=key).exists()


def test_other_saves_keep_the_token():
    user = CustomerFactory()
    key = token_for(user)
    user.first_name = "Mei"
    user.save()
    assert with_token(key).get(MY_TICKETS).status_code == 200


def test_token_expires(settings):
    settings.WALLETDESK_API_TOKEN_DAYS = 7
    user = CustomerFactory()
    key = token_for(user)
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=8))
    response = with_token(key).get(MY_TICKETS)
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]
    fresh = token_for(user)
    assert fresh != key
    assert with_token(fresh).get(MY_TICKETS).status_code == 200


def test_owner_revokes_the_token():
    user = CustomerFactory()
    key = token_for(user)
    client = with_token(key)
    response = client.delete(reverse("complaints_api:token_revoke"))
    assert response.status_code == 204
    assert client.get(MY_TICKETS).status_code == 401


def test_revoke_needs_a_caller():
    response = APIClient().delete(reverse("complaints_api:token_revoke"))
    assert response.status_code == 401
