"""Wallet actions against the simulator running as a real process."""

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from complaints.models import Ticket
from complaints.services import refund_approve, refund_decide
from integrations.models import WebhookDelivery, WebhookEndpoint
from integrations.webhooks import webhook_deliver, webhooks_redispatch
from tests.api.conftest import client_for_system
from tests.factories import SupervisorFactory, TicketFactory, TransactionFactory
from tests.processes import wait_for
from tests.wallet_actions.conftest import callback, core_endpoint_create
from tests.wallet_actions.simulator import Core, core_running
from transactions.models import Transaction
from wallet_actions.errors import ActionRefusedError
from wallet_actions.links import payment_check_token
from wallet_actions.models import PaymentCheck, WalletAction
from wallet_actions.services import action_approve, action_request, action_retry
from wallet_actions.services.outreach import payment_checks_escalate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

State = WalletAction.State


@pytest.fixture
def endpoint(transactional_db: None) -> WebhookEndpoint:
    return core_endpoint_create(answers=True)


@pytest.fixture
def core(
    live_server, settings, endpoint: WebhookEndpoint, core_key: str, tmp_path: Path
) -> Iterator[Core]:
    settings.SITE_URL = live_server.url
    with core_running(
        secret=endpoint.secret, api_key=core_key, log=tmp_path / "core.log"
    ) as running:
        endpoint.url = f"{running.url}/actions"
        endpoint.save()
        yield running


def _answered(action: WalletAction, *states: str) -> WalletAction:
    def done() -> bool:
        action.refresh_from_db()
        return action.state in states

    assert wait_for(done, timeout=20), action.state
    return action


@pytest.fixture
def refund_ticket(agent) -> Ticket:
    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    refund_decide(ticket=ticket, actor=agent, approved_amount="100")
    return ticket


def _payout(ticket: Ticket, actor) -> WalletAction:
    return action_request(
        ticket=ticket, kind="refund_payout", actor=actor, amount="100", currency="CNY"
    )


def test_payout_is_confirmed_with_the_cores_reference(core, refund_ticket, agent):
    action = _answered(_payout(refund_ticket, agent), State.CONFIRMED)
    assert action.core_reference == f"SIM-{action.pk}-1"
    assert action.sent_at is not None
    assert action.answered_at >= action.sent_at
    assert action.is_paid
    assert core.received_keys() == [f"{action.pk}-1"]


def test_payout_refused_by_the_core(core, refund_ticket, agent):
    core.control(mode="refuse")
    action = _answered(_payout(refund_ticket, agent), State.REFUSED)
    assert action.core_message == "Refused by the simulator"
    assert not action.is_paid


def test_failed_payout_is_retried_and_then_confirmed(core, refund_ticket, agent):
    core.control(next=["fail", "confirm"])
    action = _answered(_payout(refund_ticket, agent), State.FAILED)
    assert action.core_message
    action = _answered(action_retry(action=action, actor=agent), State.CONFIRMED)
    assert action.attempt == 2
    assert action.core_reference == f"SIM-{action.pk}-2"
    assert core.received_keys() == [f"{action.pk}-1", f"{action.pk}-2"]


def test_core_down_then_back_loses_nothing_and_sends_once(
    core, unauthorized_complaint, agent
):
    core.control(mode="down")
    action = action_request(
        ticket=unauthorized_complaint,
        kind="account_freeze",
        actor=agent,
        reason="unauthorized_transaction",
    )
    delivery = WebhookDelivery.objects.get(pk=action.delivery_id)
    assert delivery.sent_at is None  # 503: left for the retry
    assert delivery.response_status == 503
    action.refresh_from_db()
    assert action.state == State.REQUESTED
    core.control(mode="confirm")
    assert webhooks_redispatch(grace=timedelta(0)) == 1
    action = _answered(action, State.CONFIRMED)
    assert webhooks_redispatch(grace=timedelta(0)) == 0
    assert webhook_deliver(delivery_id=delivery.pk) is False
    assert core.received_keys() == [f"{action.pk}-1"]


