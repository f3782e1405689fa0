"""Reads scoped by who asks: one customer never sees another's tickets or files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import TestCase
from PIL import Image

from accounts.models import User
from complaints import selectors, workflow
from complaints.models import Attachment, Message
from complaints.services import EvidenceInput, message_add
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _png(name: str = "shot.png") -> EvidenceInput:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return EvidenceInput(file=SimpleUploadedFile(name, buffer.getvalue()))


def test_customer_gets_own_ticket(customer: User) -> None:
    ticket = TicketFactory(customer=customer)

    assert (
        selectors.ticket_get_for_user(user=customer, reference=ticket.reference)
        == ticket
    )


def test_customer_gets_404_for_another_customers_ticket(customer: User) -> None:
    ticket = TicketFactory()

    with pytest.raises(Http404):
        selectors.ticket_get_for_user(user=customer, reference=ticket.reference)


def test_unknown_reference_is_404(supervisor: User) -> None:
    with pytest.raises(Http404):
        selectors.ticket_get_for_user(user=supervisor, reference="WD-2000-000001")


def test_supervisor_gets_any_ticket(supervisor: User) -> None:
    ticket = TicketFactory()

    assert (
        selectors.ticket_get_for_user(user=supervisor, reference=ticket.reference)
        == ticket
    )


def test_deactivated_customer_gets_404_for_own_ticket(customer: User) -> None:
    ticket = TicketFactory(customer=customer)
    User.objects.filter(pk=customer.pk).update(is_active=False)
    customer.refresh_from_db()

    with pytest.raises(Http404):
        selectors.ticket_get_for_user(user=customer, reference=ticket.reference)


def test_customer_list_shows_only_own_tickets(
    customer: User, django_assert_num_queries: object
) -> None:
    own = TicketFactory.create_batch(2, customer=customer)
    TicketFactory()

    with django_assert_num_queries(1):  # type: ignore[operator]
        # the tickets, one query
        listed = list(selectors.ticket_list_for_customer(customer=customer))

    assert {ticket.pk for ticket in listed} == {ticket.pk for ticket in own}


def _ticket_with_files(customer: User, agent: User) -> tuple:
    ticket = TicketFactory(customer=customer, evidence=[_png("filed.png")])
    # Images are processed by a task after commit (eager in tests).
    with TestCase.captureOnCommitCallbacks(execute=True):
        public = message_add(
            ticket=ticket, author=customer, body="Receipt attached", evidence=[_png()]
        )
        internal = message_add(
            ticket=ticket,
            author=agent,
            body="Ledger shows a reversal",
            is_internal=True,
            evidence=[_png("ledger.png")],
        )
    return ticket, public, internal


def test_customer_downloads_own_public_file(customer: User, agent: User) -> None:
    ticket, public, _internal = _ticket_with_files(customer, agent)
    attachment = Attachment.objects.get(message=public)

    found = selectors.attachment_get_for_user(
        user=customer, reference=ticket.reference, token=attachment.token
    )

    assert found == attachment


def test_customer_cannot_download_internal_file(customer: User, agent: User) -> None:
    ticket, _public, internal = _ticket_with_files(customer, agent)
    attachment = Attachment.objects.get(message=internal)

    with pytest.raises(Http404):
        selectors.attachment_get_for_user(
            user=customer, reference=ticket.reference, token=attachment.token
        )


def test_staff_downloads_internal_file(
    customer: User, agent: User, supervisor: User
) -> None:
    ticket, _public, internal = _ticket_with_files(customer, agent)
    attachment = Attachment.objects.get(message=internal)

    found = selectors.attachment_get_for_user(
        user=supervisor, reference=ticket.reference, token=attachment.token
    )

    assert found == attachment


def test_other_customer_cannot_download_a_file(customer: User, agent: User) -> None:
    ticket, public, _internal = _ticket_with_files(customer, agent)
    attachment = Attachment.objects.get(message=public)
    stranger = CustomerFactory()
    own_ticket = TicketFactory(customer=stranger)

    with pytest.raises(Http404):
        selectors.attachment_get_for_user(
            user=stranger, reference=ticket.reference, token=attachment.token
        )
    # Nor by pairing the file's token with a ticket of their own.
    with pytest.raises(Http404):
        selectors.attachment_get_for_user(
            user=stranger, reference=own_ticket.reference, token=attachment.token
        )


def test_wrong_token_is_404(customer: User) -> None:
    ticket = TicketFactory(customer=customer, evidence=[_png()])

    with pytest.raises(Http404):
        selectors.attachment_get_for_user(
            user=customer, reference=ticket.reference, token="not-a-token"
        )


def test_public_timeline_never_includes_internal_notes(
    customer: User, agent: User, django_assert_num_queries: object
) -> None:
    ticket, public, internal = _ticket_with_files(customer, agent)
    reply = message_add(ticket=ticket, author=agent, body="We asked the bank.")
    workflow.ticket_transition(
        ticket=ticket, to_status=workflow.Status.ACKNOWLEDGED, actor=agent
    )

    with django_assert_num_queries(6):  # type: ignore[operator]
        # public messages with authors, their public files, moves, holds with their
        # requests, links, ticket files
        timeline = selectors.ticket_public_timeline(ticket=ticket)
        shown = [
            (message.body, [file.original_name for file in message.attachments.all()])
            for message in timeline["messages"]
        ]

    assert shown == [("Receipt attached", ["shot.png"]), ("We asked the bank.", [])]
    assert internal.pk not in {message.pk for message in timeline["messages"]}
    assert "Ledger shows a reversal" not in repr(timeline)
    assert all(not file.is_internal for file in timeline["files"])
    assert [file.original_name for file in timeline["files"]] == ["filed.png"]
    assert [change.to_status for change in timeline["changes"]] == [
        "received",
        "acknowledged",
    ]
    assert {reply.pk, public.pk} <= {message.pk for message in timeline["messages"]}
    assert Message.objects.filter(ticket=ticket, is_internal=True).count() == 1
