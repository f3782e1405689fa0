"""Sign-up names as people read them: width, scripts, look-alikes, direction marks."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import CustomerFactory
from tests.mailed_links import signup_link_path

pytestmark = pytest.mark.django_db

FULL_WIDTH_CUSTOMER = "".join(chr(ord(char) + 0xFEE0) for char in "customer")


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def signup(client: Client, **overrides: str):
    fields = {
        "username": "meilin",
        "email": "meilin@example.com",
        "first_name": "Mei Lin",
        "preferred_language": "en",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
    }
    fields.update(overrides)
    return client.post(reverse("accounts:signup"), fields)


def activate(client: Client, mailoutbox: list) -> None:
    client.post(signup_link_path(mailoutbox[-1]))


def test_full_width_copy_of_a_username_is_refused_not_a_server_error(client):
    CustomerFactory(username="customer")
    response = signup(client, username=FULL_WIDTH_CUSTOMER)
    assert response.status_code == 200
    assert "This username is not available" in response.text
    assert User.objects.count() == 1


def test_full_width_username_is_stored_normalised(client, mailoutbox):
    response = signup(client, username="\uff4d\uff45\uff49\uff4c\uff49\uff4e")
    assert response.status_code == 302
    activate(client, mailoutbox)
    assert User.objects.get(username="meilin").is_active


def test_cyrillic_look_alike_of_a_username_is_refused(client):
    CustomerFactory(username="agent")
    # Cyrillic a and e: the whole name reads "agent".
    response = signup(client, username="\u0430g\u0435nt")
    assert response.status_code == 200
    assert User.objects.count() == 1


def test_whole_cyrillic_look_alike_is_refused_as_taken(client):
    CustomerFactory(username="cope")
    # Cyrillic es, o, er, ie.
    response = signup(client, username="\u0441\u043e\u0440\u0435")
    assert response.status_code == 200
    assert "This username is not available" in response.text


def test_mixed_script_username_is_refused(client):
    response = signup(client, username="pay\u0440al")
    assert response.status_code == 200
    assert "one alphabet" in response.text
    assert not User.objects.exists()


def test_single_script_usernames_are_welcome(client, mailoutbox):
    assert signup(client, username="王小明").status_code == 302
    activate(client, mailoutbox)
    assert User.objects.get(username="王小明").is_active


def test_right_to_left_override_in_a_name_is_refused(client):
    response = signup(client, first_name="Mei\u202egnp.exe")
    assert response.status_code == 200
    assert "text-direction" in response.text
    assert not User.objects.exists()
