"""Sign-up (django-allauth): the page never tells whether an email has an account,
and an account opens only from the link mailed to its address."""

import re
from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
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
        "password1": PASSPHRASE,
        "password2": PASSPHRASE,
    }
    fields.update(overrides)
    return client.post(reverse("accounts:signup"), fields, follow=True)


def without_nonces(page: bytes) -> bytes:
    """The page without its per-response CSP nonces and CSRF tokens."""
    return re.sub(rb'(nonce|value)="[^"]*"', b"", page)


def confirm(client: Client, path: str):
    return client.post(path)


def test_signup_mails_a_link_and_the_link_opens_the_account(client, mailoutbox):
    page = signup(client)

    assert page.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    user = User.objects.get(username="meilin")
    assert not user.is_active  # nobody can use it before the mailbox answers
    assert SESSION_KEY not in client.session
    assert [message.to for message in mailoutbox] == [["meilin@example.com"]]
    path = signup_link_path(mailoutbox[0])
    form = client.get(path)
    assert form.status_code == 200
    user.refresh_from_db()
    assert not user.is_active  # opening the link changes nothing
    response = confirm(client, path)
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.is_active
    # The link proves the mailbox; the password chosen at sign-up opens the session.
    response = client.post(
        reverse("accounts:login"), {"username": "meilin", "password": PASSPHRASE}
    )
    assert response["Location"] == reverse("complaints:home")
    assert user.role == User.Role.CUSTOMER
    assert user.email == "meilin@example.com"
    assert user.first_name == "Mei Lin"
    assert user.preferred_language == "en"
    assert user.wallet_account_id == "meilin"
    assert user.check_password(PASSPHRASE)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unconfirmed_account_cannot_log_in(client, mailoutbox):
    signup(client)
    browser = Client()
    response = browser.post(
        reverse("accounts:login"), {"username": "meilin", "password": PASSPHRASE}
    )
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] == reverse("account_email_verification_sent")
    assert SESSION_KEY not in browser.session
    assert not User.objects.get(username="meilin").is_active


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
    assert "/accounts/password/reset/" in notice.body
    assert "已" in notice.subject  # the owner's language
    assert not SIGNUP_LINK.search(notice.body)
    assert not User.objects.filter(username="someone").exists()


def test_a_signup_link_works_once(client, mailoutbox):
    signup(client)
    path = signup_link_path(mailoutbox[0])
    assert confirm(client, path).status_code == 302
    browser = Client()
    assert 'data-test="confirm-refused"' in browser.get(path).text
    assert browser.post(path).status_code == 404
    assert SESSION_KEY not in browser.session
    assert User.objects.get().check_password(PASSPHRASE)


def test_a_signup_link_expires(client, mailoutbox, monkeypatch):
    signup(client)
    path = signup_link_path(mailoutbox[0])
    later = signing.time.time() + 3 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert 'data-test="confirm-refused"' in client.get(path).text
    assert confirm(client, path).status_code == 404
    assert not User.objects.get().is_active
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_an_altered_signup_link_is_refused(client, mailoutbox):
    signup(client)
    path = signup_link_path(mailoutbox[0])
    key = path.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("account_confirm_email", args=["x" + key[1:]])
    assert 'data-test="confirm-refused"' in client.get(forged).text
    assert confirm(client, forged).status_code == 404
    assert not User.objects.get().is_active


def test_the_password_is_checked_at_sign_up(client, mailoutbox):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "meilin",
            "email": "meilin@example.com",
            "preferred_language": "en",
            "password1": PASSPHRASE,
            "password2": "something-else-entirely",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    weak = signup(client, password1="meilin", password2="meilin")
    assert weak.context["form"].errors["password1"]
    assert not User.objects.exists()
    assert mailoutbox == []


def test_signup_mails_to_one_address_are_limited(mailoutbox):
    pages = [
        signup(Client(), username=f"user{n}", email="target@example.com")
        for n in range(5)
    ]
    assert {page.redirect_chain[-1][0] for page in pages} == {
        reverse("account_email_verification_sent")
    }
    assert len(mailoutbox) == 3


def test_signup_is_closed_when_the_setting_is_off(client, settings):
    settings.WALLETDESK_PASSWORD_SIGNUP = False
    page = client.get(reverse("accounts:signup"))
    assert 'data-test="signup-closed"' in page.text
    response = signup(client)
    assert not User.objects.exists()
    assert 'data-test="signup-closed"' in response.text
    assert 'data-test="nav-signup"' not in client.get(reverse("accounts:login")).text
