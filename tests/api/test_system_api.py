"""System scope: bulk transaction push, ticket lookup, and the API keys behind it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.second_factor import totp_enrol
from accounts.services import user_create
from complaints.models import Ticket
from complaints.services import ComplaintInput, RefundInput
from integrations.api_keys import api_key_issue, api_key_revoke, api_key_rotate
from integrations.models import SystemApiKey
from tests.api.conftest import client_for_system
from tests.factories import PASSWORD, TOTP_SECRET, TicketFactory, TransactionFactory
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

PUSH = "/api/v1/system/transactions/"
LOOKUP = "/api/v1/system/tickets/"


def _record(owner: str, reference: str, **extra: str) -> dict[str, str]:
    return {
        "reference": reference,
        "owner": owner,
        "type": "payment",
        "amount": "25.50",
        "currency": "CNY",
        "status": "completed",
        "occurred_at": "2026-03-01T09:30:00+08:00",
        **extra,
    }


def test_push_stores_records_and_repeating_it_stores_nothing(customer, system_secret):
    client = client_for_system(system_secret)
    batch = {
        "records": [
            _record(customer.username, "CORE-1"),
            _record(customer.username, "CORE-2", amount="3"),
        ]
    }
    first = client.post(PUSH, batch, format="json")
    again = client.post(PUSH, batch, format="json")
    assert first.json() == {"imported": 2, "skipped": 0}
    assert again.json() == {"imported": 0, "skipped": 2}
    assert Transaction.objects.filter(owner=customer).count() == 2


def test_push_with_one_bad_record_stores_none(customer, system_secret):
    batch = {
        "records": [
            _record(customer.username, "CORE-1"),
            _record("nobody", "CORE-2"),
        ]
    }
    response = client_for_system(system_secret).post(PUSH, batch, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_records"
    assert error["records"] == [
        {
            "index": 1,
            "message": "owner 'nobody': no customer account has this username.",
        }
    ]
    assert not Transaction.objects.exists()


def test_push_refuses_a_changed_amount_for_a_stored_reference(customer, system_secret):
    client = client_for_system(system_secret)
    client.post(
        PUSH, {"records": [_record(customer.username, "CORE-1")]}, format="json"
    )
    response = client.post(
        PUSH,
        {"records": [_record(customer.username, "CORE-1", amount="99")]},
        format="json",
    )
    assert response.status_code == 400
    assert Transaction.objects.get(reference="CORE-1").amount == 25.5


def test_push_refuses_malformed_input_with_field_errors(system_secret):
    response = client_for_system(system_secret).post(
        PUSH, {"records": [{"reference": "X"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "records" in response.json()["error"]["fields"]


def test_lookup_finds_tickets_about_a_transaction(
    system_secret, django_assert_num_queries
):
    record = TransactionFactory()
    first = TicketFactory(
        customer=record.owner,
        kind=Ticket.Kind.MISOPERATION_REFUND,
        details=RefundInput(
            transaction_id=record.pk,
            amount_requested=record.amount,
            intended_recipient="Li",
        ),
    )
    second = TicketFactory(
        customer=record.owner, details=ComplaintInput(transaction_ids=(record.pk,))
    )
    TicketFactory()
    client = client_for_system(system_secret)
    client.get(LOOKUP, {"transaction": record.reference})
    # 1 API key, 1 page of tickets with customers, 1 their transaction links
    with django_assert_num_queries(3):
        response = client.get(LOOKUP, {"transaction": record.reference})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["reference"] for row in rows} == {first.reference, second.reference}
    assert rows[0]["transactions"] == [record.reference]
    assert "messages" not in rows[0]


def test_lookup_needs_a_transaction_reference(system_secret):
    response = client_for_system(system_secret).get(LOOKUP)
    assert response.status_code == 400
    assert "transaction" in response.json()["error"]["fields"]


def test_lookup_refuses_a_reference_with_a_nul_character(system_secret):
    # Found by schemathesis: PostgreSQL refuses NUL in text, a 500 before.
    response = client_for_system(system_secret).get(LOOKUP, {"transaction": "P1\x00"})
    assert response.status_code == 400
    assert "transaction" in response.json()["error"]["fields"]


def test_issued_key_is_stored_only_as_a_hash(db):
    key, secret = api_key_issue(name="core", actor=None)
    prefix, _dot, raw = secret.partition(".")
    assert key.prefix == prefix
    assert raw not in key.secret_hash
    assert len(raw) >= 40


def test_rotated_key_works_until_the_grace_period_ends(customer):
    old, old_secret = api_key_issue(name="core", actor=None)
    _new, new_secret = api_key_rotate(key=old, actor=None, grace=timedelta(hours=1))
    assert (
        client_for_system(old_secret).get(LOOKUP, {"transaction": "X"}).status_code
        == 200
    )
    assert (
        client_for_system(new_secret).get(LOOKUP, {"transaction": "X"}).status_code
        == 200
    )
    SystemApiKey.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    expired = client_for_system(old_secret).get(LOOKUP, {"transaction": "X"})
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "authentication_failed"
    assert (
        client_for_system(new_secret).get(LOOKUP, {"transaction": "X"}).status_code
        == 200
    )


def test_revoked_and_forged_keys_are_refused(db):
    key, secret = api_key_issue(name="core", actor=None)
    forged = f"{key.prefix}.not-the-secret"
    assert (
        client_for_system(forged).get(LOOKUP, {"transaction": "X"}).status_code == 401
    )
    api_key_revoke(key=key)
    assert (
        client_for_system(secret).get(LOOKUP, {"transaction": "X"}).status_code == 401
    )


def test_key_use_is_recorded(system_secret):
    client_for_system(system_secret).get(LOOKUP, {"transaction": "X"})
    assert SystemApiKey.objects.get().last_used_at is not None


def test_admin_shows_a_new_secret_once_and_rotates(client, db):
    admin = user_create(
        username="root", email="root@example.com", password=PASSWORD, role="supervisor"
    )
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    # Admins sign in with a second factor (WALLETDESK_MFA_REQUIRED_ROLES).
    totp_enrol(user=admin, secret=TOTP_SECRET)
    client.force_login(admin)
    added = client.post(
        "/admin/integrations/systemapikey/add/", {"name": "Core ledger"}
    )
    assert added.status_code == 200
    secret = re.search(
        r"Api-Key (wdk_[0-9a-f]+\.[\w-]+)", added.content.decode()
    ).group(1)
    key = SystemApiKey.objects.get()
    assert (
        client_for_system(secret).get(LOOKUP, {"transaction": "X"}).status_code == 200
    )
    listing = client.get("/admin/integrations/systemapikey/")
    assert secret.split(".")[1] not in listing.content.decode()
    rotated = client.post(
        "/admin/integrations/systemapikey/",
        {"action": "rotate_keys", "_selected_action": [key.pk]},
    )
    assert rotated.status_code == 200
    assert SystemApiKey.objects.count() == 2
    key.refresh_from_db()
    assert key.replaced_by is not None
    assert key.expires_at is not None


def test_supervisor_issues_rotates_and_revokes_keys_in_the_admin(client, supervisor):
    # The README promises supervisors this; a plain supervisor, not a superuser.
    client.force_login(supervisor)
    assert client.get("/admin/integrations/systemapikey/").status_code == 200
    added = client.post(
        "/admin/integrations/systemapikey/add/", {"name": "Core ledger"}
    )
    assert added.status_code == 200
    secret = re.search(
        r"Api-Key (wdk_[0-9a-f]+\.[\w-]+)", added.content.decode()
    ).group(1)
    key = SystemApiKey.objects.get()
    assert key.created_by == supervisor
    rotated = client.post(
        "/admin/integrations/systemapikey/",
        {"action": "rotate_keys", "_selected_action": [key.pk]},
    )
    assert rotated.status_code == 200
    successor = SystemApiKey.objects.exclude(pk=key.pk).get()
    revoked = client.post(
        "/admin/integrations/systemapikey/",
        {"action": "revoke_keys", "_selected_action": [key.pk, successor.pk]},
    )
    assert revoked.status_code == 302
    assert not SystemApiKey.objects.filter(revoked_at__isnull=True).exists()
    assert (
        client_for_system(secret).get(LOOKUP, {"transaction": "X"}).status_code == 401
    )


def test_system_key_errors_follow_accept_language_else_the_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"  # WALLETDESK_DEFAULT_LANGUAGE unset
    forged = "wdk_0000.not-a-secret"
    english = client_for_system(forged).get(
        LOOKUP, {"transaction": "X"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    default = client_for_system(forged).get(LOOKUP, {"transaction": "X"})
    assert english.json()["error"]["message"] == (
        "This API key is unknown, revoked or expired."
    )
    assert default.json()["error"]["message"] == "此 API 密钥不存在、已吊销或已过期。"
