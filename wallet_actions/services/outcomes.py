"""Record the wallet core's answer to an action (the system API callback)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Notice
from complaints.notices import notice_queue
from complaints.services import refund_record_paid
from integrations.webhooks import webhook_signature_check
from wallet_actions.errors import OutcomeRefusedError
from wallet_actions.models import WalletAction

State = WalletAction.State
# What the core may answer: it accepted the work (sent) or finished it.
ANSWERS = (State.SENT, State.CONFIRMED, State.REFUSED, State.FAILED)
FINAL = (State.CONFIRMED, State.REFUSED, State.FAILED)
# How far along each state is; an answer never moves an action back.
_RANK = {
    State.REQUESTED: 0,
    State.SENT: 1,
    State.TIMED_OUT: 1,
    State.CONFIRMED: 2,
    State.REFUSED: 2,
    State.FAILED: 2,
}


def action_callback_verify(
    *, action_id: int, timestamp: str, body: str, signature: str
) -> WalletAction:
    """The action a callback is about, if its signature is right.

    The core signs the callback as Walletdesk signs the webhook: HMAC-SHA256 of
    "<timestamp>.<body>" with the secret of the endpoint the action was sent to.
    Raises OutcomeRefusedError (unknown_action, bad_signature).
    """
    action = (
        WalletAction.objects.select_related("delivery__endpoint")
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.delivery is None:
        raise OutcomeRefusedError(
            "unknown_action", _("No wallet action with this id was sent to you.")
        )
    if not webhook_signature_check(
        secret=action.delivery.endpoint.secret,
        timestamp=timestamp,
        body=body,
        signature=signature,
    ):
        raise OutcomeRefusedError(
            "bad_signature",
            _(
                "The signature is missing, wrong or too old: sign "
                '"<timestamp>.<body>" with the endpoint\'s secret.'
            ),
        )
    return action


def _amount_matches(action: WalletAction, amount: str | None, currency: str) -> bool:
    if action.amount is None:
        return amount in (None, "")
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return False
    return value == action.amount and currency.upper() == action.currency


@transaction.atomic
def action_record_outcome(
    *,
    action_id: int,
    attempt: int,
    outcome: str,
    core_reference: str = "",
    message: str = "",
    amount: str | None = None,
    currency: str = "",
) -> tuple[WalletAction, bool]:
    """Record the core's answer; idempotent by action id and attempt.

    Locks the action. A confirmation queues a notice to the customer (in-app and
    by email) saying what was done. The same answer again, or an answer to an earlier attempt
    (superseded by a retry), changes nothing and returns (action, False). An
    answer after a time-out is recorded: the core's word on money counts, and
    ignoring a late confirmation would invite a second payout on retry.
    Raises OutcomeRefusedError (invalid, unknown_action, unknown_attempt,
    amount_mismatch, state_backwards) and changes nothing.
    """
    if outcome not in ANSWERS:
        raise OutcomeRefusedError(
            "invalid",
            _("outcome must be one of: %(values)s.") % {"values": ", ".join(ANSWERS)},
        )
    action = WalletAction.objects.select_for_update().filter(pk=action_id).first()
    if action is None:
        raise OutcomeRefusedError(
            "unknown_action", _("No wallet action with this id was sent to you.")
        )
    if attempt < action.attempt:
        return action, False
    if attempt > action.attempt or action.queued_at is None:
        raise OutcomeRefusedError(
            "unknown_attempt", _("This attempt of the action was never sent.")
        )
    if outcome == State.CONFIRMED and not _amount_matches(action, amount, currency):
        raise OutcomeRefusedError(
            "amount_mismatch",
            _("The amount differs from the request: %(amount)s %(currency)s.")
            % {"amount": action.amount, "currency": action.currency},
        )
    if outcome == action.state:
        return action, False
    if _RANK[State(outcome)] <= _RANK[State(action.state)]:
        raise OutcomeRefusedError(
            "state_backwards",
            _("The action is already %(state)s; it cannot become %(outcome)s.")
            % {"state": action.get_state_display(), "outcome": State(outcome).label},
        )
    now = timezone.now()
    action.state = outcome
    if outcome == State.SENT:
        action.sent_at = action.sent_at or now
    else:
        action.answered_at = now
        action.core_reference = core_reference.strip()[:64]
        action.core_message = message.strip()[:500]
    if outcome == State.CONFIRMED and action.done_notice_id is None:
        # Only now may the customer read "paid", "frozen" or "held".
        action.done_notice = notice_queue(
            ticket=action.ticket, kind=Notice.Kind.WALLET_ACTION_DONE
        )
    action.save()
    if outcome == State.CONFIRMED and action.is_paid:
        _decision_paid(action)
    return action, True


def _decision_paid(action: WalletAction) -> None:
    """Stamp the refund decision paid once the confirmed payouts cover it."""
    paid = WalletAction.objects.paid().filter(ticket_id=action.ticket_id).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)
    refund_record_paid(
        ticket=action.ticket,
        paid=paid,
        paid_at=action.answered_at,
        reference=action.core_reference,
    )
