"""Refund decisions, supervisor approval above the limit, payment and recovery."""

import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaints.errors import WorkflowError
from complaints.models import RecoveryAttempt, RefundDecision, Ticket
from complaints.services import (
    recovery_attempt_add,
    refund_approve,
    refund_decide,
)
from integrations.models import WebhookDelivery, WebhookEndpoint
from tests.factories import SupervisorFactory, TicketFactory, TransactionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund_ticket(customer) -> Ticket:
    return TicketFactory(
        customer=customer,
        kind=Ticket.Kind.MISOPERATION_REFUND,
        category="wrong_recipient",
    )


@pytest.fixture
def large_refund(customer) -> Ticket:
    from complaints.services import RefundInput

    record = TransactionFactory(owner=customer, amount=Decimal("5000"))
    return TicketFactory(
        customer=customer,
        kind=Ticket.Kind.MISOPERATION_REFUND,
        category=Ticket.Category.WRONG_RECIPIENT,
        details=RefundInput(
            transaction_id=record.pk,
            amount_requested=Decimal("4000"),
            intended_recipient="Li Na",
        ),
    )


@pytest.fixture
def webhooks(db: None) -> Callable[[], list[tuple[str, dict]]]:
    """The wallet core's endpoint; the returned function lists the events queued."""
    endpoint = WebhookEndpoint.objects.create(
        name="Wallet core",
        url="https://core.example/hooks",
        secret="s" * 32,
        events=["refund.approved"],
    )

    def queued() -> list[tuple[str, dict]]:
        return [
            (delivery.event, json.loads(delivery.body)["data"])
            for delivery in WebhookDelivery.objects.filter(endpoint=endpoint)
        ]

    return queued


def test_refund_at_or_below_the_limit_is_approved_at_once(
    refund_ticket, agent, webhooks
):
    decision = refund_decide(
        ticket=refund_ticket, actor=agent, approved_amount=Decimal("60")
    )
    assert decision.is_approved
    assert decision.approved_by == agent
    ((event, payload),) = webhooks()
    assert event == "refund.approved"
    assert Decimal(payload["refund"]["approved_amount"]) == Decimal(60)
    assert payload["ticket"]["reference"] == refund_ticket.reference


def test_refund_above_the_limit_waits_for_a_supervisor(
    large_refund, agent, supervisor, webhooks, settings
):
    settings.WALLETDESK_REFUND_APPROVAL_LIMIT = Decimal("1000")
    decision = refund_decide(ticket=large_refund, actor=agent, approved_amount="3000")
    assert decision.is_pending_approval
    assert webhooks() == []
    with pytest.raises(WorkflowError):
        refund_approve(ticket=large_refund, actor=agent)
    approved = refund_approve(ticket=large_refund, actor=supervisor)
    assert approved.approved_by == supervisor
    assert [event for event, _payload in webhooks()] == ["refund.approved"]


def test_supervisor_cannot_approve_their_own_decision(large_refund, supervisor):
    refund_decide(ticket=large_refund, actor=supervisor, approved_amount="3000")
    with pytest.raises(WorkflowError, match="Another supervisor"):
        refund_approve(ticket=large_refund, actor=supervisor)
    refund_approve(ticket=large_refund, actor=SupervisorFactory())
    assert RefundDecision.objects.get().is_approved


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("100.01", ""), ("-1", ""), ("50", "USD"), ("abc", "")],
)
def test_refund_decision_out_of_bounds_is_refused(
    refund_ticket, agent, amount, currency
):
    with pytest.raises(ValidationError):
        refund_decide(
            ticket=refund_ticket,
            actor=agent,
            approved_amount=amount,
            currency=currency,
        )
    assert not RefundDecision.objects.exists()


def test_approved_refund_cannot_be_decided_again(refund_ticket, agent):
    refund_decide(ticket=refund_ticket, actor=agent, approved_amount="40")
    with pytest.raises(WorkflowError):
        refund_decide(ticket=refund_ticket, actor=agent, approved_amount="50")
    assert RefundDecision.objects.get().paid_at is None


def test_refunds_are_for_refund_tickets_and_staff_only(refund_ticket, customer):
    complaint = TicketFactory()
    with pytest.raises(WorkflowError):
        refund_decide(ticket=refund_ticket, actor=customer, approved_amount="1")
    with pytest.raises(WorkflowError):
        refund_decide(ticket=complaint, actor=SupervisorFactory(), approved_amount="1")


def test_recovery_log_never_exceeds_the_transaction(refund_ticket, agent):
    recovery_attempt_add(
        ticket=refund_ticket,
        actor=agent,
        method=RecoveryAttempt.Method.CONTACT_RECIPIENT,
        amount_recovered="70",
        note="Recipient returned part",
    )
    with pytest.raises(ValidationError):
        recovery_attempt_add(
            ticket=refund_ticket,
            actor=agent,
            method=RecoveryAttempt.Method.REVERSAL,
            amount_recovered="31",
        )
    assert refund_ticket.refund_request.amount_recovered == Decimal(70)


def test_refund_approved_at_once_is_decided_and_approved_at_one_moment(
    refund_ticket, agent, webhooks
):
    decision = refund_decide(
        ticket=refund_ticket, actor=agent, approved_amount=Decimal("60")
    )
    decision.refresh_from_db()
    assert decision.approved_at == decision.decided_at
    ((_event, payload),) = webhooks()
    assert payload["refund"]["approved_at"] == payload["refund"]["decided_at"]
