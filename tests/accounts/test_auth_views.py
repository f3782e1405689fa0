"""Customer sign-up, log-in, log-out, password reset and the language switch."""

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, CustomerFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def signup_fields(**overrides: str) -> dict[str, str]:
    fields = {
        "username": "meilin",
        "email": "MeiLin@Example.com",
        "first_name": "Mei Lin",
        "preferred_language": "en",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
    }
    fields.update(overrides)
    return fields


def test_signup_is_rate_limited_per_address():
    statuses = [
        Client()
        .post(
            reverse("accounts:signup"),
            signup_fields(username=f"user{n}", email=f"user{n}@example.com"),
        )
        .status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]
    assert not User.objects.filter(username="user10").exists()


def test_login_switches_to_the_users_language(client):
    user = CustomerFactory(preferred_language="zh-hans")
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "zh-hans"


def test_login_keeps_the_language_the_visitor_just_chose_and_saves_it(client):
    user = CustomerFactory(preferred_language="zh-hans")
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "en"
    assert '<html lang="en">' in client.get(reverse("complaints:home")).text
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_login_with_a_wrong_password_is_refused(client):
    user = CustomerFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "nope"}
    )
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_logout_is_a_post(client, customer):
    client.force_login(customer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_password_reset_emails_a_link_that_sets_a_new_password(client, mailoutbox):
    user = CustomerFactory(email="reset@example.com")
    response = client.post(
        reverse("accounts:password_reset"), {"email": "reset@example.com"}
    )
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mailoutbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "another-long-passphrase-77",
            "new_password2": "another-long-passphrase-77",
        },
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-77")


def test_password_reset_answers_the_same_for_unknown_email(client, mailoutbox):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.com"}
    )
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_first_visit_follows_accept_language(client):
    english = client.get(reverse("complaints:home"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert '<html lang="en">' in english.text
    chinese = Client().get(reverse("complaints:home"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="zh-hans">' in chinese.text


def test_language_switch_persists_for_the_user(client, customer):
    client.force_login(customer)
    response = client.post(
        reverse("accounts:language"),
        {"language": "zh-hans", "next": reverse("complaints:ticket_list")},
    )
    assert response["Location"] == reverse("complaints:ticket_list")
    customer.refresh_from_db()
    assert customer.preferred_language == "zh-hans"
    page = client.get(reverse("complaints:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="zh-hans">' in page.text
    fresh_browser = Client()
    login = fresh_browser.post(
        reverse("accounts:login"),
        {"username": customer.username, "password": PASSWORD},
    )
    assert login.cookies[COOKIE].value == "zh-hans"


def test_language_switch_refuses_off_site_redirects(client):
    response = client.post(
        reverse("accounts:language"),
        {"language": "en", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "en"


def test_language_switch_is_post_only(client):
    assert client.get(reverse("accounts:language")).status_code == 405
