"""Ask the wallet core to act: request, approve, retry, and the sent and time-out marks."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import RefundDecision, Ticket
from config.formats.money import money_format
from integrations.models import Event
from integrations.subscriptions import endpoints_for
from integrations.webhooks import webhook_queue_one
from wallet_actions.errors import ActionRefusedError
from wallet_actions.kinds import KINDS
from wallet_actions.models import WalletAction
from wallet_actions.payloads import action_payload

if TYPE_CHECKING:
    from accounts.models import User
    from integrations.models import WebhookDelivery
    from transactions.models import Transaction

State = WalletAction.State
NOT_PAID = (State.REFUSED, State.FAILED, State.TIMED_OUT)


def _amount(value: Decimal | str | None) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("Enter an amount.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    return amount


def _queue(action: WalletAction) -> None:
    """Write the signed delivery of this attempt; it is POSTed after commit."""
    endpoints = endpoints_for(Event.WALLET_ACTION_REQUESTED)
    if not endpoints:
        raise ActionRefusedError(
            _(
                "No wallet endpoint receives wallet actions yet; an administrator "
                "sets one up under webhook endpoints."
            )
        )
    action.delivery = webhook_queue_one(
        endpoint_id=endpoints[0],
        event=Event.WALLET_ACTION_REQUESTED,
        payload=action_payload(action),
    )
    action.queued_at = timezone.now()


def _payout_room(*, ticket: Ticket, currency: str) -> Decimal | None:
    """How much more a misoperation refund may pay out; None if no decision caps it."""
    decision = (
        RefundDecision.objects.filter(refund_request__ticket=ticket)
        .only("approved_amount", "currency", "approved_at")
        .first()
    )
    if decision is None:
        if ticket.kind == Ticket.Kind.MISOPERATION_REFUND:
            raise ActionRefusedError(_("Decide the refund before paying it out."))
        return None
    if not decision.is_approved:
        raise ActionRefusedError(_("The refund decision is not approved yet."))
    if currency != decision.currency:
        raise ValidationError(
            {
                "currency": _("Refunds are paid in %(currency)s.")
                % {"currency": decision.currency}
            }
        )
    paid_or_pending = WalletAction.objects.filter(
        ticket=ticket, kind="refund_payout"
    ).exclude(state__in=NOT_PAID).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return decision.approved_amount - paid_or_pending


def _check_request(
    *,
    ticket: Ticket,
    kind: str,
    actor: "User | None",
    reason: str,
    amount: Decimal | None,
    currency: str,
    transaction_: "Transaction | None",
) -> None:
    spec = KINDS[kind]
    if actor is not None and not actor.is_desk_staff:
        raise ActionRefusedError(_("You are not allowed to ask the wallet to act."))
    if spec.supervisor_only and not (actor is not None and actor.is_supervisor):
        raise ActionRefusedError(
            _("Only a supervisor can ask for %(kind)s.") % {"kind": spec.label}
        )
    if ticket.status == Ticket.Status.RESOLVED:
        raise ActionRefusedError(_("This ticket is resolved; reopen it to act on it."))
    errors: dict[str, str] = {}
    if spec.reasons is not None and reason not in spec.reasons.values:
        errors["reason"] = _("Choose a reason from the list.")
    if spec.needs_transaction and (
        transaction_ is None
        or not ticket.transaction_links.filter(transaction=transaction_).exists()
    ):
        errors["transaction"] = _("Choose one of the ticket's transactions.")
    if spec.moves_money and not currency:
        errors["currency"] = _("Give the currency.")
    if errors:
        raise ValidationError(errors)
    if spec.moves_money:
        room = _payout_room(ticket=ticket, currency=currency)
        if room is not None and amount is not None and amount > room:
            raise ValidationError(
                {
                    "amount": _(
                        "The payout cannot be more than what is left of the "
                        "approved refund, %(amount)s."
                    )
                    % {"amount": money_format(max(room, Decimal(0)), currency)}
                }
            )
    pending = WalletAction.objects.filter(
        ticket=ticket,
        kind=kind,
        transaction=transaction_,
        state__in=(State.REQUESTED, State.SENT),
    )
    if not spec.moves_money and pending.exists():
        raise ActionRefusedError(
            _("The same action is already waiting for the wallet's answer.")
        )


@transaction.atomic
def action_request(
    *,
    ticket: Ticket,
    kind: str,
    actor: "User | None",
    reason: str = "",
    note: str = "",
    amount: Decimal | str | None = None,
    currency: str = "",
    transaction_: "Transaction | None" = None,
) -> WalletAction:
    """Ask the core to act on the ticket's customer: write the action and its delivery.

    actor None is the system (a queue's policy). Locks the ticket, so two
    requests cannot both pass the checks. A payout above
    WALLETDESK_REFUND_APPROVAL_LIMIT waits for a supervisor (action_approve) and
    is not sent; anything else is queued as a signed webhook, POSTed after
    commit. Raises ActionRefusedError or ValidationError and changes nothing.
    """
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose a kind of action.")})
    spec = KINDS[kind]
    locked = (
        Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
    )
    value = _amount(amount) if spec.moves_money else None
    currency = currency.strip().upper() if spec.moves_money else ""
    _check_request(
        ticket=locked,
        kind=kind,
        actor=actor,
        reason=reason if spec.reasons is not None else "",
        amount=value,
        currency=currency,
        transaction_=transaction_ if spec.needs_transaction else None,
    )
    action = WalletAction.objects.create(
        ticket=locked,
        kind=kind,
        requested_by=actor,
        reason=reason if spec.reasons is not None else "",
        note=note.strip(),
        amount=value,
        currency=currency,
        transaction=transaction_ if spec.needs_transaction else None,
        needs_approval=bool(
            spec.moves_money and value > settings.WALLETDESK_REFUND_APPROVAL_LIMIT
        ),
    )
    if not action.needs_approval:
        _queue(action)
        action.save(update_fields=["delivery", "queued_at", "updated_at"])
    return action


@transaction.atomic
def action_approve(*, action: WalletAction, actor: "User") -> WalletAction:
    """Approve a payout above the limit and send it (four eyes: not the requester).

    Supervisors only. Locks the action. Raises ActionRefusedError and changes nothing.
    """
    if not actor.is_supervisor:
        raise ActionRefusedError(_("Only a supervisor can approve a payout."))
    locked = WalletAction.objects.select_for_update().get(pk=action.pk)
    if not locked.is_waiting_approval:
        raise ActionRefusedError(_("This action is not waiting for approval."))
    if locked.requested_by_id == actor.pk:
        raise ActionRefusedError(
            _("Another supervisor must approve a payout you asked for yourself.")
        )
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    _queue(locked)
    locked.save(
        update_fields=[
            "approved_by",
            "approved_at",
            "delivery",
            "queued_at",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def action_retry(*, action: WalletAction, actor: "User") -> WalletAction:
    """Ask again after the core failed or did not answer: a new attempt, a new delivery.

    Desk staff only (supervisors for a kind only they request). An answer to an
    earlier attempt that arrives later changes nothing. Raises ActionRefusedError.
    """
    if not actor.is_desk_staff:
        raise ActionRefusedError(_("You are not allowed to ask the wallet to act."))
    locked = WalletAction.objects.select_for_update().get(pk=action.pk)
    if locked.spec.supervisor_only and not actor.is_supervisor:
        raise ActionRefusedError(
            _("Only a supervisor can ask for %(kind)s.") % {"kind": locked.spec.label}
        )
    if not locked.is_retryable:
        raise ActionRefusedError(
            _("Only an action that failed or got no answer can be retried.")
        )
    locked.attempt += 1
    locked.state = State.REQUESTED
    locked.sent_at = None
    locked.answered_at = None
    locked.core_message = ""
    _queue(locked)
    locked.save()
    return locked


def action_mark_sent(delivery: "WebhookDelivery") -> None:
    """Mark the action whose delivery was just POSTed as sent (a webhook sent hook).

    Runs in the transaction that stamps the delivery; an action the core already
    answered, or a delivery of an earlier attempt, changes nothing.
    """
    waiting = WalletAction.objects.select_for_update().filter(
        delivery=delivery, state=State.REQUESTED
    )
    for action in waiting:
        action.state = State.SENT
        action.sent_at = delivery.sent_at
        action.save(update_fields=["state", "sent_at", "updated_at"])


def actions_time_out(*, after: timedelta | None = None) -> int:
    """Mark actions the core has not answered within the time limit as timed out.

    A later answer from the core is still recorded (the core's word on money
    counts); a timed-out action may be retried. Returns how many timed out.
    """
    limit = (
        timedelta(minutes=settings.WALLETDESK_WALLET_ACTION_TIMEOUT_MINUTES)
        if after is None
        else after
    )
    count = 0
    with transaction.atomic():
        # Row by row, so each move is audited; few actions are ever this late.
        for action in WalletAction.objects.select_for_update(skip_locked=True).filter(
            state__in=(State.REQUESTED, State.SENT),
            queued_at__lt=timezone.now() - limit,
        )[:500]:
            action.state = State.TIMED_OUT
            action.save(update_fields=["state", "updated_at"])
            count += 1
    return count
