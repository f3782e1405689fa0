"""Customer scope: own tickets and transactions, filing, replies, reopen, rating."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints.models import Attachment, Message, Ticket
from complaints.services import message_add
from knowledgebase.services import starter_set_load
from tests.api.conftest import client_for
from tests.factories import (
    CustomerFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)
from tests.tickets import ticket_resolve
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

TICKETS = "/api/v1/my/tickets/"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01"
    b"\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_ticket_list_shows_only_own_tickets_newest_first(
    customer, django_assert_num_queries
):
    older = TicketFactory(customer=customer)
    newer = TicketFactory(customer=customer)
    TicketFactory()
    client = client_for(customer)
    # 1 token and its user, 1 page of tickets with their last activity
    with django_assert_num_queries(2):
        response = client.get(TICKETS)
    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [
        newer.reference,
        older.reference,
    ]


def test_ticket_list_pages_with_a_cursor(customer):
    tickets = [TicketFactory(customer=customer) for _ in range(3)]
    client = client_for(customer)
    first = client.get(TICKETS, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    seen = [row["reference"] for row in first["results"] + second["results"]]
    assert seen == [ticket.reference for ticket in reversed(tickets)]
    assert second["next"] is None


def test_ticket_list_filters_open_and_resolved(customer):
    done = TicketFactory(customer=customer)
    ticket_resolve(done)
    still_open = TicketFactory(customer=customer)
    client = client_for(customer)
    open_refs = [
        r["reference"] for r in client.get(TICKETS, {"state": "open"}).json()["results"]
    ]
    done_refs = [
        r["reference"]
        for r in client.get(TICKETS, {"state": "resolved"}).json()["results"]
    ]
    assert open_refs == [still_open.reference]
    assert done_refs == [done.reference]


def test_create_complaint_files_ticket_over_api(customer):
    record = TransactionFactory(owner=customer, status=Transaction.Status.FAILED)
    response = client_for(customer).post(
        TICKETS,
        {
            "kind": "complaint",
            "category": "transfer_failed",
            "subject": "Transfer failed twice",
            "description": "The money left and came back.",
            "transaction": record.reference,
            "remedy_sought": "Explain what happened",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get(reference=body["reference"])
    assert ticket.channel == Ticket.Channel.API
    assert ticket.customer == customer
    assert body["transactions"][0]["reference"] == record.reference
    assert body["details"]["remedy_sought"] == "Explain what happened"
    assert body["timeline"][0]["to_status"] == "received"


def test_create_refund_checks_amount_like_the_web_form(customer):
    record = TransactionFactory(owner=customer, amount=Decimal("50.00"))
    response = client_for(customer).post(
        TICKETS,
        {
            "kind": "misoperation_refund",
            "category": "wrong_recipient",
            "subject": "Wrong person",
            "description": "Typed a wrong number.",
            "transaction": record.reference,
            "amount_requested": "80.00",
            "intended_recipient": "Li Na",
        },
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "at most the transaction amount" in error["fields"]["amount_requested"][0]
    assert not Ticket.objects.exists()


def test_create_inquiry_for_a_cancelled_transaction(customer):
    record = TransactionFactory(owner=customer, cancelled=True)
    response = client_for(customer).post(
        TICKETS,
        {
            "kind": "cancelled_tx_inquiry",
            "category": "cancelled_transaction",
            "subject": "Why cancelled?",
            "description": "Where is my money?",
            "transaction": record.reference,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["details"]["cancel_source"] == "system_failure"


def test_create_refuses_another_customers_transaction(customer):
    theirs = TransactionFactory()
    response = client_for(customer).post(
        TICKETS,
        {
            "kind": "cancelled_tx_inquiry",
            "category": "cancelled_transaction",
            "subject": "s",
            "description": "d",
            "transaction": theirs.reference,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["transaction"] == [
        "Choose one of your own transactions."
    ]


def test_create_refuses_a_category_of_another_kind(customer):
    response = client_for(customer).post(
        TICKETS,
        {
            "kind": "complaint",
            "category": "wrong_amount",
            "subject": "s",
            "description": "d",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]


def test_create_duplicate_answers_409_with_the_open_ticket(customer):
    existing = TicketFactory(customer=customer, kind=Ticket.Kind.CANCELLED_TX_INQUIRY)
    record = existing.transaction_links.get().transaction
    response = client_for(customer).post(
        TICKETS,
        {
            "kind": "cancelled_tx_inquiry",
            "category": "cancelled_transaction",
            "subject": "Again",
            "description": "Again",
            "transaction": record.reference,
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_ticket"
    assert response.json()["error"]["ticket"] == existing.reference


def test_create_with_repeated_idempotency_key_returns_first_ticket(customer):
    client = client_for(customer)
    key = uuid.uuid4().hex
    payload = {
        "kind": "complaint",
        "category": "service_quality",
        "subject": "Rude on the phone",
        "description": "The agent hung up.",
    }
    first = client.post(TICKETS, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = client.post(TICKETS, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert Ticket.objects.filter(customer=customer).count() == 1


def test_create_refuses_an_overlong_idempotency_key(customer):
    response = client_for(customer).post(
        TICKETS,
        {"kind": "complaint", "category": "other", "subject": "s", "description": "d"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k" * 65,
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]


def test_detail_shows_public_timeline_without_internal_notes(customer):
    ticket = TicketFactory(customer=customer)
    staff = SupervisorFactory()
    message_add(ticket=ticket, author=staff, body="We are checking.")
    message_add(ticket=ticket, author=staff, body="Looks like fraud", is_internal=True)
    response = client_for(customer).get(f"{TICKETS}{ticket.reference}/")
    assert response.status_code == 200
    bodies = [
        e.get("body") for e in response.json()["timeline"] if e["type"] == "message"
    ]
    assert bodies == ["We are checking."]
    assert "Looks like fraud" not in response.content.decode()


def test_reply_adds_a_public_message(customer):
    ticket = TicketFactory(customer=customer)
    response = client_for(customer).post(
        f"{TICKETS}{ticket.reference}/messages/", {"body": "Any news?"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["author"] == "customer"
    assert Message.objects.get(ticket=ticket).body == "Any news?"


def test_reply_on_resolved_ticket_answers_409_and_adds_nothing(customer):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)
    response = client_for(customer).post(
        f"{TICKETS}{ticket.reference}/messages/", {"body": "Hello"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "not_allowed",
        "message": "This ticket is resolved. Reopen it to add a reply.",
    }
    assert not Message.objects.filter(ticket=ticket).exists()


def test_attach_evidence_stores_the_file(customer):
    ticket = TicketFactory(customer=customer)
    upload = SimpleUploadedFile("receipt.png", PNG, content_type="image/png")
    response = client_for(customer).post(
        f"{TICKETS}{ticket.reference}/attachments/",
        {"evidence": [upload], "evidence_type": "receipt"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.evidence_type == "receipt"
    assert response.json()["attachments"][0]["name"] == "receipt.png"


def test_attach_refuses_a_file_that_is_not_evidence(customer):
    ticket = TicketFactory(customer=customer)
    upload = SimpleUploadedFile("x.png", b"<script>alert(1)</script>")
    response = client_for(customer).post(
        f"{TICKETS}{ticket.reference}/attachments/",
        {"evidence": [upload]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "evidence" in response.json()["error"]["fields"]
    assert not Attachment.objects.exists()


def test_reopen_moves_a_resolved_ticket_back_to_investigating(customer):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)
    response = client_for(customer).post(
        f"{TICKETS}{ticket.reference}/reopen/",
        {"reason": "Money still missing"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "investigating"
    assert response.json()["timeline"][-1]["note"] == "Money still missing"


def test_reopen_after_the_window_answers_409(customer):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - timedelta(days=31)
    )
    response = client_for(customer).post(
        f"{TICKETS}{ticket.reference}/reopen/", {"reason": "late"}, format="json"
    )
    assert response.status_code == 409
    assert "can no longer be reopened" in response.json()["error"]["message"]
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED


def test_rate_records_the_rating_once(customer):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)
    client = client_for(customer)
    url = f"{TICKETS}{ticket.reference}/rating/"
    first = client.post(url, {"rating": 4, "comment": "Quick"}, format="json")
    again = client.post(url, {"rating": 1}, format="json")
    assert first.status_code == 200
    assert first.json()["rating"] == 4
    assert again.status_code == 409
    ticket.refresh_from_db()
    assert ticket.rating == 4


def test_rate_out_of_range_answers_400(customer):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)
    response = client_for(customer).post(
        f"{TICKETS}{ticket.reference}/rating/", {"rating": 9}, format="json"
    )
    assert response.status_code == 400
    assert "rating" in response.json()["error"]["fields"]


def test_transaction_list_shows_only_own_records(customer, django_assert_num_queries):
    mine = [TransactionFactory(owner=customer) for _ in range(2)]
    TransactionFactory(owner=CustomerFactory())
    client = client_for(customer)
    # 1 token and its user, 1 page of transactions
    with django_assert_num_queries(2):
        response = client.get("/api/v1/my/transactions/")
    assert response.status_code == 200
    assert {row["reference"] for row in response.json()["results"]} == {
        record.reference for record in mine
    }


def test_transaction_list_searches_by_reference(customer):
    wanted = TransactionFactory(owner=customer, reference="TXFINDME01")
    TransactionFactory(owner=customer)
    response = client_for(customer).get("/api/v1/my/transactions/", {"q": "FINDME"})
    assert [row["reference"] for row in response.json()["results"]] == [
        wanted.reference
    ]


def test_transaction_search_with_a_nul_character_answers_normally(customer):
    wanted = TransactionFactory(owner=customer, reference="TXFINDME02")
    response = client_for(customer).get("/api/v1/my/transactions/", {"q": "FIND\x00"})
    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [
        wanted.reference
    ]


@pytest.fixture
def starter_faq(db):
    """The shipped FAQ: migration 0003 loads it, but browser tests flush tables."""
    starter_set_load()


@pytest.mark.usefixtures("starter_faq")
def test_faq_search_finds_articles_for_anyone(django_assert_num_queries):
    client = client_for(None)
    # 1 ranked search of readable articles with their categories
    with django_assert_num_queries(1):
        response = client.get("/api/v1/faq/search/", {"q": "refund"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) >= 2
    assert all(row["url"].startswith("/faq/") for row in results)


@pytest.mark.usefixtures("starter_faq")
def test_faq_search_answers_in_chinese_when_asked(customer):
    response = client_for(None).get(
        "/api/v1/faq/search/", {"q": "退款"}, HTTP_ACCEPT_LANGUAGE="zh-CN"
    )
    assert response.status_code == 200
    assert response.json()["results"]
    assert response.json()["results"][0]["language"] == "zh-hans"
