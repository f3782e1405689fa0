"""Agents file tickets taken over the phone for a customer they look up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Notice, Ticket
from tests.factories import CustomerFactory, TransactionFactory

pytestmark = pytest.mark.django_db
URL = reverse("admin:complaints_ticket_phone")


@pytest.fixture
def caller():
    return CustomerFactory(
        phone="+8613800138000", wallet_account_id="WA-7788", email="caller@example.com"
    )


@pytest.mark.parametrize(
    "query", ["+86 138 0013 8000", "WA-7788", "Caller@Example.com"]
)
def test_an_agent_finds_the_caller_by_phone_account_or_email(
    client, agent, caller, query
):
    client.force_login(agent)
    response = client.get(URL, {"find": query})
    assert response.status_code == 200
    assert response.context["customer"] == caller
    assert not Ticket.objects.exists()


def test_an_unknown_caller_is_not_found(client, agent, caller):
    client.force_login(agent)
    response = client.get(URL, {"find": "+8613900000000"})
    assert response.context["customer"] is None
    assert b"No single customer" in response.content


def test_a_phone_ticket_starts_its_clock_at_the_call(client, agent, caller):
    record = TransactionFactory(owner=caller)
    called_at = timezone.localtime() - timedelta(hours=2)
    client.force_login(agent)
    response = client.post(
        f"{URL}?find=WA-7788",
        {
            "category": Ticket.Category.TRANSFER_FAILED,
            "subject": "Transfer failed on the phone",
            "description": "The caller says the transfer bounced.",
            "called_at": called_at.strftime("%Y-%m-%dT%H:%M"),
            "transaction": record.pk,
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{ticket.pk}/change/")
    assert (ticket.customer, ticket.channel) == (caller, Ticket.Channel.PHONE)
    assert ticket.received_at == called_at.replace(second=0, microsecond=0)
    assert list(ticket.transaction_links.values_list("transaction", flat=True)) == [
        record.pk
    ]
    assert Notice.objects.filter(
        ticket=ticket, recipient=caller, kind=Notice.Kind.ACKNOWLEDGEMENT
    ).exists()


def test_a_call_in_the_future_or_another_customers_transaction_is_refused(
    client, agent, caller
):
    other = TransactionFactory(owner=CustomerFactory())
    client.force_login(agent)
    response = client.post(
        f"{URL}?find=WA-7788",
        {
            "category": Ticket.Category.TRANSFER_FAILED,
            "subject": "x",
            "description": "y",
            "called_at": (timezone.localtime() + timedelta(hours=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "transaction": other.pk,
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"called_at", "transaction"}
    assert not Ticket.objects.exists()


def test_customers_cannot_open_the_phone_page(client, customer):
    client.force_login(customer)
    response = client.get(URL, {"find": "WA-7788"})
    assert response.status_code == 302