def test_duplicate_and_late_callbacks_are_ignored(
    core, endpoint, core_key, refund_ticket, agent, live_server
):
    core.control(repeat=2)  # the core answers every action three times
    action = _answered(_payout(refund_ticket, agent), State.CONFIRMED)

    def three_answers() -> bool:
        return len(core.state()["callbacks"]) == 3

    assert wait_for(three_answers, timeout=20)
    statuses = [answer["status"] for answer in core.state()["callbacks"]]
    assert statuses == [200, 200, 200]
    confirmed_at = action.answered_at

    late = callback(
        Client(),
        action=action,
        key=core_key,
        secret=endpoint.secret,
        outcome="failed",
    )
    assert late.status_code == 409
    action.refresh_from_db()
    assert action.state == State.CONFIRMED
    assert action.answered_at == confirmed_at


def test_freeze_and_release_with_the_approval_rules(
    core, unauthorized_complaint, agent, supervisor
):
    freeze = action_request(
        ticket=unauthorized_complaint,
        kind="account_freeze",
        actor=agent,
        reason="account_takeover",
    )
    _answered(freeze, State.CONFIRMED)
    with pytest.raises(ActionRefusedError):
        action_request(
            ticket=unauthorized_complaint, kind="account_unfreeze", actor=agent
        )
    release = action_request(
        ticket=unauthorized_complaint, kind="account_unfreeze", actor=supervisor
    )
    _answered(release, State.CONFIRMED)
    assert core.received_keys() == [f"{freeze.pk}-1", f"{release.pk}-1"]


def test_large_payout_goes_out_only_after_a_second_supervisor(
    core, settings, agent, supervisor
):
    settings.WALLETDESK_REFUND_APPROVAL_LIMIT = Decimal("50")
    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    refund_decide(ticket=ticket, actor=agent, approved_amount="100")
    refund_approve(ticket=ticket, actor=supervisor)
    action = _payout(ticket, agent)
    assert action.is_waiting_approval
    assert core.received_keys() == []
    action = action_approve(action=action, actor=SupervisorFactory())
    _answered(action, State.CONFIRMED)
    assert core.received_keys() == [f"{action.pk}-1"]


def _report(core_key: str, payment: Transaction) -> PaymentCheck:
    """The core reports an unusual payment on the system API, as a real core does."""
    response = client_for_system(core_key).post(
        "/api/v1/system/payment-checks/",
        {"transaction": payment.reference, "reason": "new device"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return PaymentCheck.objects.get(pk=response.json()["id"])


def _customer_answers(check: PaymentCheck, answer: str) -> None:
    url = f"/wallet/payment-checks/{payment_check_token(check)}/"
    assert Client().post(url, {"answer": answer}).status_code == 200


def _core_heard(core: Core) -> list[dict]:
    assert wait_for(lambda: core.state()["checks"], timeout=20)
    return core.state()["checks"]


def test_customer_says_me_and_the_core_hears_it(core, core_key, customer):
    check = _report(core_key, TransactionFactory(owner=customer))
    _customer_answers(check, "me")
    (heard,) = _core_heard(core)
    assert (heard["check"], heard["answer"], heard["ticket"]) == (check.pk, "me", None)
    check.refresh_from_db()
    assert check.state == PaymentCheck.State.CONFIRMED
    assert not Ticket.objects.exists()
    assert core.received_keys() == []  # nothing for the wallet to do


def test_customer_says_not_me_and_the_core_confirms_the_freeze(
    core, core_key, customer
):
    check = _report(core_key, TransactionFactory(owner=customer))
    _customer_answers(check, "not_me")
    check.refresh_from_db()
    freeze = WalletAction.objects.get(ticket=check.ticket)
    _answered(freeze, State.CONFIRMED)
    assert core.received_keys() == [f"{freeze.pk}-1"]
    (heard,) = _core_heard(core)
    assert (heard["answer"], heard["ticket"]) == ("not_me", check.ticket.reference)


def test_no_answer_escalates_then_a_late_answer_still_counts(
    core, core_key, customer, supervisor
):
    check = _report(core_key, TransactionFactory(owner=customer))
    assert payment_checks_escalate(after=timedelta(0)) == 1
    check.refresh_from_db()
    assert check.state == PaymentCheck.State.ESCALATED
    assert check.escalated_to == supervisor
    # Nothing went to the core: no answer, no action.
    assert not WebhookDelivery.objects.exists()
    assert core.state()["checks"] == []
    assert core.received_keys() == []
    _customer_answers(check, "not_me")
    freeze = _answered(WalletAction.objects.get(), State.CONFIRMED)
    assert freeze.kind == "account_freeze"
    (heard,) = _core_heard(core)
    assert heard["answer"] == "not_me"
