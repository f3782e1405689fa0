"""Ticket writes other than status: filing, assignment, rating."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Language, User
from complaints import notices, selectors
from complaints.errors import DuplicateTicketError, WorkflowError
from complaints.evidence import (
    CheckedEvidence,
    evidence_check,
    evidence_pixels_check,
)
from complaints.evidence_jobs import evidence_job_queue
from complaints.models import (
    CATEGORIES_BY_KIND,
    Attachment,
    CancellationInquiry,
    ComplaintDetail,
    Message,
    Notice,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketSequence,
    TicketTransaction,
)
from complaints.models.tickets import CATEGORIES_WITHOUT_TRANSACTION
from complaints.routing import route_queue_id
from complaints.services.assignment import assignee_pick
from complaints.services.loads import agent_load_change, agent_load_move
from config.upserts import counter_add
from integrations import webhooks
from sla.services import ticket_clocks_plan, ticket_clocks_start
from transactions.models import Transaction

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class EvidenceInput:
    file: "UploadedFile"
    evidence_type: str = Attachment.EvidenceType.OTHER


@dataclass(frozen=True)
class ComplaintInput:
    transaction_ids: tuple[int, ...] = ()
    happened_at: datetime | None = None
    remedy_sought: str = ""


@dataclass(frozen=True)
class RefundInput:
    transaction_id: int | None
    amount_requested: Decimal | None
    intended_recipient: str = ""
    actual_recipient: str = ""
    intended_amount: Decimal | None = None
    payee_chosen_via: str = ""
    duplicate_of_id: int | None = None


@dataclass(frozen=True)
class InquiryInput:
    transaction_id: int | None


Details = ComplaintInput | RefundInput | InquiryInput
_DETAILS_FOR_KIND: dict[str, type] = {
    Ticket.Kind.COMPLAINT: ComplaintInput,
    Ticket.Kind.MISOPERATION_REFUND: RefundInput,
    Ticket.Kind.CANCELLED_TX_INQUIRY: InquiryInput,
}


@dataclass
class _Checked:
    transactions: list[Transaction] = field(default_factory=list)
    duplicate_of: Transaction | None = None


def _next_reference(year: int) -> str:
    # The upsert's row lock holds until commit, so concurrent filings get
    # distinct, gapless numbers. Take it late: it serialises filings.
    number = counter_add(TicketSequence, key={"year": year}, counter="last_number")
    return f"WD-{year}-{number:06d}"


def _amount_invalid(field_name: str, amount: Decimal) -> bool:
    """Whether an amount does not fit its column (PostgreSQL would raise DataError)."""
    try:
        RefundRequest._meta.get_field(field_name).clean(amount, None)
    except ValidationError:
        return True
    return False


def _own_transactions(customer: User, ids: Sequence[int]) -> list[Transaction]:
    wanted = {int(pk) for pk in ids}
    if not wanted:
        return []
    found = list(Transaction.objects.filter(owner=customer, pk__in=wanted))
    if len(found) != len(wanted):
        # Another customer's record and a missing one get the same answer.
        raise ValidationError(
            {"transaction": _("Choose one of your own transactions.")}, code="not_owned"
        )
    return found


def _check_refund(customer: User, category: str, details: RefundInput) -> _Checked:
    errors: dict[str, str] = {}
    if details.transaction_id is None:
        raise ValidationError(
            {"transaction": _("Choose the transaction you want money back from.")}
        )
    (record,) = _own_transactions(customer, [details.transaction_id])
    if not record.is_outgoing:
        errors["transaction"] = _(
            "A refund can only be asked for money you sent or paid."
        )
    elif record.status != Transaction.Status.COMPLETED:
        errors["transaction"] = _(
            "This transaction is %(status)s, not completed; no money left your wallet to refund."
        ) % {"status": record.get_status_display()}
    amount = details.amount_requested
    if amount is None or amount <= 0:
        errors["amount_requested"] = _(
            "Enter the amount you want back, more than zero."
        )
    elif amount > record.amount:
        errors["amount_requested"] = _(
            "You can ask back at most the transaction amount, %(amount)s."
        ) % {"amount": record.display_amount}
    elif _amount_invalid("amount_requested", amount):
        errors["amount_requested"] = _("Enter a valid amount.")
    duplicate_of = None
    if (
        category == Ticket.Category.WRONG_RECIPIENT
        and not details.intended_recipient.strip()
    ):
        errors["intended_recipient"] = _("Tell us whom you meant to pay.")
    if category == Ticket.Category.WRONG_AMOUNT:
        if details.intended_amount is None or details.intended_amount <= 0:
            errors["intended_amount"] = _("Tell us the amount you meant to send.")
        elif details.intended_amount >= record.amount:
            errors["intended_amount"] = _(
                "The amount you meant to send should be less than the amount sent, %(amount)s."
            ) % {"amount": record.display_amount}
        elif _amount_invalid("intended_amount", details.intended_amount):
            errors["intended_amount"] = _("Enter a valid amount.")
    for name in ("intended_recipient", "actual_recipient"):
        if len(getattr(details, name).strip()) > 128:
            errors[name] = _("Keep this under 128 characters.")
    if category == Ticket.Category.DUPLICATE_PAYMENT:
        if details.duplicate_of_id is None:
            errors["duplicate_of"] = _(
                "Choose the earlier payment this one duplicates."
            )
        elif details.duplicate_of_id == record.pk:
            errors["duplicate_of"] = _(
                "Choose a different transaction as the original payment."
            )
        else:
            found = Transaction.objects.filter(
                owner=customer, pk=details.duplicate_of_id
            ).first()
            if found is None:
                errors["duplicate_of"] = _("Choose one of your own transactions.")
            elif found.currency != record.currency:
                errors["duplicate_of"] = _(
                    "The original payment is in another currency."
                )
            duplicate_of = found
    if (
        details.payee_chosen_via
        and details.payee_chosen_via not in RefundRequest.PayeeChosenVia.values
    ):
        errors["payee_chosen_via"] = _("Choose how you picked the payee from the list.")
    if errors:
        raise ValidationError(errors)
    return _Checked(transactions=[record], duplicate_of=duplicate_of)


def _check_inquiry(customer: User, details: InquiryInput) -> _Checked:
    if details.transaction_id is None:
        raise ValidationError({"transaction": _("Choose the cancelled transaction.")})
    (record,) = _own_transactions(customer, [details.transaction_id])
    if record.status != Transaction.Status.CANCELLED:
        raise ValidationError(
            {
                "transaction": _(
                    "This transaction is %(status)s, not cancelled. To ask about it, file a complaint instead."
                )
                % {"status": record.get_status_display()}
            }
        )
    return _Checked(transactions=[record])


def _check_complaint(
    customer: User, category: str, details: ComplaintInput
) -> _Checked:
    if not details.transaction_ids and category not in CATEGORIES_WITHOUT_TRANSACTION:
        raise ValidationError(
            {"transaction": _("Choose the transaction this is about.")}
        )
    if details.happened_at and details.happened_at > timezone.now() + timedelta(
        minutes=5
    ):
        raise ValidationError({"happened_at": _("This date is in the future.")})
    return _Checked(transactions=_own_transactions(customer, details.transaction_ids))


def _check_common(
    *,
    customer: User,
    kind: str,
    category: str,
    subject: str,
    description: str,
    details: Details,
) -> None:
    if not customer.is_active or customer.role != User.Role.CUSTOMER:
        raise ValidationError(_("Only a customer's account can file a ticket."))
    errors: dict[str, str] = {}
    if kind not in Ticket.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of problem this is.")})
    if category not in CATEGORIES_BY_KIND[kind]:
        errors["category"] = _("This category does not belong to this kind of ticket.")
    if not isinstance(details, _DETAILS_FOR_KIND[kind]):
        raise ValidationError(_("The details do not match the kind of ticket."))
    if not subject.strip():
        errors["subject"] = _("Give your ticket a short subject.")
    elif len(subject) > 200:
        errors["subject"] = _("Keep the subject under 200 characters.")
    if not description.strip():
        errors["description"] = _("Describe what happened.")
    if errors:
        raise ValidationError(errors)


def _filing_state(*, customer: User, client_token: str) -> tuple[Ticket | None, int]:
    """Lock the customer's row, then read their filing state.

    The lock holds until commit: a repeated submission (the same client_token)
    waits here and then finds the first one's ticket (ticket_unique_submission).
    The state is that ticket and the open tickets, counted up to the limit
    (ticket_open_customer_idx). SQLite has no row locks; it runs one writing
    transaction at a time.
    """
    # The lock first, the reads in statements of their own: they then see what
    # a transaction that held the lock before has committed.
    # The account's status is read under the lock: the core may close it while
    # the customer is filing.
    customer.account_status = (
        User.objects.select_for_update()
        .filter(pk=customer.pk)
        .values_list("account_status", flat=True)
        .get()
    )
    existing = (
        Ticket.objects.filter(customer=customer, client_token=client_token).first()
        if client_token
        else None
    )
    open_count = (
        Ticket.objects.filter(customer=customer)
        .open()
        .order_by()[: settings.WALLETDESK_MAX_OPEN_TICKETS]
        .count()
    )
    return existing, open_count


def _check_open_limit(*, open_count: int, channel: str) -> None:
    # Self-service channels only: staff filing a phone or email contact on a
    # customer's behalf are not the abuse this limit is for.
    if channel not in {Ticket.Channel.WEB, Ticket.Channel.API}:
        return
    limit = settings.WALLETDESK_MAX_OPEN_TICKETS
    if open_count >= limit:
        raise ValidationError(
            _(
                "You already have %(count)d open tickets, the most we accept at once. Add to one of them, or wait until one is resolved."
            )
            % {"count": limit},
            code="too_many_open",
        )


def _check_evidence(evidence: Sequence[EvidenceInput]) -> list[CheckedEvidence]:
    if len(evidence) > settings.WALLETDESK_MAX_EVIDENCE_FILES:
        raise ValidationError(
            {
                "evidence": _("Attach at most %(count)d files.")
                % {"count": settings.WALLETDESK_MAX_EVIDENCE_FILES}
            }
        )
    try:
        evidence_pixels_check([item.file for item in evidence])
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error
    checked = []
    for item in evidence:
        if item.evidence_type not in Attachment.EvidenceType.values:
            raise ValidationError(
                {"evidence": _("Choose what kind of evidence this is.")}
            )
        try:
            checked.append(evidence_check(item.file))
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
    return checked


def _attachments_save(
    *,
    ticket: Ticket,
    uploaded_by: User,
    evidence: Sequence[EvidenceInput],
    checked: Sequence[CheckedEvidence],
    message: Message | None,
    is_internal: bool,
) -> list[Attachment]:
    written: list[Attachment] = []
    try:
        for item, facts in zip(evidence, checked, strict=True):
            attachment = Attachment(
                ticket=ticket,
                message=message,
                uploaded_by=uploaded_by,
                is_internal=is_internal,
                evidence_type=item.evidence_type,
                original_name=(item.file.name or "evidence")[-255:],
                content_type=facts.content_type,
                size=facts.size,
                sha256=facts.sha256,
                token=secrets.token_urlsafe(16)[:22],
            )
            if facts.needs_processing:
                attachment.state = Attachment.State.PROCESSING
            attachment.file.save(attachment.original_name, item.file, save=False)
            written.append(attachment)
            attachment.save()
            if facts.needs_processing:
                evidence_job_queue(attachment=attachment)
    except BaseException:
        # The rows roll back with the transaction; files on disk do not.
        for attachment in written:
            attachment.file.delete(save=False)
        raise
    return written


def attachments_store(
    *,
    ticket: Ticket,
    uploaded_by: User,
    evidence: Sequence[EvidenceInput],
    message: Message | None = None,
    is_internal: bool = False,
) -> list[Attachment]:
    """Check every evidence file, then store them privately.

    Call inside the caller's transaction, as its last write: a bad file raises
    ValidationError before anything is stored, and the caller's writes roll back
    with it. Files written before a failure while storing are removed again.
    """
    checked = _check_evidence(evidence)
    return _attachments_save(
        ticket=ticket,
        uploaded_by=uploaded_by,
        evidence=evidence,
        checked=checked,
        message=message,
        is_internal=is_internal,
    )


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
    _details_for(ticket=ticket, details=details, checked=checked).save(
        force_insert=True
    )
    StatusChange.objects.create(
        ticket=ticket,
        from_status="",
        to_status=Ticket.Status.RECEIVED,
        actor=customer,
    )
    ticket_clocks_start(ticket=ticket, planned=clocks)
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


@transaction.atomic
def ticket_assign(*, ticket: Ticket, assignee: User | None, actor: User) -> Ticket:
    """Assign a ticket to an agent or supervisor (None unassigns).

    Supervisors assign anyone; agents may only take an unassigned ticket themselves.
    Raises WorkflowError and changes nothing otherwise.
    """
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to assign tickets."))
    if assignee is not None and not assignee.is_desk_staff:
        raise WorkflowError(
            _("Tickets can only be assigned to active agents or supervisors.")
        )
    if not actor.is_supervisor and not (
        assignee == actor and locked.assignee_id in {None, actor.pk}
    ):
        raise WorkflowError(_("Only a supervisor can reassign a ticket."))
    if locked.is_open:
        agent_load_move(
            from_id=locked.assignee_id, to_id=assignee.pk if assignee else None
        )
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    ticket.assignee = assignee
    return locked


@transaction.atomic
def ticket_rate(
    *, ticket: Ticket, customer: User, rating: int, comment: str = ""
) -> Ticket:
    """Record the customer's satisfaction rating (1-5) once the ticket is resolved.

    Only the ticket's customer may rate, once per resolution.
    Raises WorkflowError or ValidationError and changes nothing.
    """
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.customer_id != customer.pk:
        raise WorkflowError(_("Only the customer who filed this ticket can rate it."))
    if locked.status != Ticket.Status.RESOLVED:
        raise WorkflowError(_("You can rate a ticket once it is resolved."))
    if locked.rating is not None:
        raise WorkflowError(_("You have already rated this ticket. Thank you!"))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    locked.rating = rating
    locked.rating_comment = comment.strip()
    locked.rated_at = timezone.now()
    locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    ticket.rating, ticket.rating_comment, ticket.rated_at = (
        locked.rating,
        locked.rating_comment,
        locked.rated_at,
    )
    return locked
