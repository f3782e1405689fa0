from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from config.formats.money import money_format
from wallet_actions.kinds import KIND_CHOICES, KINDS, ActionKind


class WalletActionQuerySet(models.QuerySet):
    def for_customer(self) -> "WalletActionQuerySet":
        """What the customer may read about: asked of the core, not refused by it.

        A payout still waiting for a supervisor's approval is not shown: nothing
        was asked of the wallet yet. A refusal is explained by the agent.
        """
        return self.filter(queued_at__isnull=False).exclude(state="refused")

    def paid(self) -> "WalletActionQuerySet":
        """Payouts the core confirmed: the only money a customer is told was paid."""
        return self.filter(
            kind__in=[code for code, kind in KINDS.items() if kind.moves_money],
            state="confirmed",
        )


class WalletAction(models.Model):
    """Something only the wallet core can do, asked for on a ticket.

    state moves requested → sent → confirmed / refused / failed / timed_out, and
    back to requested only by a retry of a failed or timed-out action (a new
    attempt). Money moved only if state is confirmed.
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SENT = "sent", _("Sent to the wallet")
        CONFIRMED = "confirmed", _("Confirmed by the wallet")
        REFUSED = "refused", _("Refused by the wallet")
        FAILED = "failed", _("Failed in the wallet")
        TIMED_OUT = "timed_out", _("No answer in time")

    ticket = models.ForeignKey(
        "complaints.Ticket",
        on_delete=models.PROTECT,
        related_name="wallet_actions",
        verbose_name=_("ticket"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=State.choices,
        default=State.REQUESTED,
        editable=False,
    )
    transaction = models.ForeignKey(
        "transactions.Transaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wallet_actions",
        verbose_name=_("transaction"),
    )
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=20, decimal_places=8, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=8, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Empty when the system asked (a queue's policy)."),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    needs_approval = models.BooleanField(_("needs approval"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    delivery = models.ForeignKey(
        "integrations.WebhookDelivery",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery"),
    )
    queued_at = models.DateTimeField(
        _("queued at"),
        null=True,
        blank=True,
        help_text=_("When this attempt was handed to the outbox."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    core_reference = models.CharField(_("wallet reference"), max_length=64, blank=True)
    core_message = models.CharField(_("wallet's message"), max_length=500, blank=True)
    done_notice = models.ForeignKey(
        "complaints.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wallet_actions_done",
        verbose_name=_("notice to the customer"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WalletActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wallet action")
        verbose_name_plural = _("wallet actions")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(
                fields=["ticket", "-requested_at"], name="walletaction_ticket_idx"
            ),
            models.Index(
                fields=["queued_at"],
                condition=models.Q(state__in=["requested", "sent"]),
                name="walletaction_waiting_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "requested",
                        "sent",
                        "confirmed",
                        "refused",
                        "failed",
                        "timed_out",
                    ]
                ),
                name="walletaction_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                name="walletaction_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def spec(self) -> ActionKind:
        return KINDS[self.kind]

    @property
    def is_waiting_approval(self) -> bool:
        return self.needs_approval and self.approved_at is None

    @property
    def is_pending(self) -> bool:
        return self.state in {self.State.REQUESTED, self.State.SENT}

    @property
    def is_retryable(self) -> bool:
        return self.state in {self.State.FAILED, self.State.TIMED_OUT}

    @property
    def is_paid(self) -> bool:
        """A payout the core confirmed: the only time a customer reads "paid"."""
        return self.spec.moves_money and self.state == self.State.CONFIRMED

    @property
    def confirmed_amount(self) -> Decimal | None:
        return self.amount if self.is_paid else None

    @property
    def display_amount(self) -> str:
        return money_format(self.amount, self.currency) if self.amount else ""

    @property
    def reason_label(self) -> str:
        reasons = self.spec.reasons
        if reasons is None or self.reason not in reasons.values:
            return self.reason
        return str(reasons(self.reason).label)

    @property
    def is_done(self) -> bool:
        return self.state == self.State.CONFIRMED

    def customer_line(self) -> str:
        """What the customer reads about this action, in the active language.

        "Paid", "frozen", "held" only once the core confirmed; before that (and
        while an agent retries a failure) only that it was asked for.
        """
        spec = self.spec
        values = {"amount": self.display_amount, "reference": self.core_reference}
        if self.is_done and self.answered_at is not None:
            values["date"] = formats.date_format(
                timezone.localtime(self.answered_at), "DATE_FORMAT"
            )
            return str(spec.customer_done) % values
        return str(spec.customer_pending) % values


class PaymentCheck(models.Model):
    """The core reported a payment as unusual; the customer is asked whether it was them.

    asked → confirmed ("it was me", the core is told) or disputed ("not me": an
    unauthorized-transaction complaint, a freeze per the queue's policy), or
    escalated to a supervisor when no answer came in time (still answerable).
    """

    class State(models.TextChoices):
        ASKED = "asked", _("Asked the customer")
        CONFIRMED = "confirmed", _("The customer made it")
        DISPUTED = "disputed", _("The customer did not make it")
        ESCALATED = "escalated", _("No answer: escalated")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="payment_checks",
        verbose_name=_("customer"),
    )
    transaction = models.ForeignKey(
        "transactions.Transaction",
        on_delete=models.PROTECT,
        related_name="payment_checks",
        verbose_name=_("transaction"),
    )
    core_reason = models.CharField(_("why the wallet asks"), max_length=200, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=State.choices,
        default=State.ASKED,
        editable=False,
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("escalated to"),
    )
    ticket = models.ForeignKey(
        "complaints.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_checks",
        verbose_name=_("complaint"),
    )
    notice = models.ForeignKey(
        "complaints.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_checks",
        verbose_name=_("notice"),
    )
    escalation_notice = models.ForeignKey(
        "complaints.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_payment_checks",
        verbose_name=_("escalation notice"),
    )

    class Meta:
        verbose_name = _("payment check")
        verbose_name_plural = _("payment checks")
        ordering = ["-asked_at", "-pk"]
        indexes = [
            models.Index(
                fields=["asked_at"],
                condition=models.Q(state="asked"),
                name="paymentcheck_waiting_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["transaction"],
                condition=models.Q(state__in=["asked", "escalated"]),
                name="paymentcheck_one_open_per_transaction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in {self.State.ASKED, self.State.ESCALATED}

    @property
    def answer_url(self) -> str:
        """The signed link in the customer's notice (works without signing in)."""
        from wallet_actions.links import payment_check_url

        return payment_check_url(self)


class QueueFreezePolicy(models.Model):
    """Whether a disputed payment's complaint in this queue freezes the account at once.

    A queue without a row follows WALLETDESK_OUTREACH_FREEZE_BY_DEFAULT.
    """

    queue = models.OneToOneField(
        "complaints.Queue",
        on_delete=models.CASCADE,
        related_name="freeze_policy",
        verbose_name=_("queue"),
    )
    freeze_on_dispute = models.BooleanField(
        _("freeze when the customer disputes a payment"), default=True
    )

    class Meta:
        verbose_name = _("queue freeze policy")
        verbose_name_plural = _("queue freeze policies")

    def __str__(self) -> str:
        return str(self.queue)
