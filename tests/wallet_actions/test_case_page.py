"""The case page: the ticket's wallet actions, and asking the wallet from it."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from complaints.models import Ticket
from complaints.services import refund_decide
from tests.factories import TicketFactory
from tests.wallet_actions.conftest import callback
from wallet_actions.models import WalletAction
from wallet_actions.services import action_request

pytestmark = pytest.mark.django_db


def _change(ticket: Ticket) -> str:
    return reverse("admin:complaints_ticket_change", args=[ticket.pk])


def _failed_freeze(client, ticket, agent, core_endpoint, core_key) -> WalletAction:
    freeze = action_request(
        ticket=ticket,
        kind="account_freeze",
        actor=agent,
        reason="unauthorized_transaction",
    )
    callback(
        client,
        action=freeze,
        key=core_key,
        secret=core_endpoint.secret,
        outcome="failed",
        message="Ledger busy",
    )
    return freeze


@override_settings(WALLETDESK_REFUND_APPROVAL_LIMIT=Decimal("10"))
def test_case_page_lists_actions_with_age_answer_and_buttons(
    client, agent, supervisor, core_endpoint, core_key, django_assert_num_queries
) -> None:
    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    refund_decide(ticket=ticket, actor=supervisor, approved_amount="50")
    from complaints.services import refund_approve
    from tests.factories import SupervisorFactory

    refund_approve(ticket=ticket, actor=SupervisorFactory())
    payout = action_request(
        ticket=ticket, kind="refund_payout", actor=agent, amount="50", currency="CNY"
    )
    _failed_freeze(client, ticket, agent, core_endpoint, core_key)
    client.force_login(supervisor)
    client.get(_change(ticket))  # the first request loads the held queues and replies
    # The case page of a refund (test_admin_workspace names its queries) with
    # the refund panel (its request comes with the ticket); the actions come in
    # one query with who asked and their transaction, however many there are.
    with django_assert_num_queries(12):
        response = client.get(_change(ticket))
    page = response.content.decode()
    assert 'data-kind="account_freeze" data-state="failed"' in page
    assert "Ledger busy" in page
    assert "ago" in page
    assert reverse("admin:wallet_actions_step", args=[payout.pk, "approve"]) in page
    assert "Waiting for a supervisor" in page
    assert reverse("admin:wallet_actions_step", args=[payout.pk + 1, "retry"]) in page
    action_request(
        ticket=ticket,
        kind="account_freeze",
        actor=agent,
        reason="fraud_review",
    )
    with django_assert_num_queries(12):
        client.get(_change(ticket))


def test_agent_asks_for_a_freeze_from_the_case_page(
    client, agent, core_endpoint, unauthorized_complaint
) -> None:
    client.force_login(agent)
    url = reverse("admin:wallet_actions_request", args=[unauthorized_complaint.pk])
    assert client.get(url).status_code == 405
    assert not WalletAction.objects.exists()
    response = client.post(
        url,
        {"wallet-kind": "account_freeze", "wallet-reason": "unauthorized_transaction"},
    )
    assert response.status_code == 302
    action = WalletAction.objects.get()
    assert action.requested_by == agent
    assert action.kind == "account_freeze"
    page = client.get(_change(unauthorized_complaint)).content.decode()
    assert 'data-kind="account_freeze" data-state="requested"' in page


def test_a_refused_request_shows_why_and_changes_nothing(
    client, agent, core_endpoint, unauthorized_complaint
) -> None:
    client.force_login(agent)
    url = reverse("admin:wallet_actions_request", args=[unauthorized_complaint.pk])
    response = client.post(url, {"wallet-kind": "account_unfreeze"}, follow=True)
    assert (
        "Only a supervisor can ask for Account unfreeze." in response.content.decode()
    )
    assert not WalletAction.objects.exists()


def test_retry_from_the_case_page_sends_a_new_attempt(
    client, agent, core_endpoint, core_key, unauthorized_complaint
) -> None:
    freeze = _failed_freeze(
        client, unauthorized_complaint, agent, core_endpoint, core_key
    )
    client.force_login(agent)
    url = reverse("admin:wallet_actions_step", args=[freeze.pk, "retry"])
    assert client.get(url).status_code == 405
    client.post(url)
    freeze.refresh_from_db()
    assert freeze.attempt == 2
    assert freeze.state == WalletAction.State.REQUESTED


def test_action_list_in_fixed_queries(
    client,
    supervisor,
    core_endpoint,
    core_key,
    unauthorized_complaint,
    agent,
    django_assert_num_queries,
) -> None:
    _failed_freeze(client, unauthorized_complaint, agent, core_endpoint, core_key)
    action_request(
        ticket=TicketFactory(category=Ticket.Category.UNAUTHORIZED),
        kind="account_freeze",
        actor=agent,
        reason="fraud_review",
    )
    client.force_login(supervisor)
    # user (session in the signed cookie), their permissions and their groups
    # the count for the paginator, the page of actions with their tickets
    with django_assert_num_queries(5):
        response = client.get(reverse("admin:wallet_actions_walletaction_changelist"))
    assert response.status_code == 200
