"""The API and the webhooks write times and people the same way: UTC with Z, {id, username}."""

import json

import pytest

from complaints import workflow
from integrations.models import WebhookDelivery, WebhookEndpoint
from tests.api.conftest import client_for
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_api_and_webhooks_agree_on_times_and_people(customer, supervisor, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    WebhookEndpoint.objects.create(
        name="Wallet core",
        url="https://core.example/hooks",
        secret="s" * 32,
        events=["ticket.status_changed"],
    )
    ticket = TicketFactory(customer=customer)
    for status in ("acknowledged", "investigating"):
        workflow.ticket_transition(ticket=ticket, to_status=status, actor=supervisor)
    (hook,) = [
        json.loads(delivery.body)["data"]
        for delivery in WebhookDelivery.objects.filter(event="ticket.status_changed")
        if json.loads(delivery.body)["data"]["to_status"] == "investigating"
    ]

    shown = client_for(supervisor).get(f"/api/v1/desk/tickets/{ticket.reference}/")

    assert shown.status_code == 200
    api = shown.json()
    assert api["received_at"].endswith("Z")
    assert api["received_at"] == hook["ticket"]["received_at"]
    assert api["resolve_by"] == hook["ticket"]["resolve_by"]
    person = {"id": supervisor.pk, "username": supervisor.username}
    assert hook["actor"] == person
    assert hook["ticket"]["customer"] == {
        "id": customer.pk,
        "username": customer.username,
    }
    (move,) = [
        change
        for change in api["status_changes"]
        if change["to_status"] == "investigating"
    ]
    assert move["actor"] == person
    assert move["created_at"] == hook["changed_at"]
