"""Filing a ticket: ticket_create and the rows it writes."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Language, User
from complaints import notices, selectors
from complaints.errors import DuplicateTicketError
from complaints.models import (
    CancellationInquiry,
    ComplaintDetail,
    Notice,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketSequence,
    TicketTransaction,
)
from complaints.routing import route_queue_id
from complaints.services.assignment import assignee_pick
from complaints.services.attachments import _attachments_save, _check_evidence
from complaints.services.filing_checks import (
    _check_common,
    _check_complaint,
    _check_inquiry,
    _check_open_limit,
    _check_refund,
    _Checked,
    _filing_state,
)
from complaints.services.incident_links import incident_link_on_filing
from complaints.services.inputs import (
    ComplaintInput,
    Details,
    EvidenceInput,
    InquiryInput,
    RefundInput,
)
from complaints.services.loads import agent_load_change
from complaints.services.search_index import ticket_search_create
from config.upserts import counter_add
from integrations import webhooks
from sla.services import ticket_clocks_plan, ticket_clocks_start


def _next_reference(year: int) -> str:
    # The upsert's row lock holds until commit, so concurrent filings get
    # distinct, gapless numbers. Take it late: it serialises filings.
    number = counter_add(TicketSequence, key={"year": year}, counter="last_number")
    return f"WD-{year}-{number:06d}"


def _details_for(
    *, ticket: Ticket, details: Details, checked: _Checked
) -> ComplaintDetail | RefundRequest | CancellationInquiry:
    """The kind's detail row of a ticket being filed, unsaved."""
    if isinstance(details, ComplaintInput):
        return ComplaintDetail(
            ticket=ticket,
            happened_at=details.happened_at,
            remedy_sought=details.remedy_sought.strip(),
        )
    record = checked.transactions[0]
    if isinstance(details, RefundInput):
        return RefundRequest(
            ticket=ticket,
            transaction=record,
            amount_requested=details.amount_requested,
            currency=record.currency,
            intended_recipient=details.intended_recipient.strip(),
            actual_recipient=details.actual_recipient.strip()
            or record.counterparty_name,
            intended_amount=details.intended_amount,
            payee_chosen_via=details.payee_chosen_via,
            duplicate_of=checked.duplicate_of,
        )
    return CancellationInquiry(
        ticket=ticket, transaction=record, cancel_source=record.cancel_source
    )


@transaction.atomic
def ticket_create(
    *,
    customer: User,
    kind: str,
    category: str,
    subject: str,
    description: str,
    details: Details,
    channel: str = Ticket.Channel.WEB,
    language: str | None = None,
    received_at: datetime | None = None,
    priority: str = Ticket.Priority.NORMAL,
    evidence: Sequence[EvidenceInput] = (),
    client_token: str = "",
) -> Ticket:
    """File a ticket for a customer after checking it against their records.

    This is the authority for rules that cross tables: the transaction is the
    customer's own; outgoing and completed for a refund, with the amount asked back
    at most its amount; cancelled for an inquiry. Locks the customer's row so that
    duplicate checks and repeated submissions (same client_token) are serialised.
    Writes the ticket, its details, transaction snapshots, evidence, the first
    StatusChange and the acknowledgement notice (delivered after commit).
    A repeated client_token returns the ticket already created. A customer with
    WALLETDESK_MAX_OPEN_TICKETS open tickets (web and API) cannot file another;
    a closed wallet account cannot file at all (User.filing_check).
    Raises ValidationError (field errors), DuplicateTicketError or
    AccountClosedError, and saves nothing.
    """
    client_token = client_token.strip()[:64]
    existing, open_count = _filing_state(customer=customer, client_token=client_token)
    if existing is not None:
        return existing
    customer.filing_check()
    _check_common(
        customer=customer,
        kind=kind,
        category=category,
        subject=subject,
        description=description,
        details=details,
    )
    _check_open_limit(open_count=open_count, channel=channel)
    if isinstance(details, RefundInput):
        checked = _check_refund(customer, category, details)
    elif isinstance(details, InquiryInput):
        checked = _check_inquiry(customer, details)
    else:
        checked = _check_complaint(customer, category, details)
    if channel not in Ticket.Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    if priority not in Ticket.Priority.values:
        raise ValidationError({"priority": _("Unknown priority.")})
    checked_evidence = _check_evidence(evidence)
    open_ticket = selectors.ticket_find_open_duplicate(
        customer=customer,
        kind=kind,
        transaction_ids=[tx.pk for tx in checked.transactions],
    )
    if open_ticket is not None:
        raise DuplicateTicketError(open_ticket)

    now = timezone.now()
    received = received_at or now
    if timezone.is_naive(received):
        raise ValidationError({"received_at": _("Give the time with its time zone.")})
    if received > now + timedelta(minutes=5):
        raise ValidationError({"received_at": _("This date is in the future.")})
    ticket = Ticket(
        customer=customer,
        kind=kind,
        category=category,
        subject=subject.strip(),
        description=description.strip(),
        channel=channel,
        language=language
        if language in Language.values
        else customer.preferred_language,
        received_at=received,
        priority=priority,
        queue_id=route_queue_id(kind=kind, category=category),
        client_token=client_token,
    )
    clocks = ticket_clocks_plan(ticket=ticket)
    ticket.resolve_by = (
        clocks[-1].due_at
        if clocks
        else received + timedelta(days=settings.WALLETDESK_DEFAULT_RESOLVE_DAYS)
    )
    # Row locks (a round-robin queue's, then the reference sequence's) hold until
    # commit: only writes follow them.
    ticket.assignee_id = assignee_pick(queue_id=ticket.queue_id)
    ticket.reference = _next_reference(timezone.localtime(received).year)
    # No savepoint: the customer's row lock serialises submissions with the same
    # client_token, so the second one found the first's ticket above. Saving
    # the ticket and its details records their creation (audit.recorder).
    ticket.save(force_insert=True)
    agent_load_change(agent_id=ticket.assignee_id, delta=1)
    TicketTransaction.objects.bulk_create(
        TicketTransaction(ticket=ticket, transaction=record, snapshot=record.snapshot())
        for record in checked.transactions
    )
    detail = _details_for(ticket=ticket, details=details, checked=checked)
    detail.save(force_insert=True)
    ticket_search_create(
        ticket=ticket,
        snapshots=[record.snapshot() for record in checked.transactions],
        remedy=getattr(detail, "remedy_sought", ""),
        recipients=[
            getattr(detail, "intended_recipient", ""),
            getattr(detail, "actual_recipient", ""),
        ],
    )
    StatusChange.objects.create(
        ticket=ticket,
        from_status="",
        to_status=Ticket.Status.RECEIVED,
        actor=customer,
    )
    ticket_clocks_start(ticket=ticket, planned=clocks)
    incident_link_on_filing(
        ticket=ticket, transaction_types=[tx.type for tx in checked.transactions]
    )
    notices.notice_queue(ticket=ticket, kind=Notice.Kind.ACKNOWLEDGEMENT)
    webhooks.webhook_queue(
        event=webhooks.Event.TICKET_CREATED,
        payload=lambda: webhooks.ticket_created_payload(ticket=ticket),
    )
    # Files last: nothing that can fail comes after them in this transaction.
    _attachments_save(
        ticket=ticket,
        uploaded_by=customer,
        evidence=evidence,
        checked=checked_evidence,
        message=None,
        is_internal=False,
    )
    return ticket
