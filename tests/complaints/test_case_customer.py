"""The case page shows the customer whole: other tickets, transactions, account.

The other tickets and transactions are a part of the case page drawn when the
agent opens it (complaints.admin.case_parts).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from complaints.models import Queue, Ticket
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    TicketFactory,
    TransactionFactory,
)
from transactions.models import Transaction

pytestmark = pytest.mark.django_db


def _page(client, user: User, ticket: Ticket, language: str = "en") -> str:
    client.force_login(user)
    url = reverse("admin:complaints_ticket_change", args=[ticket.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _customer_part(client, user: User, ticket: Ticket) -> str:
    client.force_login(user)
    page = _page(client, user, ticket)
    url = reverse("admin:complaints_ticket_part", args=[ticket.pk, "customer"])
    assert f'data-part-url="{url}"' in page  # the case page links its part
    return client.get(url).content.decode()


def test_case_page_lists_the_customers_other_tickets_open_first(client, supervisor):
    customer = CustomerFactory()
    old_open = TicketFactory(customer=customer, subject="Old but still open")
    closed = TicketFactory(customer=customer, subject="Closed one")
    Ticket.objects.filter(pk=closed.pk).update(
        status=Ticket.Status.RESOLVED, outcome="upheld"
    )
    Ticket.objects.filter(pk=old_open.pk).update(
        received_at=timezone.now() - timedelta(days=40)
    )
    current = TicketFactory(customer=customer)
    page = _customer_part(client, supervisor, current)
    section = page[page.index('id="wd-customer-tickets"') :]
    assert old_open.reference in section
    assert closed.reference in section
    assert section.index(old_open.reference) < section.index(closed.reference)
    assert TicketFactory().reference not in section  # another customer's


def test_other_tickets_stay_within_what_the_agent_may_see(client):
    customer = CustomerFactory()
    hidden = TicketFactory(customer=customer)
    queue = Queue.objects.create(slug="hidden-desk", name="Hidden desk")
    Ticket.objects.filter(pk=hidden.pk).update(queue=queue, assignee=None)
    current = TicketFactory(customer=customer)
    agent = AgentFactory()
    Ticket.objects.filter(pk=current.pk).update(assignee=agent)
    page = _customer_part(client, agent, current)
    assert 'id="wd-customer-tickets"' in page
    assert hidden.reference not in page


def test_case_page_shows_transactions_around_the_disputed_one_and_the_account(
    client, supervisor
):
    customer = CustomerFactory()
    ticket = TicketFactory(customer=customer)
    disputed = ticket.transaction_links.get().transaction
    near = TransactionFactory(
        owner=customer,
        type=Transaction.Type.TOP_UP,
        occurred_at=disputed.occurred_at - timedelta(days=2),
    )
    far = TransactionFactory(
        owner=customer, occurred_at=disputed.occurred_at - timedelta(days=60)
    )
    section = _customer_part(client, supervisor, ticket)
    section = section[section.index('id="wd-customer-transactions"') :]
    section = section[: section.index("</section>")]
    assert near.reference in section
    assert disputed.reference in section
    assert far.reference not in section
    assert "Top-up" in section
    assert "(this ticket)" in section
    page = _page(client, supervisor, ticket)
    assert 'id="wd-account-status">Active<' in page


def test_snapshot_reads_in_translated_labels_and_one_money_format(client, supervisor):
    record = TransactionFactory(cancelled=True, amount="1234.5")
    ticket = TicketFactory(customer=record.owner, kind=Ticket.Kind.CANCELLED_TX_INQUIRY)
    ticket.transaction_links.all().delete()
    ticket.transaction_links.create(transaction=record, snapshot=record.snapshot())
    page = _page(client, supervisor, ticket, language="zh-hans")
    snapshot = page[page.index("wd-clock") :]
    for raw in ("cancel_source", "transfer_out", "system_failure", "counterparty_name"):
        assert f">{raw}<" not in snapshot
    assert "1,234.50 CNY" in page
    assert "系统故障" in page
