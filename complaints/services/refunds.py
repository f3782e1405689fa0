"""Misoperation refunds: the decision, supervisor approval, payment and recovery log."""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from complaints.errors import WorkflowError
from complaints.models import RecoveryAttempt, RefundDecision, RefundRequest, Ticket
from config.formats.money import money_format
from integrations.models import Event
from integrations.webhooks import refund_approved_payload, webhook_queue


def _check_staff(actor: User) -> None:
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to work on refunds."))


def _lock_request(ticket: Ticket) -> RefundRequest:
    """Lock the ticket and its refund request, in that order, for every refund write."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.kind != Ticket.Kind.MISOPERATION_REFUND:
        raise WorkflowError(_("Only a misoperation refund request has a refund."))
    request = (
        RefundRequest.objects.select_for_update(of=("self",))
        .select_related("transaction", "ticket")
        .get(ticket=locked)
    )
    request.ticket = locked
    return request


def _lock_decision(request: RefundRequest) -> RefundDecision | None:
    decision = (
        RefundDecision.objects.select_for_update()
        .filter(refund_request=request)
        .first()
    )
    if decision is not None:
        decision.refund_request = request
    return decision


def _amount(value: Decimal | str | None) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"approved_amount": _("Enter an amount.")}) from None
    if not amount.is_finite():
        raise ValidationError({"approved_amount": _("Enter an amount.")})
    return amount


def refund_approved_hook(*, decision: RefundDecision) -> None:
    """Tell the wallet core to pay: queue the signed refund.approved webhook.

    Called inside the approving transaction, so the delivery row exists only if the
    approval commits. Nothing is queued for an approved amount of zero.
    """
    if decision.approved_amount <= 0:
        return
    webhook_queue(
        event=Event.REFUND_APPROVED,
        payload=partial(refund_approved_payload, decision=decision),
    )


@transaction.atomic
def refund_decide(
    *,
    ticket: Ticket,
    actor: User,
    approved_amount: Decimal | str,
    currency: str = "",
    note: str = "",
) -> RefundDecision:
    """Decide how much of a misoperation refund to give back (zero refuses it).

    The amount is at most the amount asked back and the transaction amount, in the
    request's currency. At or below WALLETDESK_REFUND_APPROVAL_LIMIT the decision
    is approved at once and the refund.approved webhook is queued; above it, it
    waits for a supervisor (refund_approve). A decision still waiting may be
    decided again; an approved one may not. Locks the ticket and the request.
    Raises WorkflowError or ValidationError and changes nothing.
    """
    _check_staff(actor)
    request = _lock_request(ticket)
    if request.ticket.status == Ticket.Status.RESOLVED:
        raise WorkflowError(
            _("This ticket is resolved; reopen it to change the refund.")
        )
    amount = _amount(approved_amount)
    errors = {}
    if amount < 0:
        errors["approved_amount"] = _("The approved amount cannot be negative.")
    elif amount > request.amount_requested:
        errors["approved_amount"] = _(
            "The approved amount cannot be more than the amount asked back, %(amount)s."
        ) % {"amount": money_format(request.amount_requested, request.currency)}
    elif amount > request.transaction.amount:
        errors["approved_amount"] = _(
            "The approved amount cannot be more than the transaction amount, %(amount)s."
        ) % {"amount": request.transaction.display_amount}
    if currency and currency != request.currency:
        errors["currency"] = _(
            "Refunds are paid in the request's currency, %(currency)s."
        ) % {"currency": request.currency}
    if errors:
        raise ValidationError(errors)
    decision = _lock_decision(request)
    if decision is not None and decision.is_approved:
        raise WorkflowError(
            _("This refund was already approved and cannot be changed.")
        )
    now = timezone.now()
    needs_approval = amount > settings.WALLETDESK_REFUND_APPROVAL_LIMIT
    decision = decision or RefundDecision(refund_request=request)
    decision.approved_amount = amount
    decision.currency = request.currency
    decision.note = note.strip()
    decision.decided_by = actor
    decision.decided_at = now
    decision.needs_approval = needs_approval
    decision.approved_by = None if needs_approval else actor
    decision.approved_at = None if needs_approval else now
    decision.save()
    if decision.is_approved:
        refund_approved_hook(decision=decision)
    return decision


@transaction.atomic
def refund_approve(*, ticket: Ticket, actor: User) -> RefundDecision:
    """Approve a refund decision that was above the approval limit.

    Supervisors only, and never the person who made the decision (four eyes, even
    when a supervisor decided). Queues the refund.approved webhook on commit.
    Raises WorkflowError and changes nothing.
    """
    if not actor.is_supervisor:
        raise WorkflowError(_("Only a supervisor can approve a refund."))
    request = _lock_request(ticket)
    decision = _lock_decision(request)
    if decision is None:
        raise WorkflowError(_("There is no refund decision to approve yet."))
    if decision.is_approved:
        raise WorkflowError(_("This refund is already approved."))
    if decision.decided_by_id == actor.pk:
        raise WorkflowError(
            _("Another supervisor must approve a refund you decided yourself.")
        )
    decision.approved_by = actor
    decision.approved_at = timezone.now()
    decision.save(update_fields=["approved_by", "approved_at"])
    refund_approved_hook(decision=decision)
    return decision


def refund_record_paid(
    *, ticket: Ticket, paid: Decimal, paid_at: datetime, reference: str
) -> RefundDecision | None:
    """Stamp the decision paid once the wallet core's confirmed payouts cover it.

    Called by wallet_actions when the core confirms a payout (its transaction,
    its lock on the ticket), with the total the core confirmed so far; the
    decision's paid_at and reference are the last payout's. There is no manual
    "mark paid": only the core's confirmation pays. Returns the decision if it
    was stamped now, else None (nothing approved, not yet covered, already paid).
    """
    decision = (
        RefundDecision.objects.select_for_update()
        .filter(refund_request__ticket=ticket)
        .first()
    )
    if (
        decision is None
        or not decision.is_approved
        or decision.paid_at is not None
        or decision.approved_amount <= 0
        or paid < decision.approved_amount
    ):
        return None
    decision.paid_at = paid_at
    decision.payment_reference = reference[:64]
    decision.save(update_fields=["paid_at", "payment_reference"])
    return decision


@transaction.atomic
def recovery_attempt_add(
    *,
    ticket: Ticket,
    actor: User,
    method: str,
    amount_recovered: Decimal | str = Decimal(0),
    note: str = "",
) -> RecoveryAttempt:
    """Log an attempt to recover the money from the recipient or their provider.

    The total recovered never exceeds the transaction amount. Locks the request.
    Raises WorkflowError or ValidationError and changes nothing.
    """
    _check_staff(actor)
    request = _lock_request(ticket)
    if method not in RecoveryAttempt.Method.values:
        raise ValidationError({"method": _("Choose how the recovery was attempted.")})
    amount = _amount(amount_recovered)
    if amount < 0:
        raise ValidationError(
            {"amount_recovered": _("The amount recovered cannot be negative.")}
        )
    so_far = RecoveryAttempt.objects.filter(refund_request=request).aggregate(
        total=Sum("amount_recovered")
    )["total"] or Decimal(0)
    if so_far + amount > request.transaction.amount:
        raise ValidationError(
            {
                "amount_recovered": _(
                    "The total recovered cannot be more than the transaction amount, %(amount)s."
                )
                % {"amount": request.transaction.display_amount}
            }
        )
    return RecoveryAttempt.objects.create(
        refund_request=request,
        method=method,
        amount_recovered=amount,
        note=note.strip(),
        actor=actor,
    )
