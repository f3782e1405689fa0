"""Conversation writes: customer replies, staff public replies and internal notes."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from complaints import notices
from complaints.errors import WorkflowError
from complaints.models import Message, Notice, Ticket
from complaints.services.attachments import attachments_store
from complaints.services.inputs import EvidenceInput
from complaints.services.search_index import ticket_search_add

if TYPE_CHECKING:
    from complaints.models import CannedReply


@transaction.atomic
def message_add(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    is_internal: bool = False,
    evidence: Sequence[EvidenceInput] = (),
    canned_reply: "CannedReply | None" = None,
) -> Message:
    """Add a reply or an internal note to a ticket, with optional evidence files.

    Customers reply publicly on their own open tickets; a reply ends a hold that
    waits on the customer. Staff public replies queue a progress notice; internal
    notes notify nobody and never reach the customer. Managers cannot write.
    Staff public replies on risk-control or compliance cancellation inquiries must
    be an approved canned_reply, unedited (no tipping-off).
    Raises WorkflowError or ValidationError and saves nothing.
    """
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not author.is_active:
        raise WorkflowError(_("You are not allowed to write on tickets."))
    text = body.strip()
    if not text and not evidence:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if author.is_customer:
        if locked.customer_id != author.pk:
            raise WorkflowError(_("You can only reply to your own tickets."))
        if is_internal:
            raise WorkflowError(_("Customers cannot write internal notes."))
        if locked.status == Ticket.Status.RESOLVED:
            raise WorkflowError(_("This ticket is resolved. Reopen it to add a reply."))
    elif not author.is_desk_staff:
        raise WorkflowError(_("You are not allowed to write on tickets."))
    elif not is_internal:
        from complaints.services.replies import approved_template_check

        approved_template_check(
            ticket=locked, author=author, body=text, canned_reply=canned_reply
        )
    message = Message.objects.create(
        ticket=locked, author=author, body=text, is_internal=is_internal
    )
    ticket_search_add(ticket=locked, text=text, is_internal=is_internal)
    if author.is_customer:
        from complaints.workflow import ticket_release_on_reply

        ticket_release_on_reply(ticket=locked, customer=author, at=message.created_at)
    elif not is_internal:
        notices.notice_queue(ticket=locked, kind=Notice.Kind.PROGRESS, message=message)
    # Files last: a bad file rolls back the message, the hold and the notice.
    attachments_store(
        ticket=locked,
        uploaded_by=author,
        evidence=evidence,
        message=message,
        is_internal=is_internal,
    )
    return message
