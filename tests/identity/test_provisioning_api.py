"""The wallet core provisions customers by account id: PUT creates, then updates."""

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from audit.models import AuditEvent
from tests.api.conftest import client_for_system
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

PROFILE = {
    "phone": "+86 138 0013 8000",
    "email": "mei@example.com",
    "display_name": "王小梅",
    "preferred_language": "zh-hans",
    "status": "active",
}


def _url(account_id: str) -> str:
    return f"/api/v1/system/customers/{account_id}/"


def _refusals() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.REFUSE,
            content_type=ContentType.objects.get_for_model(User),
        )
    )


def test_put_creates_the_customer_then_updates_them(system_secret):
    client = client_for_system(system_secret)

    created = client.put(_url("8800001"), PROFILE, format="json")
    again = client.put(_url("8800001"), PROFILE, format="json")
    closed = client.put(_url("8800001"), {**PROFILE, "status": "closed"}, format="json")

    assert created.status_code == 201, created.json()
    assert created.json() == {
        "account_id": "8800001",
        "phone": "+8613800138000",
        "email": "mei@example.com",
        "display_name": "王小梅",
        "preferred_language": "zh-hans",
        "status": "active",
    }
    assert again.status_code == 200
    assert closed.json()["status"] == "closed"
    customer = User.objects.get(wallet_account_id="8800001")
    assert customer.is_customer
    assert not customer.has_usable_password()
    assert customer.is_wallet_closed


def test_provisioning_is_audited_and_a_repeat_records_nothing(system_secret):
    client = client_for_system(system_secret)
    client.put(_url("8800002"), PROFILE, format="json")
    customer = User.objects.get(wallet_account_id="8800002")
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(customer.pk),
    )
    # The row, then its role group.
    assert sorted(events.values_list("action", "source")) == [
        ("create", "api"),
        ("update", "api"),
    ]

    client.put(_url("8800002"), PROFILE, format="json")
    assert events.count() == 2

    client.put(_url("8800002"), {**PROFILE, "status": "closed"}, format="json")
    latest = events.first()
    assert latest.action == "update"
    assert latest.changes == {"account_status": ["active", "closed"]}


def test_a_malformed_phone_is_refused_and_changes_nothing(system_secret):
    client = client_for_system(system_secret)
    client.put(_url("8800003"), PROFILE, format="json")

    for phone in ("13800138000", "+86 12", "+1 555 0100 phone"):
        response = client.put(
            _url("8800003"), {**PROFILE, "phone": phone}, format="json"
        )
        assert response.status_code == 400
        assert "E.164" in response.json()["error"]["fields"]["phone"][0]
    assert User.objects.get(wallet_account_id="8800003").phone == "+8613800138000"
    assert not User.objects.filter(wallet_account_id="8800004").exists()


def test_the_phone_error_is_translated(system_secret):
    response = client_for_system(system_secret).put(
        _url("8800005"),
        {**PROFILE, "phone": "12345"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "+8613800138000" in response.json()["error"]["fields"]["phone"][0]
    assert "国际" in response.json()["error"]["fields"]["phone"][0]


def test_another_account_id_cannot_take_over_an_email(system_secret):
    client = client_for_system(system_secret)
    client.put(_url("8800006"), PROFILE, format="json")
    owner = User.objects.get(wallet_account_id="8800006")

    response = client.put(_url("8800007"), PROFILE, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "email_taken"
    assert not User.objects.filter(wallet_account_id="8800007").exists()
    (refusal,) = _refusals()
    assert refusal.object_id == str(owner.pk)
    assert refusal.changes == {"refused": "email_taken", "account_id": "8800007"}
    assert refusal.source == "api"


def test_a_staff_email_cannot_be_taken_either(system_secret, agent):
    response = client_for_system(system_secret).put(
        _url("8800008"), {**PROFILE, "email": agent.email.upper()}, format="json"
    )
    assert response.status_code == 409
    assert not User.objects.filter(wallet_account_id="8800008").exists()


def test_customers_from_before_account_ids_are_addressed_by_username(system_secret):
    legacy = CustomerFactory(username="mei_legacy", email="old@example.com")
    assert legacy.wallet_account_id == "mei_legacy"

    response = client_for_system(system_secret).put(
        _url("mei_legacy"), {**PROFILE, "email": "old@example.com"}, format="json"
    )

    assert response.status_code == 200
    legacy.refresh_from_db()
    assert legacy.phone == "+8613800138000"
    assert legacy.get_full_name() == "王小梅"


def test_a_new_customer_whose_id_is_a_taken_username_gets_another(system_secret):
    CustomerFactory(username="lin", wallet_account_id="something-else")
    response = client_for_system(system_secret).put(
        _url("lin"), {**PROFILE, "email": ""}, format="json"
    )
    assert response.status_code == 201
    assert User.objects.get(wallet_account_id="lin").username == "wallet-lin"


def test_an_account_id_with_other_characters_is_refused(system_secret):
    response = client_for_system(system_secret).put(
        _url("a%20b"), PROFILE, format="json"
    )
    assert response.status_code == 400
    assert "account_id" in response.json()["error"]["fields"]


def test_people_and_strangers_cannot_provision(customer):
    from tests.api.conftest import client_for

    response = client_for(customer).put(_url("8800009"), PROFILE, format="json")
    anonymous = client_for(None).put(_url("8800009"), PROFILE, format="json")
    assert response.status_code == 403
    assert anonymous.status_code in {401, 403}
    assert not User.objects.filter(wallet_account_id="8800009").exists()


def test_provisioning_query_counts(system_secret, django_assert_num_queries):
    client = client_for_system(system_secret)
    client.put(_url("8800010"), PROFILE, format="json")
    # Key lookup, email holder, then savepoint, the locked account row, release
    # (the test's transaction turns atomic into a savepoint); no write when
    # nothing changed.
    with django_assert_num_queries(5):
        response = client.put(_url("8800010"), PROFILE, format="json")
    assert response.status_code == 200
