"""Tickets on other apps' admin pages: a customer's user page, a transaction's page.

accounts and transactions know nothing of tickets; complaints adds these inlines.
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_client(supervisor: User) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def test_customer_page_lists_the_customers_tickets(supervisor_client: Client) -> None:
    ticket = TicketFactory()
    other = TicketFactory()
    page = supervisor_client.get(
        reverse("admin:accounts_user_change", args=[ticket.customer_id])
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert ticket.reference in body
    assert reverse("admin:complaints_ticket_change", args=[ticket.pk]) in body
    assert other.reference not in body


def test_staff_page_has_no_ticket_list(supervisor_client: Client, agent: User) -> None:
    TicketFactory()
    page = supervisor_client.get(reverse("admin:accounts_user_change", args=[agent.pk]))
    assert page.status_code == 200
    assert "WD-" not in page.content.decode()


def test_transaction_page_lists_the_tickets_that_name_it(
    supervisor_client: Client,
) -> None:
    ticket = TicketFactory()
    link = ticket.transaction_links.get()
    page = supervisor_client.get(
        reverse("admin:transactions_transaction_change", args=[link.transaction_id])
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert ticket.reference in body
    assert ticket.get_status_display() in body
