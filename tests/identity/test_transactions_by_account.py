"""The core names a record's owner by wallet account id; usernames keep working."""

import io

import pytest

from tests.api.conftest import client_for_system
from tests.factories import CustomerFactory
from tests.identity.conftest import provision
from transactions.importing import ledger_import
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

PUSH = "/api/v1/system/transactions/"


def _record(reference: str, **owner: str) -> dict[str, str]:
    return {
        "reference": reference,
        "type": "payment",
        "amount": "25.50",
        "currency": "CNY",
        "status": "completed",
        "occurred_at": "2026-03-01T09:30:00+08:00",
        **owner,
    }


def test_push_by_account_id_and_by_username(system_secret):
    mei = provision("8803001")
    legacy = CustomerFactory(username="old_lin")
    batch = {
        "records": [
            _record("ACC-1", account_id="8803001"),
            _record("ACC-2", owner="old_lin"),
            _record("ACC-3", account_id="8803001", owner=mei.username),
        ]
    }
    response = client_for_system(system_secret).post(PUSH, batch, format="json")
    assert response.json() == {"imported": 3, "skipped": 0}
    owners = dict(Transaction.objects.values_list("reference", "owner_id"))
    assert owners == {"ACC-1": mei.pk, "ACC-2": legacy.pk, "ACC-3": mei.pk}


def test_push_refuses_unknown_missing_or_disagreeing_owners(system_secret):
    provision("8803002")
    CustomerFactory(username="someone_else")
    batch = {
        "records": [
            _record("BAD-1", account_id="no-such-account"),
            _record("BAD-2"),
            _record("BAD-3", account_id="8803002", owner="someone_else"),
        ]
    }
    response = client_for_system(system_secret).post(PUSH, batch, format="json")
    assert response.status_code == 400
    messages = [item["message"] for item in response.json()["error"]["records"]]
    assert "no customer has this wallet account id" in messages[0]
    assert "account_id (or owner, a username) is required" in messages[1]
    assert "name different customers" in messages[2]
    assert not Transaction.objects.exists()


def test_csv_import_with_an_account_id_column(db):
    mei = provision("8803003")
    text = (
        "reference,account_id,type,amount,currency,status,occurred_at\n"
        "CSV-1,8803003,payment,10.00,CNY,completed,2026-03-01T09:30:00+08:00\n"
    )
    result = ledger_import(stream=io.StringIO(text), fmt="csv")
    assert result.is_ok, result.errors
    assert Transaction.objects.get(reference="CSV-1").owner == mei


def test_csv_without_any_owner_column_is_refused(db):
    text = "reference,type,amount,currency,status,occurred_at\n"
    result = ledger_import(stream=io.StringIO(text), fmt="csv")
    assert "account_id or owner" in result.errors[0].message
