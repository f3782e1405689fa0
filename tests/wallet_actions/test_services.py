from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from audit.models import AuditEvent
from complaints.models import Ticket
from complaints.services import refund_approve, refund_decide
from integrations.models import WebhookDelivery
from tests.factories import SupervisorFactory, TicketFactory
from wallet_actions.errors import ActionRefusedError
from wallet_actions.models import WalletAction
from wallet_actions.services import (
    action_approve,
    action_request,
    action_retry,
    actions_time_out,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund_ticket(customer) -> Ticket:
    return TicketFactory(customer=customer, kind=Ticket.Kind.MISOPERATION_REFUND)


def test_freeze_writes_the_action_and_one_signed_delivery(
    core_endpoint, unauthorized_complaint, agent, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        action = action_request(
            ticket=unauthorized_complaint,
            kind="account_freeze",
            actor=agent,
            reason="unauthorized_transaction",
        )
    assert len(callbacks) == 1  # the delivery task, after commit
    delivery = WebhookDelivery.objects.get()
    assert action.delivery == delivery
    assert action.state == WalletAction.State.REQUESTED
    assert '"kind":"account_freeze"' in delivery.body
    assert '"callback_url":"http://' in delivery.body
    assert AuditEvent.objects.filter(
        content_type__model="walletaction", object_id=str(action.pk)
    ).exists()


def test_freeze_needs_a_reason_from_the_list(
    core_endpoint, unauthorized_complaint, agent
) -> None:
    with pytest.raises(ValidationError) as refused:
        action_request(
            ticket=unauthorized_complaint,
            kind="account_freeze",
            actor=agent,
            reason="felt like it",
        )
    assert "reason" in refused.value.message_dict
    assert not WalletAction.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_only_supervisors_ask_to_unfreeze(
    core_endpoint, unauthorized_complaint, agent, supervisor
) -> None:
    with pytest.raises(ActionRefusedError):
        action_request(
            ticket=unauthorized_complaint, kind="account_unfreeze", actor=agent
        )
    assert not WalletAction.objects.exists()
    action = action_request(
        ticket=unauthorized_complaint, kind="account_unfreeze", actor=supervisor
    )
    assert action.delivery is not None


def test_no_core_endpoint_refuses_and_writes_nothing(
    unauthorized_complaint, agent
) -> None:
    with pytest.raises(ActionRefusedError):
        action_request(
            ticket=unauthorized_complaint,
            kind="account_freeze",
            actor=agent,
            reason="unauthorized_transaction",
        )
    assert not WalletAction.objects.exists()


def test_customer_cannot_ask(core_endpoint, unauthorized_complaint) -> None:
    with pytest.raises(ActionRefusedError):
        action_request(
            ticket=unauthorized_complaint,
            kind="account_freeze",
            actor=unauthorized_complaint.customer,
            reason="unauthorized_transaction",
        )


def test_a_second_freeze_while_one_waits_is_refused(
    core_endpoint, unauthorized_complaint, agent
) -> None:
    action_request(
        ticket=unauthorized_complaint,
        kind="account_freeze",
        actor=agent,
        reason="unauthorized_transaction",
    )
    with pytest.raises(ActionRefusedError):
        action_request(
            ticket=unauthorized_complaint,
            kind="account_freeze",
            actor=agent,
            reason="unauthorized_transaction",
        )
    assert WalletAction.objects.count() == 1


def test_payment_hold_names_one_of_the_tickets_transactions(
    core_endpoint, unauthorized_complaint, agent
) -> None:
    other = TicketFactory().transaction_links.get().transaction
    with pytest.raises(ValidationError):
        action_request(
            ticket=unauthorized_complaint,
            kind="payment_hold",
            actor=agent,
            transaction_=other,
        )
    own = unauthorized_complaint.transaction_links.get().transaction
    action = action_request(
        ticket=unauthorized_complaint,
        kind="payment_hold",
        actor=agent,
        transaction_=own,
    )
    assert action.transaction == own


def test_payout_needs_an_approved_decision_and_stays_within_it(
    core_endpoint, refund_ticket, agent
) -> None:
    with pytest.raises(ActionRefusedError):
        action_request(
            ticket=refund_ticket,
            kind="refund_payout",
            actor=agent,
            amount="50",
            currency="CNY",
        )
    refund_decide(ticket=refund_ticket, actor=agent, approved_amount="60")
    with pytest.raises(ValidationError):
        action_request(
            ticket=refund_ticket,
            kind="refund_payout",
            actor=agent,
            amount="60.01",
            currency="CNY",
        )
    action = action_request(
        ticket=refund_ticket,
        kind="refund_payout",
        actor=agent,
        amount="60",
        currency="CNY",
    )
    assert action.amount == Decimal("60")
    assert not action.needs_approval
    with pytest.raises(ValidationError):  # nothing left to pay
        action_request(
            ticket=refund_ticket,
            kind="refund_payout",
            actor=agent,
            amount="1",
            currency="CNY",
        )


@override_settings(WALLETDESK_REFUND_APPROVAL_LIMIT=Decimal("50"))
def test_payout_above_the_limit_waits_for_another_supervisor(
    core_endpoint, refund_ticket, supervisor
) -> None:
    refund_decide(ticket=refund_ticket, actor=supervisor, approved_amount="80")
    refund_approve(ticket=refund_ticket, actor=SupervisorFactory())
    action = action_request(
        ticket=refund_ticket,
        kind="refund_payout",
        actor=supervisor,
        amount="80",
        currency="CNY",
    )
    assert action.is_waiting_approval
    assert action.delivery is None
    assert WebhookDelivery.objects.filter(event="wallet_action.requested").count() == 0
    with pytest.raises(ActionRefusedError):
        action_approve(action=action, actor=supervisor)
    approved = action_approve(action=action, actor=SupervisorFactory())
    assert approved.delivery is not None
    assert approved.approved_at is not None


def test_time_out_then_retry_sends_a_new_attempt(
    core_endpoint, unauthorized_complaint, agent
) -> None:
    action = action_request(
        ticket=unauthorized_complaint,
        kind="account_freeze",
        actor=agent,
        reason="unauthorized_transaction",
    )
    with pytest.raises(ActionRefusedError):
        action_retry(action=action, actor=agent)  # still waiting

    assert actions_time_out(after=timedelta(0)) == 1
    action.refresh_from_db()
    assert action.state == WalletAction.State.TIMED_OUT
    retried = action_retry(action=action, actor=agent)
    assert retried.attempt == 2
    assert retried.state == WalletAction.State.REQUESTED
    assert retried.delivery_id != action.delivery_id
    assert '"attempt":2' in retried.delivery.body
