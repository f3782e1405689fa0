"""Sign-up by mailed link: the page never tells whether an email has an account."""

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import CustomerFactory
from tests.mailed_links import SIGNUP_LINK, signup_link_path

pytestmark = pytest.mark.django_db

PASSPHRASE = "a-long-unusual-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def signup(client: Client, **overrides: str):
    fields = {
        "username": "meilin",
        "email": "MeiLin@Example.com",
        "first_name": "Mei Lin",
        "preferred_language": "en",
    }
    fields.update(overrides)
    return client.post(reverse("accounts:signup"), fields, follow=True)


def without_nonces(page: bytes) -> bytes:
    """The page without its per-response CSP nonces and CSRF tokens."""
    return re.sub(rb'(nonce|value)="[^"]*"', b"", page)


def choose_password(client: Client, path: str, password: str = PASSPHRASE):
    return client.post(path, {"password1": password, "password2": password})


def test_signup_mails_a_link_and_the_link_creates_the_account(client, mailoutbox):
    page = signup(client)

    assert page.redirect_chain[-1][0] == reverse("accounts:signup_done")
    assert not User.objects.exists()
    assert [message.to for message in mailoutbox] == [["meilin@example.com"]]
    path = signup_link_path(mailoutbox[0])
    form = client.get(path)
    assert form.status_code == 200
    assert not User.objects.exists()  # opening the link changes nothing
    response = choose_password(client, path)
    assert response["Location"] == reverse("complaints:home")
    user = User.objects.get(username="meilin")
    assert user.role == User.Role.CUSTOMER
    assert user.email == "meilin@example.com"
    assert user.first_name == "Mei Lin"
    assert user.preferred_language == "en"
    assert user.check_password(PASSPHRASE)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_signup_with_a_used_email_looks_the_same_and_tells_only_the_owner(
    mailoutbox,
):
    owner = CustomerFactory(email="meilin@example.com", preferred_language="zh-hans")
    new = signup(Client(), email="fresh@example.com", username="fresh")
    used = signup(Client(), username="someone")

    assert used.redirect_chain == new.redirect_chain
    assert without_nonces(used.content) == without_nonces(new.content)
    assert len(mailoutbox) == 2
    notice = mailoutbox[1]
    assert notice.to == [owner.email]
    assert owner.username in notice.body
    assert reverse("accounts:password_reset") in notice.body
    assert "有人" in notice.subject  # the owner's language
    assert not SIGNUP_LINK.search(notice.body)
    assert not User.objects.filter(username="someone").exists()


def test_a_signup_link_works_once(client, mailoutbox):
    signup(client)
    path = signup_link_path(mailoutbox[0])
    assert choose_password(client, path).status_code == 302
    again = choose_password(Client(), path, "another-passphrase-for-me-9")
    assert again.status_code == 400
    assert "has been used" in again.text
    assert User.objects.get().check_password(PASSPHRASE)


def test_a_signup_link_expires(client, mailoutbox, monkeypatch):
    signup(client)
    path = signup_link_path(mailoutbox[0])
    later = signing.time.time() + 3 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = choose_password(client, path)
    assert response.status_code == 400
    assert "expired" in response.text
    assert not User.objects.exists()


def test_an_altered_signup_link_is_refused(client, mailoutbox):
    signup(client)
    path = signup_link_path(mailoutbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("accounts:signup_activate", args=["x" + token[1:]])
    assert choose_password(client, forged).status_code == 400
    assert not User.objects.exists()


def test_the_password_is_checked_when_the_link_is_used(client, mailoutbox):
    signup(client)
    path = signup_link_path(mailoutbox[0])
    response = client.post(
        path, {"password1": PASSPHRASE, "password2": "something-else-entirely"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    weak = choose_password(client, path, "meilin")
    assert weak.context["form"].errors["password1"]
    assert not User.objects.exists()


def test_signup_mails_to_one_address_are_limited(mailoutbox):
    pages = [
        signup(Client(), username=f"user{n}", email="target@example.com")
        for n in range(5)
    ]
    assert {page.redirect_chain[-1][0] for page in pages} == {
        reverse("accounts:signup_done")
    }
    assert len(mailoutbox) == 3
