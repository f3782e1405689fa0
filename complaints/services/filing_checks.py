"""The checks a filing passes before anything is written: details, transactions, limits."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from complaints.models import CATEGORIES_BY_KIND, RefundRequest, Ticket
from complaints.models.tickets import CATEGORIES_WITHOUT_TRANSACTION
from complaints.services.inputs import (
    _DETAILS_FOR_KIND,
    ComplaintInput,
    Details,
    InquiryInput,
    RefundInput,
)
from transactions.models import Transaction


@dataclass
class _Checked:
    transactions: list[Transaction] = field(default_factory=list)
    duplicate_of: Transaction | None = None


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
