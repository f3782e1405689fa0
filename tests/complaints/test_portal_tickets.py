"""My tickets and one ticket: listing, timeline, reply, reopen, rate, ownership."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from complaints import workflow
from complaints.models import Attachment, Message, Ticket
from complaints.services import EvidenceInput, message_add
from tests.factories import CustomerFactory, TicketFactory, TransactionFactory
from tests.tickets import ticket_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    """Assertions read English text, whatever the catalogues hold."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def detail_url(ticket: Ticket) -> str:
    return reverse("complaints:ticket_detail", args=[ticket.reference])


# My tickets


def test_my_tickets_lists_only_my_tickets_with_status(client, customer):
    mine = TicketFactory(customer=customer, subject="My failed transfer")
    theirs = TicketFactory(subject="Somebody else's problem")
    client.force_login(customer)
    response = client.get(reverse("complaints:ticket_list"))
    assert mine.reference in response.text
    assert "My failed transfer" in response.text
    assert "Received" in response.text
    assert theirs.reference not in response.text


def test_my_tickets_filters_open_and_resolved(client, customer, agent):
    open_ticket = TicketFactory(customer=customer)
    resolved_ticket = ticket_resolve(TicketFactory(customer=customer), agent)
    client.force_login(customer)
    url = reverse("complaints:ticket_list")
    open_page = client.get(url, {"state": "open"}).text
    resolved_page = client.get(url, {"state": "resolved"}).text
    assert open_ticket.reference in open_page
    assert resolved_ticket.reference not in open_page
    assert resolved_ticket.reference in resolved_page
    assert open_ticket.reference not in resolved_page


def test_my_tickets_is_paginated(client, customer):
    tickets = [TicketFactory(customer=customer) for _ in range(21)]
    client.force_login(customer)
    url = reverse("complaints:ticket_list")
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert first.context["is_paginated"]
    assert len(first.context["tickets"]) == 20
    assert [t.reference for t in second.context["tickets"]] == [tickets[0].reference]


def test_my_tickets_shows_a_reply_as_the_last_update(client, customer, agent):
    ticket = TicketFactory(customer=customer)
    message = message_add(ticket=ticket, author=agent, body="We are on it.")
    Ticket.objects.filter(pk=ticket.pk).update(
        updated_at=message.created_at - timedelta(days=2)
    )
    client.force_login(customer)
    listed = client.get(reverse("complaints:ticket_list")).context["tickets"][0]
    assert listed.last_activity_at == message.created_at


def test_my_tickets_query_count_does_not_grow_with_tickets(
    client, customer, django_assert_num_queries
):
    TicketFactory.create_batch(2, customer=customer)
    client.force_login(customer)
    url = reverse("complaints:ticket_list")
    # user, unread notice count (nav), page count, the page of tickets
    with django_assert_num_queries(4):
        client.get(url)
    TicketFactory.create_batch(4, customer=customer)
    with django_assert_num_queries(4):
        response = client.get(url)
    assert len(response.context["tickets"]) == 6


# One ticket


def test_ticket_page_shows_the_customer_visible_timeline(client, customer, agent):
    ticket = TicketFactory(customer=customer, description="My money vanished.")
    message_add(ticket=ticket, author=agent, body="We asked the bank.")
    message_add(ticket=ticket, author=customer, body="Thank you, waiting.")
    client.force_login(customer)
    html = client.get(detail_url(ticket)).text
    assert "My money vanished." in html
    assert "We received your ticket" in html
    assert "We asked the bank." in html
    assert "Thank you, waiting." in html
    assert html.index("We asked the bank.") < html.index("Thank you, waiting.")


def test_internal_notes_and_files_never_reach_the_customer(client, customer, agent):
    ticket = TicketFactory(customer=customer)
    message_add(
        ticket=ticket,
        author=agent,
        body="INTERNAL: customer seems to be a repeat claimant",
        is_internal=True,
        evidence=[EvidenceInput(file=png_upload("internal-risk-report.png"))],
    )
    workflow.ticket_transition(
        ticket=ticket,
        to_status=Ticket.Status.ACKNOWLEDGED,
        actor=agent,
        note="AGENT-NOTE on the move",
    )
    workflow.ticket_transition(
        ticket=ticket, to_status=Ticket.Status.INVESTIGATING, actor=agent
    )
    workflow.ticket_hold(
        ticket=ticket,
        waiting_on="third_party",
        actor=agent,
        note="HOLD-NOTE waiting for bank",
    )
    internal = Attachment.objects.get(ticket=ticket, is_internal=True)
    client.force_login(customer)
    html = client.get(detail_url(ticket)).text
    for secret in (
        "INTERNAL: customer seems",
        "internal-risk-report.png",
        internal.token,
        "AGENT-NOTE",
        "HOLD-NOTE",
        agent.username,
    ):
        assert secret not in html
    assert "Investigating" in html
    assert "Waiting on a third party" in html  # the state, never its note
    download = reverse(
        "complaints:attachment_download", args=[ticket.reference, internal.token]
    )
    assert client.get(download).status_code == 404


