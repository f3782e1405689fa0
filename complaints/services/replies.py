"""Canned replies: fill their placeholders from a ticket, send them, make their move."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from complaints import workflow
from complaints.errors import WorkflowError
from complaints.models import (
    CancellationInquiry,
    CannedReply,
    Message,
    RefundRequest,
    Ticket,
    TicketHold,
    TicketTransaction,
)
from complaints.models.replies import PLACEHOLDER_RE
from complaints.services.conversation import message_add
from complaints.services.inputs import EvidenceInput
from config.formats.money import money_format


def _amount(ticket: Ticket) -> tuple[str, str]:
    """The amount and transaction reference a reply talks about."""
    link = (
        TicketTransaction.objects.filter(ticket=ticket)
        .order_by("pk")
        .values_list("snapshot", flat=True)
        .first()
    )
    reference = link.get("reference", "") if link else ""
    if ticket.kind == Ticket.Kind.MISOPERATION_REFUND:
        request = RefundRequest.objects.filter(ticket=ticket).first()
        if request is not None:
            return money_format(request.amount_requested, request.currency), reference
    if link and link.get("amount"):
        return money_format(link["amount"], link.get("currency") or None), reference
    return "", reference


def canned_reply_context(*, ticket: Ticket, author: User) -> dict[str, str]:
    """The values of every placeholder for this ticket, as plain text."""
    amount, transaction_reference = _amount(ticket)
    customer = ticket.customer
    return {
        "customer_name": customer.get_full_name() or customer.username,
        "reference": ticket.reference,
        "amount": amount,
        "transaction_reference": transaction_reference,
        "received_date": date_format(timezone.localtime(ticket.received_at)),
        "resolve_by": (
            date_format(timezone.localtime(ticket.resolve_by))
            if ticket.resolve_by
            else ""
        ),
        "agent_name": author.get_full_name() or author.username,
    }


def canned_reply_render(*, reply: CannedReply, ticket: Ticket, author: User) -> str:
    """Fill a canned reply's placeholders with the ticket's values.

    Substitution is textual: values are never parsed as placeholders or format
    fields, so a customer's name cannot inject anything. Unknown names stay as
    written.
    """
    context = canned_reply_context(ticket=ticket, author=author)
    return PLACEHOLDER_RE.sub(
        lambda match: context.get(match.group(1), match.group(0)), reply.body
    ).strip()


def approved_template_check(
    *, ticket: Ticket, author: User, body: str, canned_reply: CannedReply | None
) -> None:
    """Refuse a staff public reply that is not an unedited approved template.

    Applies to cancellation inquiries about risk-control or compliance
    cancellations only (regulators forbid tipping off); other tickets pass.
    Raises WorkflowError.
    """
    if ticket.kind != Ticket.Kind.CANCELLED_TX_INQUIRY:
        return
    inquiry = CancellationInquiry.objects.filter(ticket=ticket).first()
    if inquiry is None or not inquiry.needs_approved_templates:
        return
    if (
        canned_reply is None
        or not canned_reply.is_approved_template
        or not canned_reply.is_active
        or canned_reply.kind not in {"", ticket.kind}
    ):
        raise WorkflowError(
            _(
                "Replies on risk-control or compliance cancellations must use an approved template."
            )
        )
    if body.strip() != canned_reply_render(
        reply=canned_reply, ticket=ticket, author=author
    ):
        raise WorkflowError(_("An approved template cannot be edited before sending."))


@transaction.atomic
def reply_send(
    *,
    ticket: Ticket,
    author: User,
    body: str = "",
    canned_reply: CannedReply | None = None,
    is_internal: bool = False,
    evidence: Sequence[EvidenceInput] = (),
) -> Message:
    """Send a staff reply or note, optionally from a canned reply, and make its move.

    An empty body with a canned reply sends the rendered canned reply. On tickets
    that only take approved templates the canned reply's own text is always sent.
    A canned reply that requests evidence is sent through workflow.ticket_hold,
    which puts the ticket on hold waiting on the customer with this reply as its
    request; if that move is refused nothing is sent (it cannot be internal). Queues the progress
    notice of a public reply (after commit). Raises WorkflowError or
    ValidationError and changes nothing.
    """
    if canned_reply is not None:
        if not canned_reply.is_active:
            raise WorkflowError(_("This canned reply is no longer in use."))
        if canned_reply.kind not in {"", ticket.kind}:
            raise WorkflowError(_("This canned reply is for another kind of ticket."))
        if not body.strip() or canned_reply.is_approved_template:
            body = canned_reply_render(reply=canned_reply, ticket=ticket, author=author)
    if (
        canned_reply is not None
        and canned_reply.action == CannedReply.Action.REQUEST_EVIDENCE
    ):
        if is_internal:
            raise WorkflowError(
                _("A request for evidence goes to the customer: send it as a reply.")
            )
        hold = workflow.ticket_hold(
            ticket=ticket,
            waiting_on=TicketHold.WaitingOn.CUSTOMER,
            actor=author,
            note=_("Evidence requested: %(title)s") % {"title": canned_reply.title},
            request=body,
            evidence=evidence,
            canned_reply=canned_reply,
        )
        return hold.request
    return message_add(
        ticket=ticket,
        author=author,
        body=body,
        is_internal=is_internal,
        evidence=evidence,
        canned_reply=canned_reply,
    )
