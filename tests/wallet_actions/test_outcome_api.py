import re
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from complaints.models import Ticket
from complaints.services import refund_decide
from tests.factories import TicketFactory
from tests.wallet_actions.conftest import callback
from wallet_actions.models import WalletAction
from wallet_actions.services import action_request, action_retry, actions_time_out

pytestmark = pytest.mark.django_db

State = WalletAction.State


@pytest.fixture
def payout(core_endpoint, agent) -> WalletAction:
    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    refund_decide(ticket=ticket, actor=agent, approved_amount="40")
    return action_request(
        ticket=ticket, kind="refund_payout", actor=agent, amount="40", currency="CNY"
    )


def _snapshot(action: WalletAction) -> dict:
    action.refresh_from_db()
    return model_to_dict(action) | {"state": action.state}


def test_confirmation_records_reference_and_a_repeat_changes_nothing(
    client, payout, core_endpoint, core_key
) -> None:
    answer = {
        "outcome": "confirmed",
        "core_reference": "LEDGER-1",
        "amount": "40.00",
        "currency": "CNY",
    }
    first = callback(
        client, action=payout, key=core_key, secret=core_endpoint.secret, **answer
    )
    assert first.status_code == 200
    assert first.json()["recorded"] is True
    before = _snapshot(payout)
    assert before["state"] == State.CONFIRMED
    assert payout.core_reference == "LEDGER-1"
    assert payout.is_paid
    again = callback(
        client, action=payout, key=core_key, secret=core_endpoint.secret, **answer
    )
    assert again.status_code == 200
    assert again.json()["recorded"] is False
    assert _snapshot(payout) == before


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"signature": "sha256=" + "0" * 64}, 403, "bad_signature"),
        ({"amount": "39.99"}, 409, "amount_mismatch"),
        ({"currency": "USD"}, 409, "amount_mismatch"),
        ({"attempt": 2}, 409, "unknown_attempt"),
        ({"outcome": "paid"}, 400, "invalid"),
    ],
)
def test_bad_callbacks_are_refused_and_change_nothing(
    client, payout, core_endpoint, core_key, change, status, code
) -> None:
    before = _snapshot(payout)
    answer = {
        "outcome": "confirmed",
        "core_reference": "LEDGER-1",
        "amount": "40.00",
        "currency": "CNY",
    } | change
    response = callback(
        client, action=payout, key=core_key, secret=core_endpoint.secret, **answer
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert _snapshot(payout) == before


def test_unknown_action_is_refused(client, payout, core_endpoint, core_key) -> None:
    ghost = WalletAction(pk=payout.pk + 1000, attempt=1)
    response = callback(
        client,
        action=ghost,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="refused",
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_action"


def test_without_an_api_key_nothing_is_recorded(client, payout, core_endpoint) -> None:
    response = callback(
        client,
        action=payout,
        key="wdk_nope.nope",
        secret=core_endpoint.secret,
        outcome="refused",
    )
    assert response.status_code in (401, 403)
    payout.refresh_from_db()
    assert payout.state == State.REQUESTED


def test_state_never_goes_backwards(client, payout, core_endpoint, core_key) -> None:
    callback(
        client,
        action=payout,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="refused",
        message="limit",
    )
    before = _snapshot(payout)
    for outcome in ("sent", "failed", "confirmed"):
        response = callback(
            client,
            action=payout,
            key=core_key,
            secret=core_endpoint.secret,
            outcome=outcome,
            amount="40",
            currency="CNY",
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "state_backwards"
    assert _snapshot(payout) == before


def test_answer_to_an_attempt_superseded_by_a_retry_changes_nothing(
    client, payout, core_endpoint, core_key, agent
) -> None:
    callback(
        client,
        action=payout,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="failed",
    )
    payout.refresh_from_db()
    action_retry(action=payout, actor=agent)
    before = _snapshot(payout)
    late = callback(
        client,
        action=payout,
        key=core_key,
        secret=core_endpoint.secret,
        attempt=1,
        outcome="confirmed",
        amount="40",
        currency="CNY",
    )
    assert late.status_code == 200
    assert late.json()["recorded"] is False
    assert _snapshot(payout) == before
    assert before["state"] == State.REQUESTED


def test_a_confirmation_after_the_time_out_still_counts(
    client, payout, core_endpoint, core_key
) -> None:
    from datetime import timedelta

    actions_time_out(after=timedelta(0))
    response = callback(
        client,
        action=payout,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="confirmed",
        amount="40",
        currency="CNY",
        core_reference="L-9",
    )
    assert response.status_code == 200
    payout.refresh_from_db()
    assert payout.state == State.CONFIRMED
    assert payout.amount == Decimal("40")


def test_schema_documents_the_callback(client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/system/wallet-actions/{action_id}/outcome/"]
    post = operation["post"]
    assert post["operationId"] == "system_wallet_action_outcome"
    assert {"200", "400", "403", "404", "409"} <= set(post["responses"])
    headers = {p["name"] for p in post["parameters"] if p["in"] == "header"}
    assert headers == {"X-Walletdesk-Timestamp", "X-Walletdesk-Signature"}


def test_schema_documents_the_payment_check_report_and_the_customers_view(
    client,
) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/system/payment-checks/"]["post"]
    assert {"200", "201", "400"} <= set(post["responses"])
    ticket = next(
        operation["get"]
        for path, operation in schema["paths"].items()
        if path.startswith("/api/v1/my/tickets/{") and "get" in operation
    )
    ref = ticket["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    wallet = fields["wallet"]["items"]
    item = schema["components"]["schemas"][wallet["$ref"].rsplit("/", 1)[1]]
    assert {"text", "paid", "done", "reference", "done_at"} <= set(item["properties"])


def test_refusals_are_explained_in_the_callers_language(
    payout, core_endpoint, core_key
) -> None:
    before = _snapshot(payout)
    chinese = Client(headers={"Accept-Language": "zh-hans"})
    response = callback(
        chinese,
        action=payout,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="confirmed",
        amount="39.99",
        currency="CNY",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "amount_mismatch"
    assert re.search(r"[\u4e00-\u9fff]", error["message"]), error["message"]
    assert _snapshot(payout) == before
