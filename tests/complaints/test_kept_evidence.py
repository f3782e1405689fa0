"""Evidence files sent with a form that came back with errors are kept for its resend."""

import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import workflow
from complaints.models import Attachment, PendingUpload, Ticket
from complaints.tasks import purge_pending_uploads
from tests.complaints.test_portal_filing import create_url, png_upload, refund_post
from tests.factories import CustomerFactory, TicketFactory, TransactionFactory

pytestmark = pytest.mark.django_db


def _kept_tokens(html: str) -> list[str]:
    marker = 'name="kept_evidence" value="'
    tokens = []
    start = html.find(marker)
    while start != -1:
        start += len(marker)
        tokens.append(html[start : html.index('"', start)])
        start = html.find(marker, start)
    return tokens


def _file_with_error(client, customer):
    record = TransactionFactory(owner=customer, amount=Decimal("50.00"))
    client.force_login(customer)
    response = client.post(
        create_url("wrong-recipient"),
        {**refund_post(record, amount_requested="80"), "evidence": [png_upload()]},
    )
    assert response.status_code == 200
    return record, response.text


def test_a_filing_error_keeps_the_file_and_the_resend_attaches_it(client, customer):
    record, html = _file_with_error(client, customer)
    assert not Ticket.objects.exists()
    kept = html[html.index('data-test="evidence-kept"') :]
    assert "Kept: screenshot.png" in kept[:2000]
    assert 'data-test="evidence-again"' not in html
    (token,) = _kept_tokens(html)
    assert PendingUpload.objects.get(token=token).owner == customer

    response = client.post(
        create_url("wrong-recipient"),
        {**refund_post(record, amount_requested="40"), "kept_evidence": [token]},
    )
    assert response.status_code == 302
    (attachment,) = Attachment.objects.filter(ticket=Ticket.objects.get())
    assert attachment.original_name == "screenshot.png"
    assert attachment.content_type == "image/png"  # checked and re-encoded as new
    assert not PendingUpload.objects.exists()  # removed once used


def test_a_kept_file_can_be_removed_before_the_resend(client, customer):
    record, html = _file_with_error(client, customer)
    (token,) = _kept_tokens(html)
    response = client.post(
        create_url("wrong-recipient"),
        {
            **refund_post(record, amount_requested="40"),
            "kept_evidence": [token],
            "remove_evidence": [token],
        },
    )
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not PendingUpload.objects.exists()


def test_another_customers_kept_file_is_refused(client, customer):
    _record, html = _file_with_error(client, customer)
    (token,) = _kept_tokens(html)
    thief = CustomerFactory()
    theirs = TransactionFactory(owner=thief, amount=Decimal("50.00"))
    client.force_login(thief)
    response = client.post(
        create_url("wrong-recipient"),
        {**refund_post(theirs, amount_requested="40"), "kept_evidence": [token]},
    )
    assert response.status_code == 200
    assert "no longer available" in response.text
    assert "screenshot.png" not in response.text
    assert not Ticket.objects.exists()
    assert PendingUpload.objects.get(token=token).owner == customer


def test_an_expired_kept_file_is_refused_and_purged(client, customer):
    record, html = _file_with_error(client, customer)
    (token,) = _kept_tokens(html)
    PendingUpload.objects.update(created_at=timezone.now() - timedelta(hours=2))
    response = client.post(
        create_url("wrong-recipient"),
        {**refund_post(record, amount_requested="40"), "kept_evidence": [token]},
    )
    assert "no longer available" in response.text
    assert not Ticket.objects.exists()
    pending = PendingUpload.objects.get(token=token)
    path = pending.file.path
    assert purge_pending_uploads() == 1
    assert not PendingUpload.objects.exists()
    assert not os.path.exists(path)


def test_a_reply_error_keeps_the_file_for_the_resend(client, customer, agent):
    ticket = TicketFactory(customer=customer)
    for status in (Ticket.Status.ACKNOWLEDGED, Ticket.Status.INVESTIGATING):
        workflow.ticket_transition(ticket=ticket, to_status=status, actor=agent)
    client.force_login(customer)
    url = reverse("complaints:message_create", args=[ticket.reference])
    response = client.post(
        url, {"body": "x" * 30000, "evidence": [png_upload("receipt.png")]}
    )
    assert response.status_code == 200
    assert "Kept: receipt.png" in response.text
    (token,) = _kept_tokens(response.text)
    response = client.post(url, {"body": "Here it is.", "kept_evidence": [token]})
    assert response.status_code == 302
    message = ticket.messages.get(body="Here it is.")
    assert [a.original_name for a in message.attachments.all()] == ["receipt.png"]
    assert not PendingUpload.objects.exists()