def test_resolution_shows_outcome_and_amount(client, customer, agent):
    ticket = ticket_resolve(
        TicketFactory(customer=customer),
        agent,
        amount=Decimal("88.50"),
        currency="CNY",
        summary="We returned the money.",
    )
    client.force_login(customer)
    html = client.get(detail_url(ticket)).text
    assert "Upheld" in html
    assert "88.50 CNY" in html
    assert "We returned the money." in html
    # Approved at resolution; nothing has confirmed the payment yet.
    assert "Refund or compensation approved" in html
    assert "Approved, not yet paid" in html
    assert "Refunded or paid" not in html


def test_resolution_amount_reads_approved_in_chinese(client, customer, agent):
    ticket = ticket_resolve(
        TicketFactory(customer=customer), agent, amount=Decimal(2000), currency="CNY"
    )
    client.force_login(customer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(detail_url(ticket)).text
    assert "已批准的退款或补偿" in html
    assert "已退款或支付给您" not in html


def test_other_customers_ticket_is_not_found_by_url_guessing(client, customer):
    ticket = TicketFactory()
    client.force_login(customer)
    reference = ticket.reference
    for url in (
        reverse("complaints:ticket_detail", args=[reference]),
        reverse("complaints:ticket_detail", args=[reference.lower()]),
        reverse("complaints:ticket_submitted", args=[reference]),
    ):
        assert client.get(url).status_code == 404
    for name, payload in (
        ("complaints:message_create", {"body": "hello"}),
        ("complaints:ticket_reopen", {"reason": "no"}),
        ("complaints:ticket_rate", {"rating": "1"}),
    ):
        response = client.post(reverse(name, args=[reference]), payload)
        assert response.status_code == 404
    assert not Message.objects.filter(ticket=ticket).exists()


def test_other_customers_attachment_is_not_found(client, customer):
    record = TransactionFactory(owner=customer)
    other = CustomerFactory()
    theirs = TicketFactory(customer=other)
    message_add(
        ticket=theirs,
        author=other,
        body="my receipt",
        evidence=[EvidenceInput(file=png_upload("receipt.png"))],
    )
    attachment = Attachment.objects.get(ticket=theirs)
    mine = TicketFactory(
        customer=customer,
        details=None,
        kind=Ticket.Kind.COMPLAINT,
        category=Ticket.Category.ACCOUNT_ACCESS,
    )
    client.force_login(customer)
    for reference in (theirs.reference, mine.reference):
        url = reverse(
            "complaints:attachment_download", args=[reference, attachment.token]
        )
        assert client.get(url).status_code == 404
    assert record.reference  # the customer has records of their own too


def test_other_customers_transaction_never_shows_in_my_pages(client, customer):
    theirs = TransactionFactory(reference="TXSTRANGER1")
    client.force_login(customer)
    for situation in ("wrong-recipient", "transfer-failed", "cancelled", "paid-twice"):
        url = reverse("complaints:ticket_create", args=[situation])
        assert theirs.reference not in client.get(url, {"q": "TXSTRANGER"}).text
        assert theirs.reference not in client.get(url, {"q": "100"}).text


def test_own_evidence_downloads_with_safe_headers(
    client, customer, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        message_add(
            ticket=ticket,
            author=customer,
            body="see attached",
            evidence=[EvidenceInput(file=png_upload("proof.png"))],
        )
    attachment = Attachment.objects.get(ticket=ticket)
    client.force_login(customer)
    html = client.get(detail_url(ticket)).text
    url = reverse(
        "complaints:attachment_download", args=[ticket.reference, attachment.token]
    )
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_evidence_download_needs_a_login(client):
    ticket = TicketFactory()
    url = reverse("complaints:attachment_download", args=[ticket.reference, "x" * 22])
    assert client.get(url).status_code == 302


def test_customer_replies_with_a_file(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:message_create", args=[ticket.reference]),
        {"body": "Here is the receipt.", "evidence": png_upload("receipt.png")},
    )
    assert response.status_code == 302
    message = Message.objects.get(ticket=ticket)
    assert message.body == "Here is the receipt."
    assert message.attachments.get().original_name == "receipt.png"
    assert "Here is the receipt." in client.get(detail_url(ticket)).text


def test_empty_reply_is_refused_with_a_message(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:message_create", args=[ticket.reference]), {"body": "  "}
    )
    assert response.status_code == 200
    assert response.context["reply_form"].non_field_errors()
    assert not Message.objects.exists()


def test_reply_form_is_gone_once_resolved(client, customer, agent):
    ticket = ticket_resolve(TicketFactory(customer=customer), agent)
    client.force_login(customer)
    html = client.get(detail_url(ticket)).text
    assert 'data-test="reply-form"' not in html
    assert 'data-test="reopen-form"' in html
    assert 'data-test="rate-form"' in html


def test_customer_reopens_within_30_days_with_a_reason(client, customer, agent):
    ticket = ticket_resolve(TicketFactory(customer=customer), agent)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:ticket_reopen", args=[ticket.reference]),
        {"reason": "The money never arrived."},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.INVESTIGATING
    html = client.get(detail_url(ticket)).text
    assert "The ticket was reopened" in html
    assert "The money never arrived." in html


def test_reopen_needs_a_reason(client, customer, agent):
    ticket = ticket_resolve(TicketFactory(customer=customer), agent)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:ticket_reopen", args=[ticket.reference]), {"reason": ""}
    )
    assert response.context["reopen_form"].errors["reason"]
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED


def test_reopen_after_30_days_is_refused_with_the_reason(client, customer, agent):
    ticket = ticket_resolve(TicketFactory(customer=customer), agent)
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - timedelta(days=31)
    )
    client.force_login(customer)
    assert 'data-test="reopen-form"' not in client.get(detail_url(ticket)).text
    response = client.post(
        reverse("complaints:ticket_reopen", args=[ticket.reference]),
        {"reason": "Too late?"},
        follow=True,
    )
    assert "can no longer be reopened" in response.text
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED


