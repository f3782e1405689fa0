"""Permission matrix: every endpoint x every kind of caller x own or other's ticket.

Ticket "own" belongs to the customer called owner, ticket "other" to other_customer;
both sit in the queue agent_in works, agent_out works another queue. A refused
call must not show anything of the ticket.
"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import User
from complaints.models import Queue, QueueRoute, Ticket
from integrations.api_keys import api_key_issue
from tests.api.conftest import client_for, client_for_system
from tests.api.test_customer_api import PNG
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "owner",
    "other_customer",
    "agent_in_queue",
    "agent_outside_queue",
    "supervisor",
    "manager",
    "system",
)
CUSTOMERS = {"owner", "other_customer"}
STAFF = {"agent_in_queue", "agent_outside_queue", "supervisor", "manager"}


@dataclass
class World:
    users: dict[str, User]
    tickets: dict[str, Ticket]
    secret: str

    def client(self, role: str) -> APIClient:
        if role == "system":
            return client_for_system(self.secret)
        return client_for(self.users.get(role))


@pytest.fixture
def world(db: None) -> World:
    queue = Queue.objects.create(
        name="Complaints", slug="complaints", assignment=Queue.Assignment.MANUAL
    )
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, category="", queue=queue)
    elsewhere = Queue.objects.create(name="Refunds", slug="refunds")
    users = {
        "owner": CustomerFactory(),
        "other_customer": CustomerFactory(),
        "agent_in_queue": AgentFactory(),
        "agent_outside_queue": AgentFactory(),
        "supervisor": SupervisorFactory(),
        "manager": ManagerFactory(),
    }
    queue.agents.add(users["agent_in_queue"])
    elsewhere.agents.add(users["agent_outside_queue"])
    tickets = {
        "own": TicketFactory(customer=users["owner"], subject="Owner secret subject"),
        "other": TicketFactory(
            customer=users["other_customer"], subject="Other secret subject"
        ),
    }
    _key, secret = api_key_issue(name="core", actor=None)
    return World(users=users, tickets=tickets, secret=secret)


def _call(world: World, role: str, endpoint: str, ticket: Ticket | None):
    client = world.client(role)
    ref = ticket.reference if ticket else ""
    if endpoint == "my_detail":
        return client.get(f"/api/v1/my/tickets/{ref}/")
    if endpoint == "my_reply":
        return client.post(
            f"/api/v1/my/tickets/{ref}/messages/", {"body": "hello"}, format="json"
        )
    if endpoint == "my_attach":
        upload = SimpleUploadedFile("r.png", PNG, content_type="image/png")
        return client.post(
            f"/api/v1/my/tickets/{ref}/attachments/",
            {"evidence": [upload]},
            format="multipart",
        )
    if endpoint == "my_reopen":
        return client.post(
            f"/api/v1/my/tickets/{ref}/reopen/", {"reason": "again"}, format="json"
        )
    if endpoint == "my_rate":
        return client.post(
            f"/api/v1/my/tickets/{ref}/rating/", {"rating": 5}, format="json"
        )
    if endpoint == "desk_detail":
        return client.get(f"/api/v1/desk/tickets/{ref}/")
    if endpoint == "desk_move":
        return client.post(
            f"/api/v1/desk/tickets/{ref}/moves/",
            {"to_status": "acknowledged"},
            format="json",
        )
    if endpoint == "desk_reply":
        return client.post(
            f"/api/v1/desk/tickets/{ref}/messages/",
            {"body": "note", "is_internal": True},
            format="json",
        )
    if endpoint == "desk_assign":
        helper = world.users["agent_in_queue"]
        return client.post(
            f"/api/v1/desk/tickets/{ref}/assignment/",
            {"assignee": helper.pk},
            format="json",
        )
    raise AssertionError(endpoint)


# What an allowed caller gets: the service's answer for a fresh ticket (received).
OBJECT_ENDPOINTS = {
    "my_detail": 200,
    "my_reply": 201,
    "my_attach": 201,
    "my_reopen": 409,  # a received ticket cannot be reopened
    "my_rate": 409,  # nor rated
    "desk_detail": 200,
    "desk_move": 201,
    "desk_reply": 201,
    "desk_assign": 200,
}


def _expected_object(endpoint: str, role: str, obj: str) -> int:
    if role == "anonymous":
        return 401
    allowed = OBJECT_ENDPOINTS[endpoint]
    if endpoint.startswith("my_"):
        if role not in CUSTOMERS:
            return 403
        mine = (role, obj) in {("owner", "own"), ("other_customer", "other")}
        return allowed if mine else 404
    if role in CUSTOMERS or role == "system":
        return 403
    if role == "manager":
        return allowed if endpoint == "desk_detail" else 403
    if role == "agent_outside_queue":
        return 404
    if role == "supervisor" and endpoint == "desk_assign":
        return 200
    return allowed


@pytest.mark.parametrize("obj", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(OBJECT_ENDPOINTS))
def test_ticket_endpoint_permissions(world, endpoint, role, obj):
    ticket = world.tickets[obj]
    response = _call(world, role, endpoint, ticket)
    expected = _expected_object(endpoint, role, obj)
    assert response.status_code == expected, response.content
    content = response.content.decode()
    if expected >= 400:
        assert ticket.subject not in content
        assert ticket.reference not in content or expected == 409
        assert set(response.json()) == {"error"}
    # Whatever the answer, another customer's ticket never shows.
    hidden = world.tickets["other" if obj == "own" else "own"]
    assert hidden.subject not in content


def _list_call(world: World, role: str, endpoint: str):
    client = world.client(role)
    if endpoint == "my_tickets":
        return client.get("/api/v1/my/tickets/")
    if endpoint == "my_create":
        return client.post(
            "/api/v1/my/tickets/",
            {
                "kind": "complaint",
                "category": "service_quality",
                "subject": "New",
                "description": "New",
            },
            format="json",
        )
    if endpoint == "my_transactions":
        return client.get("/api/v1/my/transactions/")
    if endpoint == "desk_tickets":
        return client.get("/api/v1/desk/tickets/")
    if endpoint == "system_tickets":
        reference = world.tickets["own"].transaction_links.get().snapshot["reference"]
        return client.get("/api/v1/system/tickets/", {"transaction": reference})
    if endpoint == "system_push":
        owner = world.users["owner"].username
        record = TransactionFactory.build(owner=world.users["owner"])
        return client.post(
            "/api/v1/system/transactions/",
            {
                "records": [
                    {
                        "reference": record.reference,
                        "owner": owner,
                        "type": "payment",
                        "amount": "1.00",
                        "currency": "CNY",
                        "status": "completed",
                        "occurred_at": "2026-01-01T00:00:00Z",
                    }
                ]
            },
            format="json",
        )
    if endpoint == "faq_search":
        return client.get("/api/v1/faq/search/", {"q": "refund"})
    raise AssertionError(endpoint)


LIST_SCOPES = {
    "my_tickets": (CUSTOMERS, 200),
    "my_create": (CUSTOMERS, 201),
    "my_transactions": (CUSTOMERS, 200),
    "desk_tickets": (STAFF, 200),
    "system_tickets": ({"system"}, 200),
    "system_push": ({"system"}, 200),
    "faq_search": (set(ROLES), 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(LIST_SCOPES))
def test_collection_endpoint_permissions(world, endpoint, role):
    callers, allowed = LIST_SCOPES[endpoint]
    response = _list_call(world, role, endpoint)
    refused = 401 if role == "anonymous" else 403
    expected = allowed if role in callers else refused
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"error"}


VISIBLE = {
    "owner": {"own"},
    "other_customer": {"other"},
    "agent_in_queue": {"own", "other"},
    "agent_outside_queue": set(),
    "supervisor": {"own", "other"},
    "manager": {"own", "other"},
}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_lists_show_exactly_the_tickets_a_caller_may_see(world, role):
    path = "/api/v1/my/tickets/" if role in CUSTOMERS else "/api/v1/desk/tickets/"
    response = world.client(role).get(path)
    seen = {row["reference"] for row in response.json()["results"]}
    assert seen == {world.tickets[name].reference for name in VISIBLE[role]}


def test_customer_transactions_never_include_another_customers(world):
    theirs = world.tickets["other"].transaction_links.get().snapshot["reference"]
    response = world.client("owner").get("/api/v1/my/transactions/")
    references = {row["reference"] for row in response.json()["results"]}
    assert references
    assert theirs not in references
