"""What the core receives for a wallet action (the contract in the README)."""

from django.conf import settings
from django.urls import reverse

from config.formats.money import money_plain
from wallet_actions.models import WalletAction


def action_callback_url(action: WalletAction) -> str:
    return settings.SITE_URL + reverse(
        "wallet_actions_api:outcome", kwargs={"action_id": action.pk}
    )


def action_payload(action: WalletAction) -> dict[str, object]:
    """Event data for wallet_action.requested: what to do, for whom, where to answer."""
    ticket = action.ticket
    customer = ticket.customer
    return {
        "action": {
            "id": action.pk,
            "attempt": action.attempt,
            # The core does the work once per key, whatever the delivery count.
            "idempotency_key": f"wd-action-{action.pk}-{action.attempt}",
            "kind": action.kind,
            "reason": action.reason,
            "amount": money_plain(action.amount, action.currency)
            if action.amount is not None
            else None,
            "currency": action.currency or None,
            "transaction": action.transaction.reference if action.transaction else None,
            "requested_at": action.requested_at,
            "approved_at": action.approved_at,
            "callback_url": action_callback_url(action),
        },
        "ticket": {"reference": ticket.reference, "kind": ticket.kind},
        "customer": {"id": customer.pk, "username": customer.username},
    }
