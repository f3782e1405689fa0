"""Per-address limits: log-in failures across usernames, password-reset mails."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD, CustomerFactory

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"


def test_one_address_cannot_spray_a_password_over_many_usernames(settings):
    settings.WALLETDESK_LOGIN_FAILURES_PER_IP = "10/15m"
    users = [CustomerFactory() for _ in range(15)]
    statuses = [
        Client(REMOTE_ADDR=ADDRESS)
        .post(
            reverse("accounts:login"),
            {"username": user.username, "password": "Spring2026!"},
        )
        .status_code
        for user in users
    ]
    assert statuses == [200] * 10 + [429] * 5
    # The right password does not get through from that address either...
    locked = Client(REMOTE_ADDR=ADDRESS).post(
        reverse("accounts:login"),
        {"username": users[0].username, "password": PASSWORD},
    )
    assert locked.status_code == 429
    # ...while another address logs in as usual.
    other = Client(REMOTE_ADDR="203.0.113.5").post(
        reverse("accounts:login"),
        {"username": users[0].username, "password": PASSWORD},
    )
    assert other.status_code == 302


def test_admin_and_token_logins_count_against_the_address_too(settings, agent):
    settings.WALLETDESK_LOGIN_FAILURES_PER_IP = "4/15m"
    for number in range(2):
        Client(REMOTE_ADDR=ADDRESS).post(
            reverse("accounts:login"),
            {"username": f"nobody{number}", "password": "guess"},
        )
    api = APIClient(REMOTE_ADDR=ADDRESS)
    for number in range(2):
        api.post(
            reverse("complaints_api:token_create"),
            {"username": f"someone{number}", "password": "guess"},
        )
    # The admin's log-in is the portal's (config/urls.py: secure_admin_login).
    admin = Client(REMOTE_ADDR=ADDRESS).post(
        reverse("accounts:login"), {"username": agent.username, "password": PASSWORD}
    )
    assert admin.status_code == 429
    token = api.post(
        reverse("complaints_api:token_create"),
        {"username": agent.username, "password": PASSWORD},
    )
    assert token.status_code == 429


def test_password_reset_mails_are_limited_per_email(client, settings, mailoutbox):
    settings.WALLETDESK_PASSWORD_RESET_RATE_PER_EMAIL = "2/h"
    user = CustomerFactory(email="li.na@example.com")
    responses = [
        Client(REMOTE_ADDR=f"203.0.113.{number}").post(
            reverse("accounts:password_reset"), {"email": user.email}
        )
        for number in range(5)
    ]
    assert [response.status_code for response in responses] == [302] * 5
    assert len(mailoutbox) == 2


def test_password_reset_is_limited_per_address(settings, mailoutbox):
    settings.WALLETDESK_PASSWORD_RESET_RATE_PER_IP = "3/h"
    client = Client(REMOTE_ADDR=ADDRESS)
    users = [CustomerFactory() for _ in range(5)]
    statuses = [
        client.post(
            reverse("accounts:password_reset"), {"email": user.email}
        ).status_code
        for user in users
    ]
    assert statuses == [302] * 3 + [429] * 2
    assert len(mailoutbox) == 3
