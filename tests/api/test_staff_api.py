"""Staff scope: the filtered ticket list, the full ticket, moves, replies, assignment."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Message, Queue, StatusChange, Ticket
from complaints.services import InquiryInput, message_add
from complaints.workflow import ticket_transition
from tests.api.conftest import client_for
from tests.factories import (
    AgentFactory,
    TicketFactory,
    TransactionFactory,
)
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

DESK = "/api/v1/desk/tickets/"


def _refs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["reference"] for row in response.json()["results"]]


def test_agent_list_shows_own_queue_and_pool_not_other_queues(
    complaints_queue, django_assert_num_queries
):
    agent = complaints_queue.agents.get()
    queued = TicketFactory()
    pooled = TicketFactory(kind=Ticket.Kind.CANCELLED_TX_INQUIRY)
    other = Queue.objects.create(name="Refunds", slug="refunds")
    hidden = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    Ticket.objects.filter(pk=hidden.pk).update(queue=other)
    client = client_for(agent)
    # 1 token and its user, 1 page of tickets with customer, queue and assignee
    with django_assert_num_queries(2):
        response = client.get(DESK)
    assert set(_refs(response)) == {queued.reference, pooled.reference}
    row = next(
        r for r in response.json()["results"] if r["reference"] == queued.reference
    )
    assert row["queue"] == "complaints"
    assert row["sla_state"] == "on_track"


def test_supervisor_list_filters_by_status_kind_and_queue(supervisor, complaints_queue):
    complaint = TicketFactory()
    inquiry = TicketFactory(kind=Ticket.Kind.CANCELLED_TX_INQUIRY)
    ticket_transition(ticket=inquiry, to_status="acknowledged", actor=supervisor)
    client = client_for(supervisor)
    assert _refs(client.get(DESK, {"status": "acknowledged"})) == [inquiry.reference]
    assert _refs(client.get(DESK, {"kind": "complaint"})) == [complaint.reference]
    assert _refs(client.get(DESK, {"queue": "complaints"})) == [complaint.reference]
    assert _refs(client.get(DESK, {"category": "cancelled_transaction"})) == [
        inquiry.reference
    ]


def test_list_filters_by_assignee_and_unassigned(supervisor):
    agent = AgentFactory()
    mine = TicketFactory()
    Ticket.objects.filter(pk=mine.pk).update(assignee=agent)
    nobody = TicketFactory()
    client = client_for(supervisor)
    assert _refs(client.get(DESK, {"assignee": agent.pk})) == [mine.reference]
    assert _refs(client.get(DESK, {"unassigned": "true"})) == [nobody.reference]


def test_list_filters_by_received_dates(supervisor):
    old = TicketFactory(received_at=timezone.now() - timedelta(days=40))
    new = TicketFactory()
    client = client_for(supervisor)
    cutoff = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert _refs(client.get(DESK, {"received_from": cutoff})) == [new.reference]
    assert _refs(client.get(DESK, {"received_to": cutoff})) == [old.reference]


def test_list_filters_by_sla_state(supervisor):
    breached = TicketFactory()
    Ticket.objects.filter(pk=breached.pk).update(
        resolve_by=timezone.now() - timedelta(hours=1)
    )
    due_soon = TicketFactory()
    Ticket.objects.filter(pk=due_soon.pk).update(
        resolve_by=timezone.now() + timedelta(hours=5)
    )
    on_track = TicketFactory()
    client = client_for(supervisor)
    assert _refs(client.get(DESK, {"sla": "breached"})) == [breached.reference]
    assert _refs(client.get(DESK, {"sla": "due_soon"})) == [due_soon.reference]
    assert _refs(client.get(DESK, {"sla": "on_track"})) == [on_track.reference]


def test_list_filters_by_transaction_reference(supervisor):
    wanted = TicketFactory()
    TicketFactory()
    reference = wanted.transaction_links.get().transaction.reference
    assert _refs(client_for(supervisor).get(DESK, {"transaction": reference})) == [
        wanted.reference
    ]


def test_list_orders_by_resolve_by_across_cursor_pages(supervisor):
    tickets = [TicketFactory() for _ in range(3)]
    for hours, ticket in zip((30, 10, 20), tickets, strict=True):
        Ticket.objects.filter(pk=ticket.pk).update(
            resolve_by=timezone.now() + timedelta(hours=hours)
        )
    client = client_for(supervisor)
    first = client.get(DESK, {"ordering": "resolve_by", "page_size": 2}).json()
    second = client.get(first["next"]).json()
    seen = [row["reference"] for row in first["results"] + second["results"]]
    assert seen == [tickets[1].reference, tickets[2].reference, tickets[0].reference]


def test_list_refuses_a_bad_filter_value_with_field_errors(supervisor):
    response = client_for(supervisor).get(DESK, {"status": "closed"})
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_detail_shows_internal_notes_and_allowed_moves(supervisor):
    ticket = TicketFactory()
    message_add(
        ticket=ticket, author=supervisor, body="Check the ledger", is_internal=True
    )
    response = client_for(supervisor).get(f"{DESK}{ticket.reference}/")
    assert response.status_code == 200
    body = response.json()
    assert body["messages"][0]["is_internal"] is True
    assert body["allowed_moves"] == ["acknowledged"]
    assert body["customer"]["username"] == ticket.customer.username


def test_move_acknowledges_and_records_the_change(supervisor):
    ticket = TicketFactory()
    response = client_for(supervisor).post(
        f"{DESK}{ticket.reference}/moves/",
        {"to_status": "acknowledged", "note": "on it"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["to_status"] == "acknowledged"
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ACKNOWLEDGED


def test_illegal_move_answers_409_with_reason_and_changes_nothing(supervisor):
    ticket = TicketFactory()
    response = client_for(supervisor).post(
        f"{DESK}{ticket.reference}/moves/", {"to_status": "resolved"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "invalid_transition",
        "message": "A ticket that is Received cannot move to Resolved.",
    }
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RECEIVED
    assert StatusChange.objects.filter(ticket=ticket).count() == 1


def test_resolving_without_outcome_answers_409(supervisor):
    ticket = TicketFactory()
    ticket_transition(ticket=ticket, to_status="acknowledged", actor=supervisor)
    ticket_transition(ticket=ticket, to_status="investigating", actor=supervisor)
    client = client_for(supervisor)
    url = f"{DESK}{ticket.reference}/moves/"
    refused = client.post(url, {"to_status": "resolved"}, format="json")
    resolved = client.post(
        url,
        {
            "to_status": "resolved",
            "outcome": "upheld",
            "amount": "12.50",
            "currency": "cny",
        },
        format="json",
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == (
        "Choose an outcome before resolving the ticket."
    )
    assert resolved.status_code == 201
    ticket.refresh_from_db()
    assert (ticket.outcome, ticket.outcome_currency) == ("upheld", "CNY")


def test_staff_reply_and_note(supervisor):
    ticket = TicketFactory()
    client = client_for(supervisor)
    url = f"{DESK}{ticket.reference}/messages/"
    reply = client.post(url, {"body": "We refunded you."}, format="json")
    note = client.post(
        url, {"body": "Ledger fixed", "is_internal": True}, format="json"
    )
    assert (reply.status_code, note.status_code) == (201, 201)
    assert list(
        Message.objects.filter(ticket=ticket).values_list("body", "is_internal")
    ) == [("We refunded you.", False), ("Ledger fixed", True)]


def test_free_text_on_risk_control_cancellation_answers_409(supervisor):
    customer = TicketFactory().customer
    record = TransactionFactory(
        owner=customer,
        status=Transaction.Status.CANCELLED,
        cancel_source=Transaction.CancelSource.RISK_CONTROL,
        completed_at=None,
    )
    ticket = TicketFactory(
        customer=customer,
        kind=Ticket.Kind.CANCELLED_TX_INQUIRY,
        details=InquiryInput(transaction_id=record.pk),
    )
    response = client_for(supervisor).post(
        f"{DESK}{ticket.reference}/messages/", {"body": "It was fraud"}, format="json"
    )
    assert response.status_code == 409
    assert "approved template" in response.json()["error"]["message"]


def test_agent_takes_an_unassigned_ticket_but_cannot_reassign(complaints_queue):
    agent = complaints_queue.agents.get()
    other = AgentFactory()
    ticket = TicketFactory()
    client = client_for(agent)
    url = f"{DESK}{ticket.reference}/assignment/"
    taken = client.post(url, {"assignee": agent.pk}, format="json")
    refused = client.post(url, {"assignee": other.pk}, format="json")
    assert taken.status_code == 200
    assert taken.json()["assignee"]["username"] == agent.username
    assert refused.status_code == 409
    ticket.refresh_from_db()
    assert ticket.assignee == agent


def test_supervisor_reassigns_and_unassigns(supervisor):
    agent = AgentFactory()
    ticket = TicketFactory()
    client = client_for(supervisor)
    url = f"{DESK}{ticket.reference}/assignment/"
    assert client.post(url, {"assignee": agent.pk}, format="json").status_code == 200
    response = client.post(url, {"assignee": None}, format="json")
    assert response.json()["assignee"] is None


def test_manager_reads_but_cannot_write(manager):
    ticket = TicketFactory()
    client = client_for(manager)
    assert client.get(f"{DESK}{ticket.reference}/").status_code == 200
    response = client.post(
        f"{DESK}{ticket.reference}/moves/", {"to_status": "acknowledged"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_session_auth_needs_csrf_for_writes(supervisor):
    ticket = TicketFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(supervisor)
    assert client.get(f"{DESK}{ticket.reference}/").status_code == 200
    response = client.post(
        f"{DESK}{ticket.reference}/moves/", {"to_status": "acknowledged"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
