from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from complaints.models.tickets import Ticket
from config.formats.money import money_format
from transactions.models import Transaction


class ComplaintDetail(models.Model):
    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.PROTECT,
        related_name="complaint_detail",
        primary_key=True,
    )
    happened_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    remedy_sought = models.TextField(_("remedy sought"), blank=True)

    class Meta:
        verbose_name = _("complaint details")
        verbose_name_plural = _("complaint details")

    def __str__(self) -> str:
        return str(self.ticket)


class RefundRequest(models.Model):
    class PayeeChosenVia(models.TextChoices):
        TYPED = "typed", _("Typed in by hand")
        CONTACT_LIST = "contact_list", _("Contact list")
        QR_CODE = "qr_code", _("QR code")
        ADDRESS_BOOK = "address_book", _("Address book")

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.PROTECT,
        related_name="refund_request",
        primary_key=True,
    )
    transaction = models.ForeignKey(
        "transactions.Transaction",
        on_delete=models.PROTECT,
        related_name="refund_requests",
        verbose_name=_("transaction"),
    )
    amount_requested = models.DecimalField(
        _("amount asked back"), max_digits=20, decimal_places=8
    )
    currency = models.CharField(_("currency"), max_length=12)
    intended_recipient = models.CharField(
        _("intended recipient"), max_length=128, blank=True
    )
    actual_recipient = models.CharField(
        _("actual recipient"), max_length=128, blank=True
    )
    intended_amount = models.DecimalField(
        _("intended amount"), max_digits=20, decimal_places=8, null=True, blank=True
    )
    payee_chosen_via = models.CharField(
        _("how the payee was chosen"),
        max_length=16,
        choices=PayeeChosenVia.choices,
        blank=True,
    )
    duplicate_of = models.ForeignKey(
        "transactions.Transaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of transaction"),
    )

    class Meta:
        verbose_name = _("refund request")
        verbose_name_plural = _("refund requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0),
                name="refundrequest_amount_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket.reference}: {money_format(self.amount_requested, self.currency)}"

    @property
    def amount_recovered(self) -> Decimal:
        """Sum of the recovery log; prefetch recovery_attempts when listing."""
        return sum(
            (attempt.amount_recovered for attempt in self.recovery_attempts.all()),
            start=Decimal(0),
        )


class RecoveryAttempt(models.Model):
    """An attempt to get the money back from the recipient or the other provider."""

    class Method(models.TextChoices):
        CONTACT_RECIPIENT = "contact_recipient", _("Contacted the recipient")
        CONTACT_PROVIDER = "contact_provider", _("Contacted the recipient's provider")
        REVERSAL = "reversal", _("Reversal on the ledger")
        OTHER = "other", _("Other")

    refund_request = models.ForeignKey(
        RefundRequest, on_delete=models.PROTECT, related_name="recovery_attempts"
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    note = models.TextField(_("note"), blank=True)
    amount_recovered = models.DecimalField(
        _("amount recovered"), max_digits=20, decimal_places=8, default=0
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recovery attempt")
        verbose_name_plural = _("recovery attempts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_recovered__gte=0),
                name="recoveryattempt_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {date_format(timezone.localtime(self.created_at))}"


class RefundDecision(models.Model):
    refund_request = models.OneToOneField(
        RefundRequest,
        on_delete=models.PROTECT,
        related_name="decision",
        primary_key=True,
    )
    approved_amount = models.DecimalField(
        _("approved amount"), max_digits=20, decimal_places=8
    )
    currency = models.CharField(_("currency"), max_length=12)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The service sets it from the clock reading it also stamps approved_at with;
    # auto_now_add would overwrite it with a later one.
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    note = models.TextField(_("reasoning"), blank=True)
    needs_approval = models.BooleanField(
        _("needs supervisor approval"),
        default=False,
        help_text=_("Set when the approved amount was above the approval limit."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by supervisor"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(
        _("payment reference"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = _("refund decision")
        verbose_name_plural = _("refund decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_amount__gte=0),
                name="refunddecision_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return money_format(self.approved_amount, self.currency)

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_pending_approval(self) -> bool:
        return self.needs_approval and self.approved_at is None


class CancellationInquiry(models.Model):
    class FundsLocation(models.TextChoices):
        HELD = "held", _("Held by the wallet")
        RETURNED = "returned", _("Returned to your balance")
        RETURN_PENDING = "return_pending", _("On the way back to you")
        UNKNOWN = "unknown", _("Being checked")

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.PROTECT,
        related_name="cancellation_inquiry",
        primary_key=True,
    )
    transaction = models.ForeignKey(
        "transactions.Transaction",
        on_delete=models.PROTECT,
        related_name="cancellation_inquiries",
        verbose_name=_("transaction"),
    )
    cancel_source = models.CharField(
        _("cancelled by"),
        max_length=16,
        choices=Transaction.CancelSource.choices,
        editable=False,
    )
    funds_location = models.CharField(
        _("where the funds are"),
        max_length=16,
        choices=FundsLocation.choices,
        default=FundsLocation.UNKNOWN,
    )
    return_due_by = models.DateField(_("return due by"), null=True, blank=True)

    class Meta:
        verbose_name = _("cancellation inquiry")
        verbose_name_plural = _("cancellation inquiries")

    def __str__(self) -> str:
        return str(self.ticket)

    @property
    def cancelled_by_customer(self) -> bool:
        return self.cancel_source == Transaction.CancelSource.USER

    @property
    def needs_approved_templates(self) -> bool:
        """Risk-control and compliance cancellations: no free text (no tipping-off)."""
        return self.cancel_source in {
            Transaction.CancelSource.RISK_CONTROL,
            Transaction.CancelSource.COMPLIANCE,
        }
