"""File the search corpus (tests/complaints/search_corpus.py) through the services."""

from decimal import Decimal
from itertools import cycle

from accounts.models import User
from complaints.models import Ticket
from complaints.services import message_add, ticket_create
from complaints.services.inputs import ComplaintInput, InquiryInput, RefundInput
from tests.complaints.search_corpus import DISTRACTOR_TEXTS, TARGETS, Target
from tests.factories import CustomerFactory, TicketFactory, TransactionFactory
from transactions.models import Transaction

NO_TRANSACTION = {"account_access", "service_quality", "balance_wrong"}


def _details(target: Target, customer: User) -> object:
    extra = {
        key: value
        for key, value in (
            ("reference", target.tx_reference),
            ("counterparty_name", target.counterparty_name),
            ("counterparty_account", target.counterparty_account),
        )
        if value
    }
    if target.kind == Ticket.Kind.CANCELLED_TX_INQUIRY:
        record = TransactionFactory(owner=customer, cancelled=True, **extra)
        return InquiryInput(transaction_id=record.pk)
    if target.kind == Ticket.Kind.MISOPERATION_REFUND:
        record = TransactionFactory(owner=customer, **extra)
        duplicate_of = None
        if target.category == Ticket.Category.DUPLICATE_PAYMENT:
            duplicate_of = TransactionFactory(owner=customer).pk
        return RefundInput(
            transaction_id=record.pk,
            amount_requested=Decimal("50.00"),
            intended_recipient=target.intended_recipient,
            actual_recipient=target.actual_recipient,
            duplicate_of_id=duplicate_of,
        )
    if target.category in NO_TRANSACTION:
        return ComplaintInput()
    if target.category == Ticket.Category.PAYMENT_NOT_RECEIVED:
        extra["type"] = Transaction.Type.TRANSFER_IN
    record = TransactionFactory(
        owner=customer, status=Transaction.Status.FAILED, **extra
    )
    return ComplaintInput(transaction_ids=(record.pk,))


def file_target(target: Target, *, staff: User) -> Ticket:
    profile = {
        key: getattr(target, key)
        for key in ("first_name", "last_name", "phone", "email")
        if getattr(target, key)
    }
    customer = CustomerFactory(**profile)
    ticket = ticket_create(
        customer=customer,
        kind=target.kind,
        category=target.category,
        subject=target.subject,
        description=target.description,
        details=_details(target, customer),
        language=target.language,
    )
    for body in target.customer_replies:
        message_add(ticket=ticket, author=customer, body=body)
    for body in target.staff_replies:
        message_add(ticket=ticket, author=staff, body=body)
    for body in target.notes:
        message_add(ticket=ticket, author=staff, body=body, is_internal=True)
    return ticket


def file_corpus(*, staff: User, distractors: int) -> dict[str, Ticket]:
    """File every target and `distractors` everyday tickets; targets by key."""
    # Targets first: the distractors are newer, so recency cannot find them.
    targets = {target.key: file_target(target, staff=staff) for target in TARGETS}
    texts = cycle(DISTRACTOR_TEXTS)
    for _number in range(distractors):
        subject, description = next(texts)
        TicketFactory(subject=subject, description=description)
    return targets
