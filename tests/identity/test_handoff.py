"""App hand-off links: asked for by the core, spent once by the customer's app."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from identity.models import SignInLink
from tests.api.conftest import client_for_system
from tests.factories import TicketFactory, TransactionFactory
from tests.identity.conftest import provision

pytestmark = pytest.mark.django_db


def _links_url(account_id: str) -> str:
    return f"/api/v1/system/customers/{account_id}/sign-in-links/"


def _ask(secret: str, account_id: str, **body: str):
    return client_for_system(secret).post(_links_url(account_id), body, format="json")


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REFUSE,
            content_type=ContentType.objects.get_for_model(User),
        ).values_list("changes__refused", flat=True)
    )


@pytest.fixture
def mei(db: None) -> User:
    return provision("8801001")


def test_the_link_signs_the_customer_in_once_and_lands_on_their_ticket(
    system_secret, mei
):
    ticket = TicketFactory(customer=mei)
    response = _ask(system_secret, "8801001", next=ticket.reference)
    assert response.status_code == 201, response.json()
    assert response["Cache-Control"] == "no-store"
    path = _path(response.json()["url"])
    browser = Client()

    shown = browser.get(path)
    assert shown.status_code == 200
    assert shown["Referrer-Policy"] == "same-origin"
    assert "no-store" in shown["Cache-Control"]
    assert SignInLink.objects.get().used_at is None  # GET spent nothing
    assert "_auth_user_id" not in browser.session

    signed_in = browser.post(path)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == f"/tickets/{ticket.reference}/"
    assert browser.session["_auth_user_id"] == str(mei.pk)
    assert browser.cookies["django_language"].value == "zh-hans"
    assert browser.get(signed_in["Location"]).status_code == 200

    replay = Client().post(path)
    assert replay.status_code == 400
    assert "_auth_user_id" not in replay.wsgi_request.session
    assert _refusals() == ["replayed_link"]


def test_signing_in_cycles_the_session_and_replaces_another_person(
    system_secret, mei, customer
):
    browser = Client()
    browser.force_login(customer)
    before = browser.session.session_key
    path = _path(_ask(system_secret, "8801001").json()["url"])

    browser.post(path)

    assert browser.session.session_key != before
    assert browser.session["_auth_user_id"] == str(mei.pk)


def test_an_expired_link_is_refused_and_audited(system_secret, mei):
    path = _path(_ask(system_secret, "8801001").json()["url"])
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = Client().post(path, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "链接" in response.content.decode()
    assert SignInLink.objects.get().used_at is None
    assert _refusals() == ["expired_link"]


def test_links_are_valid_for_at_most_two_minutes(system_secret, mei, settings):
    before = timezone.now()
    expires = _ask(system_secret, "8801001").json()["expires_at"]
    link = SignInLink.objects.get()
    assert link.expires_at - before <= timedelta(seconds=121)
    assert expires.endswith("Z")


def test_a_tampered_link_is_refused_and_audited(system_secret, mei):
    path = _path(_ask(system_secret, "8801001").json()["url"])
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    response = Client().post(tampered)

    assert response.status_code == 400
    assert SignInLink.objects.get().used_at is None
    assert _refusals() == ["unknown_link"]


def test_an_unknown_account_gets_no_link(system_secret):
    response = _ask(system_secret, "nobody-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_account"
    assert not SignInLink.objects.exists()
    assert _refusals() == ["unknown_account"]


def test_a_closed_account_gets_no_link_and_an_earlier_link_stops_working(
    system_secret, mei
):
    path = _path(_ask(system_secret, "8801001").json()["url"])
    provision("8801001", status="closed")

    asked = _ask(system_secret, "8801001")
    used = Client().post(path)

    assert asked.status_code == 409
    assert used.status_code == 400
    assert "_auth_user_id" not in used.wsgi_request.session
    assert _refusals() == ["account_closed", "account_closed"]


def test_a_link_cannot_land_on_someone_elses_ticket_or_transaction(
    system_secret, mei, customer
):
    other_ticket = TicketFactory(customer=customer)
    other_record = TransactionFactory(owner=customer)

    ticket = _ask(system_secret, "8801001", next=other_ticket.reference)
    record = _ask(system_secret, "8801001", transaction=other_record.reference)

    assert ticket.status_code == 400
    assert "next" in ticket.json()["error"]["fields"]
    assert record.status_code == 400
    assert "transaction" in record.json()["error"]["fields"]
    assert not SignInLink.objects.exists()
    assert sorted(_refusals()) == ["foreign_ticket", "foreign_transaction"]


def test_a_link_preselects_the_customers_transaction_on_the_filing_form(
    system_secret, mei
):
    record = TransactionFactory(owner=mei, reference="TX-HANDOFF-1")
    response = _ask(system_secret, "8801001", transaction=record.reference)
    browser = Client()

    landed = browser.post(_path(response.json()["url"]))
    assert landed["Location"] == "/tickets/new/?transaction=TX-HANDOFF-1"
    start = browser.get(landed["Location"]).content.decode()
    assert 'data-test="preselected-transaction"' in start
    assert "/tickets/new/transfer-failed/?transaction=TX-HANDOFF-1" in start
    form = browser.get("/tickets/new/transfer-failed/?transaction=TX-HANDOFF-1")
    assert f'value="{record.pk}" checked' in form.content.decode()


def test_link_use_is_rate_limited_per_address(system_secret, mei, settings):
    settings.WALLETDESK_HANDOFF_RATE_PER_IP = "2/m"
    browser = Client()
    codes = [browser.post(f"/accounts/link/{'x' * 43}/").status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_hand_off_query_counts(system_secret, mei, django_assert_num_queries):
    ticket = TicketFactory(customer=mei)
    _ask(system_secret, "8801001")  # the key's last_used_at is fresh from here
    # Key, customer, the ticket (with its flags), purge of old links, insert
    # (savepoint and release around the atomic issue in the test transaction).
    with django_assert_num_queries(7):
        response = _ask(system_secret, "8801001", next=ticket.reference)
    path = _path(response.json()["url"])
    browser = Client()
    with django_assert_num_queries(0):
        browser.get(path)
    # The conditional UPDATE and the link with its customer (2); login(): the new
    # session key's exists check and insert with its savepoint (4), django-axes'
    # log-in record (3), last_login (1), the session save with its savepoint (3).
    with django_assert_num_queries(13):
        assert browser.post(path).status_code == 302
