"""The customer reads "paid" only after the wallet core confirmed the payout."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from complaints.models import Ticket
from complaints.services import refund_decide
from complaints.workflow import Resolution
from complaints.workflow_batch import tickets_resolve_batch
from tests.api.conftest import client_for
from tests.factories import TicketFactory
from tests.tickets import ticket_resolve
from tests.wallet_actions.conftest import callback
from wallet_actions.models import WalletAction
from wallet_actions.services import action_request

pytestmark = pytest.mark.django_db

PAID = " paid on "


@pytest.fixture
def payout(core_endpoint, agent, customer) -> WalletAction:
    ticket = TicketFactory(customer=customer, kind=Ticket.Kind.MISOPERATION_REFUND)
    refund_decide(ticket=ticket, actor=agent, approved_amount="40")
    return action_request(
        ticket=ticket, kind="refund_payout", actor=agent, amount="40", currency="CNY"
    )


def _resolution(mailoutbox) -> object:
    (mail,) = [m for m in mailoutbox if "We have finished looking into" in m.body]
    return mail


def _page(customer, ticket: Ticket) -> str:
    client = Client()
    client.force_login(customer)
    response = client.get(ticket.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _api(customer, ticket: Ticket) -> dict:
    response = client_for(customer).get(f"/api/v1/my/tickets/{ticket.reference}/")
    assert response.status_code == 200
    return response.json()


def _confirm(client, payout: WalletAction, core_endpoint, core_key) -> None:
    response = callback(
        client,
        action=payout,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="confirmed",
        core_reference="LEDGER-7",
        amount="40",
        currency="CNY",
    )
    assert response.status_code == 200


def test_customer_reads_paid_only_after_confirmation(
    client,
    payout,
    customer,
    core_endpoint,
    core_key,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    ticket = payout.ticket
    page = _page(customer, ticket)
    assert "Refund of 40.00 CNY approved, being paid" in page
    assert PAID not in page
    (item,) = _api(customer, ticket)["wallet"]
    assert item["paid"] is False
    assert item["done"] is False
    assert item["reference"] == ""
    assert PAID not in item["text"]

    with django_capture_on_commit_callbacks(execute=True):
        ticket_resolve(ticket, amount=Decimal("40"), currency="CNY")
    resolution = _resolution(mailoutbox)
    assert PAID not in resolution.body
    assert PAID not in resolution.alternatives[0][0]

    payout.refresh_from_db()
    assert not [m for m in mailoutbox if PAID in m.body]
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(client, payout, core_endpoint, core_key)
    (done,) = [m for m in mailoutbox if PAID in m.body]
    assert "Refund of 40.00 CNY paid on" in done.body
    assert "reference LEDGER-7" in done.alternatives[0][0]
    payout.refresh_from_db()
    page = _page(customer, ticket)
    assert "Refund of 40.00 CNY paid on" in page
    assert "reference LEDGER-7" in page
    (item,) = _api(customer, ticket)["wallet"]
    assert item["paid"] is True
    assert item["reference"] == "LEDGER-7"
    assert item["done_at"] is not None


def test_resolution_notice_states_confirmed_payouts_only(
    client,
    payout,
    customer,
    core_endpoint,
    core_key,
    agent,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    _confirm(client, payout, core_endpoint, core_key)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_resolve(payout.ticket, amount=Decimal("40"), currency="CNY")
    resolution = _resolution(mailoutbox)
    assert "Refund of 40.00 CNY paid on" in resolution.body
    assert "reference LEDGER-7" in resolution.body
    assert "LEDGER-7" in resolution.alternatives[0][0]


def test_refused_and_unapproved_payouts_are_not_shown(
    client, payout, customer, core_endpoint, core_key
) -> None:
    callback(
        client,
        action=payout,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="refused",
    )
    assert _api(customer, payout.ticket)["wallet"] == []
    assert "Refund of" not in _page(customer, payout.ticket)


def test_customer_reads_the_freeze_in_chinese(
    client, core_endpoint, core_key, unauthorized_complaint, agent
) -> None:
    freeze = action_request(
        ticket=unauthorized_complaint,
        kind="account_freeze",
        actor=agent,
        reason="unauthorized_transaction",
    )
    callback(
        client,
        action=freeze,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="confirmed",
        core_reference="FRZ-1",
    )
    freeze.refresh_from_db()
    with translation.override("zh-hans"):
        assert "您的账户已于" in freeze.customer_line()


def test_no_one_marks_a_refund_paid_by_hand_only_the_core_confirms(
    client, agent, customer, core_endpoint, core_key
) -> None:
    """The old "Mark paid" button is gone: the decision is stamped paid from
    the core's confirmations, once they cover the approved amount."""
    ticket = TicketFactory(customer=customer, kind=Ticket.Kind.MISOPERATION_REFUND)
    decision = refund_decide(ticket=ticket, actor=agent, approved_amount="40")
    staff = Client()
    staff.force_login(agent)
    workspace = reverse(
        "admin:complaints_ticket_workspace", args=[ticket.pk, "refund-paid"]
    )
    response = staff.post(workspace, {"payment_reference": "BY-HAND"})
    assert response.status_code == 404
    case_page = staff.get(reverse("admin:complaints_ticket_change", args=[ticket.pk]))
    assert "Mark paid" not in case_page.text
    assert "Paid only when the wallet confirms a refund payout" in case_page.text

    first, second = (
        action_request(
            ticket=ticket,
            kind="refund_payout",
            actor=agent,
            amount=amount,
            currency="CNY",
        )
        for amount in ("25", "15")
    )
    for action, reference in ((first, "LEDGER-1"), (second, "LEDGER-2")):
        decision.refresh_from_db()
        assert decision.paid_at is None
        unpaid = f"Refund of {action.amount:.2f} CNY paid on"
        assert unpaid not in _page(customer, ticket)
        response = callback(
            client,
            action=action,
            key=core_key,
            secret=core_endpoint.secret,
            outcome="confirmed",
            core_reference=reference,
            amount=str(action.amount),
            currency="CNY",
        )
        assert response.status_code == 200

    decision.refresh_from_db()
    second.refresh_from_db()
    assert decision.paid_at == second.answered_at
    assert decision.payment_reference == "LEDGER-2"
    page = staff.get(reverse("admin:complaints_ticket_change", args=[ticket.pk]))
    assert "LEDGER-2" in page.text


def test_resolutions_answered_together_each_list_their_own_confirmed_payouts(
    client,
    payout,
    core_endpoint,
    core_key,
    supervisor,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    """An incident's chunk resolves tickets together and sends their notices in
    one batch: each resolution still names only its own ticket's payouts."""
    _confirm(client, payout, core_endpoint, core_key)
    other = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    with django_capture_on_commit_callbacks(execute=True):
        tickets_resolve_batch(
            resolutions={
                payout.ticket_id: Resolution(
                    outcome=Ticket.Outcome.UPHELD, amount=Decimal(40), currency="CNY"
                ),
                other.pk: Resolution(outcome=Ticket.Outcome.UPHELD),
            },
            actor=supervisor,
        )

    resolutions = {
        message.to[0]: message
        for message in mailoutbox
        if "We have finished looking into" in message.body
    }
    assert set(resolutions) == {payout.ticket.customer.email, other.customer.email}
    paid = resolutions[payout.ticket.customer.email]
    assert "Refund of 40.00 CNY paid on" in paid.body
    assert "LEDGER-7" in paid.alternatives[0][0]
    assert "Refund of" not in resolutions[other.customer.email].body
