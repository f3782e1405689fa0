"""Sign-in with a code sent by SMS (django-allauth's login by code, for phones)."""

import re
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

import sms
from accounts.models import User
from audit.models import AuditEvent
from tests.factories import AgentFactory
from tests.identity.conftest import provision

pytestmark = pytest.mark.django_db

PHONE = "+8613800138000"


@pytest.fixture(autouse=True)
def _sms_outbox(settings) -> Iterator[None]:
    settings.WALLETDESK_SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def mei(db: None) -> User:
    return provision("8801001", phone=PHONE)


@pytest.fixture
def ask(django_capture_on_commit_callbacks: Callable) -> Callable:
    """POST a phone number to the request page; the SMS leaves after the commit."""

    def ask(client: Client, phone: str = PHONE):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("identity:phone_code"), {"phone": phone})

    return ask


def _code() -> str:
    found = re.search(r"\b(\d{6})\b", sms.outbox[-1].body)
    assert found, sms.outbox[-1].body
    return found.group(1)


def _confirm(client: Client, code: str):
    return client.post(reverse("identity:phone_code_confirm"), {"code": code})


def _refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REFUSE,
            content_type=ContentType.objects.get_for_model(User),
        )
        .order_by("pk")
        .values_list("changes__refused", flat=True)
    )


def test_a_customer_signs_in_with_the_code_sent_to_their_phone(mei, ask):
    client = Client()
    response = ask(client)

    assert response["Location"] == reverse("identity:phone_code_confirm")
    assert [message.to for message in sms.outbox] == [PHONE]
    assert "验证码" in sms.outbox[0].body  # the customer's language
    signed_in = _confirm(client, _code())
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("complaints:home")
    assert client.session[SESSION_KEY] == str(mei.pk)
    assert signed_in.cookies["django_language"].value == "zh-hans"


def test_the_number_may_be_typed_with_spaces(mei, ask):
    client = Client()
    ask(client, "+86 138 0013 8000")
    assert _confirm(client, _code()).status_code == 302
    assert client.session[SESSION_KEY] == str(mei.pk)


def test_a_wrong_code_is_refused_and_audited(mei, ask):
    client = Client()
    ask(client)
    code = _code()
    wrong = "000000" if code != "000000" else "111111"

    response = _confirm(client, wrong)

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert SESSION_KEY not in client.session
    assert _refusals() == ["sms_code_wrong"]
    # Three wrong codes end the attempt: even the right one no longer works.
    _confirm(client, wrong)
    ended = _confirm(client, wrong)
    assert ended["Location"].startswith(reverse("identity:phone_code"))
    assert _confirm(client, code)["Location"].startswith(reverse("identity:phone_code"))
    assert SESSION_KEY not in client.session


def test_a_used_code_does_not_sign_in_again(mei, ask):
    client = Client()
    ask(client)
    code = _code()
    assert _confirm(client, code).status_code == 302
    client.post(reverse("accounts:logout"))

    again = client.post(
        reverse("identity:phone_code_confirm"), {"code": code}, follow=True
    )

    assert SESSION_KEY not in client.session
    assert "已失效" in again.text  # signing in chose the customer's language
    assert _refusals() == ["sms_code_not_pending"]


def test_a_code_works_only_in_the_browser_that_asked_for_it(mei, ask):
    ask(Client())
    other = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = other.post(
        reverse("identity:phone_code_confirm"), {"code": _code()}, follow=True
    )
    assert SESSION_KEY not in other.session
    assert "已失效" in response.text


def test_an_expired_code_is_refused(mei, ask, settings):
    client = Client()
    ask(client)
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = -1
    response = client.post(
        reverse("identity:phone_code_confirm"), {"code": _code()}, follow=True
    )
    assert SESSION_KEY not in client.session
    assert "can no longer be used" in response.text


def test_the_sixth_code_in_an_hour_for_one_number_is_refused(mei, ask):
    statuses = [ask(Client(REMOTE_ADDR=f"203.0.113.{n}")).status_code for n in range(6)]

    assert statuses == [302] * 5 + [429]
    assert len(sms.outbox) == 5
    assert _refusals() == ["sms_code_limit"]
    refused = ask(Client(REMOTE_ADDR="203.0.113.99", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert refused.status_code == 429
    assert "一小时" in refused.text
    assert len(sms.outbox) == 5


def test_one_address_cannot_ask_codes_for_many_numbers(settings, ask):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "request_login_code": "3/h/ip,5/h/key",
    }
    for n in range(4):
        provision(f"88020{n}", phone=f"+861380013810{n}")
    statuses = [
        ask(Client(REMOTE_ADDR="198.51.100.8"), f"+861380013810{n}").status_code
        for n in range(4)
    ]
    assert statuses == [302] * 3 + [429]
    assert len(sms.outbox) == 3


def test_an_unknown_number_gets_the_same_answer_and_no_message(ask):
    response = ask(Client(), "+8613900139000")
    assert response["Location"] == reverse("identity:phone_code_confirm")
    assert sms.outbox == []


def test_staff_never_sign_in_by_phone(ask):
    AgentFactory(phone=PHONE)
    ask(Client())
    assert sms.outbox == []


def test_a_number_that_is_not_e164_is_refused_with_a_translated_error(ask):
    response = ask(Client(HTTP_ACCEPT_LANGUAGE="zh-hans"), "13800138000")
    assert response.status_code == 200
    assert "+8613800138000" in response.text
    assert sms.outbox == []


def test_phone_pages_query_counts(mei, ask, django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        assert client.get(reverse("identity:phone_code")).status_code == 200
    ask(client)
    with django_assert_num_queries(1):  # the session
        assert client.get(reverse("identity:phone_code_confirm")).status_code == 200
