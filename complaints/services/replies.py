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


def _amount(
    ticket: Ticket, links: Sequence[TicketTransaction] | None
) -> tuple[str, str]:
    """The amount and transaction reference a reply talks about."""
    if links is None:
        link = (
            TicketTransaction.objects.filter(ticket=ticket)
            .order_by("pk")
            .values_list("snapshot", flat=True)
            .first()
        )
    else:
        link = links[0].snapshot if links else None
    reference = link.get("reference", "") if link else ""
    if ticket.kind == Ticket.Kind.MISOPERATION_REFUND:
        # The related descriptor: no query when the caller selected it.
        try:
            request = ticket.refund_request
        except RefundRequest.DoesNotExist:
            request = None
        if request is not None:
            return money_format(request.amount_requested, request.currency), reference
    if link and link.get("amount"):
        return money_format(link["amount"], link.get("currency") or None), reference
    return "", reference


def canned_reply_context(
    *,
    ticket: Ticket,
    author: User,
    links: Sequence[TicketTransaction] | None = None,
) -> dict[str, str]:
    """The values of every placeholder for this ticket, as plain text.

    links: the ticket's transaction links in filing order, when the caller has
    them already (the case page); else the first one is read (one query).
    """
    amount, transaction_reference = _amount(ticket, links)
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


_MOVES = frozenset(
    {CannedReply.Action.START_INVESTIGATING, CannedReply.Action.WAIT_THIRD_PARTY}
)


def _start_investigating(*, ticket: Ticket, actor: User, note: str) -> None:
    """Move a received or acknowledged ticket on to investigating (workflow edges)."""
    status = Ticket.objects.values_list("status", flat=True).get(pk=ticket.pk)
    if status == Ticket.Status.RESOLVED:
        raise WorkflowError(
            _("This ticket is resolved: reopen it before starting an investigation.")
        )
    if status == Ticket.Status.RECEIVED:
        workflow.ticket_transition(
            ticket=ticket, to_status=Ticket.Status.ACKNOWLEDGED, actor=actor, note=note
        )
        status = Ticket.Status.ACKNOWLEDGED
    if status == Ticket.Status.ACKNOWLEDGED:
        workflow.ticket_transition(
            ticket=ticket, to_status=Ticket.Status.INVESTIGATING, actor=actor, note=note
        )


def _check_reply_fits(*, reply: CannedReply, ticket: Ticket) -> None:
    if not reply.is_active:
        raise WorkflowError(_("This canned reply is no longer in use."))
    if reply.kind not in {"", ticket.kind}:
        raise WorkflowError(_("This canned reply is for another kind of ticket."))
    if reply.category not in {"", ticket.category}:
        raise WorkflowError(_("This canned reply is for another category of ticket."))


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
    The canned reply's action runs through the workflow in the same transaction:
    request evidence puts the ticket on hold waiting on the customer with this
    reply as its request; start investigating moves a received or acknowledged
    ticket on to investigating; wait on a third party sends the reply and puts
    the investigating ticket on hold for a third party. A macro is never an
    internal note; if its move is refused nothing is sent. Queues the progress
    notice of a public reply and the notices of the moves (after commit). Raises
    WorkflowError or ValidationError and changes nothing.
    """
    action = canned_reply.action if canned_reply is not None else ""
    if canned_reply is not None:
        _check_reply_fits(reply=canned_reply, ticket=ticket)
        if not body.strip() or canned_reply.is_approved_template:
            body = canned_reply_render(reply=canned_reply, ticket=ticket, author=author)
    if action and is_internal:
        raise WorkflowError(
            _("This canned reply goes to the customer: send it as a reply.")
        )
    if action == CannedReply.Action.REQUEST_EVIDENCE:
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
    message = message_add(
        ticket=ticket,
        author=author,
        body=body,
        is_internal=is_internal,
        evidence=evidence,
        canned_reply=canned_reply,
    )
    if action in _MOVES:
        note = _("Canned reply: %(title)s") % {"title": canned_reply.title}
        if action == CannedReply.Action.START_INVESTIGATING:
            _start_investigating(ticket=ticket, actor=author, note=note)
        else:
            workflow.ticket_hold(
                ticket=ticket,
                waiting_on=TicketHold.WaitingOn.THIRD_PARTY,
                actor=author,
                note=note,
            )
    return message
