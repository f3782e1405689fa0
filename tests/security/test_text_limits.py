"""One length limit for what customers write, in the portal and the API."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import TEXT_MAX_LENGTH, Message, Ticket
from tests.factories import TicketFactory, TransactionFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (TEXT_MAX_LENGTH + 1)


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_portal_refuses_a_description_over_the_limit(client, customer):
    record = TransactionFactory(owner=customer)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:ticket_create", args=["wrong-recipient"]),
        {
            "client_token": "token-1",
            "transaction": record.pk,
            "amount_requested": "100.00",
            "intended_recipient": "Li Na",
            "payee_chosen_via": "typed",
            "subject": "Paid the wrong phone number",
            "description": TOO_LONG,
            "evidence_type": "screenshot",
        },
    )
    assert response.status_code == 200
    assert "at most 20000 characters" in response.text
    assert not Ticket.objects.exists()


def test_portal_refuses_a_reply_over_the_limit(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:message_create", args=[ticket.reference]),
        {"body": TOO_LONG},
    )
    assert response.status_code == 200
    assert not Message.objects.filter(ticket=ticket).exists()


def test_portal_accepts_a_reply_at_the_limit(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:message_create", args=[ticket.reference]),
        {"body": "x" * TEXT_MAX_LENGTH},
    )
    assert response.status_code == 302
    assert len(Message.objects.get(ticket=ticket).body) == TEXT_MAX_LENGTH


def test_api_refuses_a_reply_over_the_same_limit(customer):
    ticket = TicketFactory(customer=customer)
    api = APIClient()
    api.force_authenticate(customer)
    response = api.post(
        reverse("complaints_api:my_message_create", args=[ticket.reference]),
        {"body": TOO_LONG},
        format="json",
    )
    assert response.status_code == 400
    assert not Message.objects.filter(ticket=ticket).exists()
