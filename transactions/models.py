from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.formats.money import money_format

if TYPE_CHECKING:
    from accounts.models import User


class TransactionQuerySet(models.QuerySet["Transaction"]):
    def owned_by(self, user: "User") -> "TransactionQuerySet":
        return self.filter(owner=user)


class Transaction(models.Model):
    """A record from the wallet's ledger, read-mostly; tickets link to it."""

    class Type(models.TextChoices):
        TRANSFER_OUT = "transfer_out", _("Transfer out")
        TRANSFER_IN = "transfer_in", _("Transfer in")
        TOP_UP = "top_up", _("Top-up")
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        REVERSED = "reversed", _("Reversed")

    class CancelSource(models.TextChoices):
        SYSTEM_FAILURE = "system_failure", _("System failure")
        # Staff read these labels; the customer's own page says "you" (see
        # CancellationInquiry.cancelled_by_customer and the portal's ticket facts).
        USER = "user", pgettext_lazy("who cancelled", "Cancelled by the customer")
        RISK_CONTROL = "risk_control", _("Risk control")
        COMPLIANCE = "compliance", _("Compliance")

    OUTGOING_TYPES = frozenset({Type.TRANSFER_OUT, Type.WITHDRAWAL, Type.PAYMENT})

    reference = models.CharField(_("reference"), max_length=64, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="transactions",
        verbose_name=_("owner"),
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=8)
    currency = models.CharField(
        _("currency or asset"),
        max_length=12,
        help_text=_("ISO 4217 code such as CNY, or a crypto asset such as USDT."),
    )
    network = models.CharField(
        _("network"), max_length=32, blank=True, help_text=_("Chain for crypto assets.")
    )
    fee = models.DecimalField(
        _("fee"), max_digits=20, decimal_places=8, default=Decimal(0)
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    cancel_source = models.CharField(
        _("cancelled by"), max_length=16, choices=CancelSource.choices, blank=True
    )
    cancel_reason = models.CharField(
        _("cancellation reason"), max_length=255, blank=True
    )
    counterparty_name = models.CharField(
        _("counterparty name"), max_length=128, blank=True
    )
    counterparty_account = models.CharField(
        _("counterparty account or address"), max_length=128, blank=True
    )
    chain_hash = models.CharField(
        _("chain transaction hash"), max_length=128, blank=True
    )
    occurred_at = models.DateTimeField(_("initiated at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = TransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-occurred_at"], name="tx_owner_recent_idx"),
            models.Index(
                fields=["status", "type", "occurred_at"], name="tx_status_type_idx"
            ),
            # Reports: transactions in a period, the denominator of complaint rates.
            models.Index(fields=["occurred_at"], name="tx_occurred_idx"),
            # The staff list's currency filter (transactions.currencies).
            models.Index(fields=["currency"], name="tx_currency_idx"),
            # Spike detection counts cancellations per type and window of
            # cancelled_at, from the index alone (the table's rows were 2,300
            # page reads for 8 days at a million tickets).
            models.Index(
                fields=["cancelled_at"],
                include=["type"],
                condition=models.Q(status="cancelled"),
                name="tx_cancelled_type_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="tx_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(fee__gte=0), name="tx_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "pending",
                        "completed",
                        "failed",
                        "cancelled",
                        "reversed",
                    ]
                ),
                name="tx_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.display_amount}"

    def get_absolute_url(self) -> str:
        return reverse("admin:transactions_transaction_change", args=[self.pk])

    @property
    def is_outgoing(self) -> bool:
        return self.type in self.OUTGOING_TYPES

    @property
    def display_amount(self) -> str:
        return money_format(self.amount, self.currency)

    def snapshot(self) -> dict[str, str]:
        """The record as filed, kept on the ticket link so later edits cannot rewrite it."""
        return {
            "reference": self.reference,
            "type": self.type,
            "amount": str(self.amount),
            "currency": self.currency,
            "network": self.network,
            "fee": str(self.fee),
            "status": self.status,
            "cancel_source": self.cancel_source,
            "cancel_reason": self.cancel_reason,
            "counterparty_name": self.counterparty_name,
            "counterparty_account": self.counterparty_account,
            "chain_hash": self.chain_hash,
            "occurred_at": self.occurred_at.isoformat(),
            "completed_at": self.completed_at.isoformat() if self.completed_at else "",
            "cancelled_at": self.cancelled_at.isoformat() if self.cancelled_at else "",
        }
