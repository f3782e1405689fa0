"""The kinds of wallet action: one entry per thing the core can be asked to do.

Adding a kind is an entry here (and a migration for the model's choices): the
services, the admin, the payload and the customer's wording read this table.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class FreezeReason(models.TextChoices):
    """Why an account is frozen: a fixed list the core and reports understand."""

    UNAUTHORIZED_TRANSACTION = "unauthorized_transaction", _("Unauthorized transaction")
    ACCOUNT_TAKEOVER = "account_takeover", _("Suspected account takeover")
    CUSTOMER_REQUEST = "customer_request", _("The customer asked for it")
    FRAUD_REVIEW = "fraud_review", _("Fraud or security review")
    LEGAL_ORDER = "legal_order", _("Legal or regulatory order")


@dataclass(frozen=True)
class ActionKind:
    code: str
    label: Promise
    # Money leaves the wallet: an amount and currency are required, the core
    # must confirm the same amount, and above the approval limit a supervisor
    # approves first.
    moves_money: bool = False
    # Names one of the ticket's transactions (a payment hold or release).
    needs_transaction: bool = False
    reasons: type[models.TextChoices] | None = None
    supervisor_only: bool = False
    # What the customer reads while the core works on it and once it confirmed;
    # %(amount)s, %(date)s and %(reference)s are filled in.
    customer_pending: Promise = field(default=_("Being processed"))
    customer_done: Promise = field(default=_("Done on %(date)s"))


KINDS: dict[str, ActionKind] = {
    kind.code: kind
    for kind in (
        ActionKind(
            code="refund_payout",
            label=_("Refund payout"),
            moves_money=True,
            customer_pending=_("Refund of %(amount)s approved, being paid"),
            customer_done=_(
                "Refund of %(amount)s paid on %(date)s, reference %(reference)s"
            ),
        ),
        ActionKind(
            code="account_freeze",
            label=_("Account freeze"),
            reasons=FreezeReason,
            customer_pending=_("We asked for your account to be frozen"),
            customer_done=_("Your account was frozen for your protection on %(date)s"),
        ),
        ActionKind(
            code="account_unfreeze",
            label=_("Account unfreeze"),
            supervisor_only=True,
            customer_pending=_("We asked for your account to be unfrozen"),
            customer_done=_("Your account was unfrozen on %(date)s"),
        ),
        ActionKind(
            code="payment_hold",
            label=_("Payment hold"),
            needs_transaction=True,
            customer_pending=_("We asked for the payment to be held"),
            customer_done=_("The payment was held on %(date)s"),
        ),
        ActionKind(
            code="payment_release",
            label=_("Payment release"),
            needs_transaction=True,
            customer_pending=_("We asked for the payment to be released"),
            customer_done=_("The payment was released on %(date)s"),
        ),
    )
}

KIND_CHOICES = [(kind.code, kind.label) for kind in KINDS.values()]


def kind_get(code: str) -> ActionKind:
    return KINDS[code]