def test_customer_rates_a_resolved_ticket_once(client, customer, agent):
    ticket = ticket_resolve(TicketFactory(customer=customer), agent)
    client.force_login(customer)
    url = reverse("complaints:ticket_rate", args=[ticket.reference])
    client.post(url, {"rating": "4", "comment": "Quick and clear."})
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (4, "Quick and clear.")
    html = client.get(detail_url(ticket)).text
    assert 'data-test="rate-form"' not in html
    assert "Quick and clear." in html
    again = client.post(url, {"rating": "1"}, follow=True)
    assert "already rated" in again.text
    ticket.refresh_from_db()
    assert ticket.rating == 4


def test_rating_an_open_ticket_is_refused(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:ticket_rate", args=[ticket.reference]),
        {"rating": "5"},
        follow=True,
    )
    assert "once it is resolved" in response.text
    ticket.refresh_from_db()
    assert ticket.rating is None


def test_rating_outside_1_to_5_is_refused_at_the_field(client, customer, agent):
    ticket = ticket_resolve(TicketFactory(customer=customer), agent)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:ticket_rate", args=[ticket.reference]), {"rating": "9"}
    )
    assert response.context["rate_form"].errors["rating"]


def test_staff_get_forbidden_on_portal_ticket_pages(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    assert client.get(detail_url(ticket)).status_code == 403
    assert client.get(reverse("complaints:ticket_list")).status_code == 403


def test_ticket_page_query_count_does_not_grow_with_events(
    client, customer, agent, django_assert_num_queries
):
    ticket = TicketFactory(customer=customer)
    message_add(ticket=ticket, author=agent, body="first reply")
    message_add(
        ticket=ticket,
        author=customer,
        body="with a file",
        evidence=[EvidenceInput(file=png_upload())],
    )
    client.force_login(customer)
    url = detail_url(ticket)
    # user, the ticket with its details, public messages, their files,
    # status changes, holds with their requests, linked transactions, files filed
    # with the ticket, unread count, wallet actions the customer may read, the
    # incident the ticket is linked to (none)
    with django_assert_num_queries(11):
        client.get(url)
    for number in range(3):
        message_add(ticket=ticket, author=agent, body=f"reply {number}")
        message_add(
            ticket=ticket,
            author=customer,
            body=f"answer {number}",
            evidence=[EvidenceInput(file=png_upload(f"f{number}.png"))],
        )
    for status in (Ticket.Status.ACKNOWLEDGED, Ticket.Status.INVESTIGATING):
        workflow.ticket_transition(ticket=ticket, to_status=status, actor=agent)
    for number in range(2):
        workflow.ticket_hold(
            ticket=ticket, waiting_on="customer", actor=agent, request=f"ask {number}"
        )
        message_add(ticket=ticket, author=customer, body=f"answer to {number}")
        workflow.ticket_hold(ticket=ticket, waiting_on="third_party", actor=agent)
        workflow.ticket_release(ticket=ticket, actor=agent)
    workflow.ticket_hold(
        ticket=ticket, waiting_on="customer", actor=agent, request="last ask"
    )
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["timeline"]["events"]) == 22
    assert "last ask" in response.text
