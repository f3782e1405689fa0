from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Language
from complaints.models.querysets import TicketQuerySet
from complaints.models.queues import Queue

# The longest description or message a customer may write, in the portal and the API.
TEXT_MAX_LENGTH = 20_000
# The longest "what would put it right" a complaint may carry.
REMEDY_MAX_LENGTH = 5_000


class TicketSequence(models.Model):
    """The last reference number handed out in a year (WD-YYYY-NNNNNN)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Ticket(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        MISOPERATION_REFUND = "misoperation_refund", _("Misoperation refund request")
        CANCELLED_TX_INQUIRY = (
            "cancelled_tx_inquiry",
            _("Cancelled-transaction inquiry"),
        )

    class Category(models.TextChoices):
        TRANSFER_FAILED = "transfer_failed", _("Transfer failed")
        BALANCE_WRONG = "balance_wrong", _("Balance shown wrong")
        PAYMENT_NOT_RECEIVED = "payment_not_received", _("Payment not received")
        UNAUTHORIZED = "unauthorized", _("Unauthorized transaction")
        ACCOUNT_ACCESS = "account_access", _("Cannot log in / account locked")
        FEES = "fees", _("Fees")
        SERVICE_QUALITY = "service_quality", _("Service quality")
        OTHER = "other", _("Other")
        WRONG_RECIPIENT = "wrong_recipient", _("Wrong recipient")
        WRONG_AMOUNT = "wrong_amount", _("Wrong amount")
        DUPLICATE_PAYMENT = "duplicate_payment", _("Duplicate payment")
        CANCELLED_TRANSACTION = "cancelled_transaction", _("Cancelled transaction")

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        INVESTIGATING = "investigating", _("Investigating")
        RESOLVED = "resolved", _("Resolved")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        PARTIALLY_UPHELD = "partially_upheld", _("Partially upheld")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DUPLICATE = "duplicate", _("Duplicate")

    class RootCause(models.TextChoices):
        SERVICE_QUALITY = "service_quality", _("Service attitude or quality")
        SYSTEM_FAILURE = "system_failure", _("System or facility failure")
        PROCESS_DESIGN = "process_design", _("Rules and process design")
        DISCLOSURE = "disclosure", _("Information disclosure or UI clarity")
        FEES_FX = "fees_fx", _("Fees, charges and FX")
        CONTRACT_TERMS = "contract_terms", _("Contract terms")
        FUND_SECURITY = "fund_security", _("Fund security (fraud, unauthorized)")
        INFORMATION_SECURITY = "information_security", _("Information security")
        RISK_COMPLIANCE = "risk_compliance", _("Risk-control or compliance action")
        THIRD_PARTY = "third_party", _("Partner or third-party failure")
        CUSTOMER_INPUT = "customer_input", _("Customer input error")
        MARKETING = "marketing", _("Marketing")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, editable=False
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("customer"),
        db_index=False,  # ticket_customer_recent_idx leads with it
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    received_at = models.DateTimeField(
        _("received at"),
        help_text=_("First contact on any channel; clocks start here."),
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    queue = models.ForeignKey(
        Queue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("queue"),
        db_index=False,  # ticket_queue_status_idx leads with it
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
        db_index=False,  # ticket_assignee_status_idx leads with it
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.RECEIVED,
        editable=False,
    )
    acknowledged_at = models.DateTimeField(
        _("acknowledged at"), null=True, editable=False
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, editable=False)
    resolve_by = models.DateTimeField(_("resolve by"), null=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    outcome_amount = models.DecimalField(
        _("refund or compensation amount"),
        max_digits=20,
        decimal_places=8,
        null=True,
        blank=True,
        editable=False,
    )
    outcome_currency = models.CharField(
        _("refund or compensation currency"), max_length=12, blank=True, editable=False
    )
    resolution_summary = models.TextField(
        _("resolution summary"), blank=True, editable=False
    )
    root_cause = models.CharField(
        _("root cause"), max_length=24, choices=RootCause.choices, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, editable=False)
    rating_comment = models.TextField(_("rating comment"), blank=True, editable=False)
    rated_at = models.DateTimeField(_("rated at"), null=True, editable=False)
    client_token = models.CharField(
        _("submission key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "Makes a repeated submission return the ticket it already created."
        ),
    )
    is_on_legal_hold = models.BooleanField(
        _("on legal hold"),
        default=False,
        help_text=_(
            "Kept in full, never redacted, while a dispute, inquiry or court order "
            "needs the record."
        ),
    )
    redacted_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["customer", "-received_at"], name="ticket_customer_recent_idx"
            ),
            models.Index(
                fields=["status", "-received_at"], name="ticket_status_recent_idx"
            ),
            models.Index(
                fields=["assignee", "status"], name="ticket_assignee_status_idx"
            ),
            models.Index(fields=["queue", "status"], name="ticket_queue_status_idx"),
            models.Index(fields=["kind", "category"], name="ticket_kind_category_idx"),
            models.Index(fields=["-received_at", "-id"], name="ticket_recent_idx"),
            # Staff search joins its matches to the agent's scope (queue or
            # assignee) newest first: an index-only merge join (PostgreSQL).
            models.Index(
                fields=["id"], include=["queue", "assignee"], name="ticket_scope_idx"
            ),
            # The "due soon" and "breached" views look only at open tickets.
            models.Index(
                fields=["resolve_by"],
                condition=~models.Q(status="resolved"),
                name="ticket_open_resolve_by_idx",
            ),
            # "My open tickets" and least-loaded assignment read only open tickets
            # per assignee: a few percent of the table once history piles up.
            models.Index(
                fields=["assignee", "-received_at", "-id"],
                condition=~models.Q(status="resolved"),
                name="ticket_open_assignee_idx",
            ),
            # The open-ticket limit checked on every filing: a customer with
            # thousands of resolved tickets has few open ones.
            models.Index(
                fields=["customer"],
                condition=~models.Q(status="resolved"),
                name="ticket_open_customer_idx",
            ),
            # Reports count tickets resolved in a period and those still open at
            # its start (resolved_at IS NULL or after it): a range and a NULL probe.
            models.Index(fields=["resolved_at"], name="ticket_resolved_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["received", "acknowledged", "investigating", "resolved"]
                ),
                name="ticket_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="ticket_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="resolved") | ~models.Q(outcome=""),
                name="ticket_resolved_has_outcome",
            ),
            models.UniqueConstraint(
                fields=["customer", "client_token"],
                condition=~models.Q(client_token=""),
                name="ticket_unique_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:ticket_detail", args=[self.reference])

    def clean(self) -> None:
        allowed = CATEGORIES_BY_KIND.get(self.kind, frozenset())
        if self.category and self.category not in allowed:
            raise ValidationError(
                {"category": _("This category does not belong to this kind of ticket.")}
            )

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED

    def is_breached(self, *, now: datetime) -> bool:
        """Whether the SLA is breached: the one rule the portal, admin and API use.

        Breached when a clock recorded a missed deadline (that stays after the
        ticket is resolved), or the ticket is still open past its resolve-by.
        Reads the sla_breached flag of TicketQuerySet.with_sla_flags();
        TicketQuerySet.breached says the same in SQL.
        """
        past_due = self.resolve_by is not None and self.resolve_by < now
        return bool(self.sla_breached) or (self.is_open and past_due)

    @property
    def customer_status_label(self) -> str:
        """The status as the customer sees it; internal holds stay invisible."""
        return self.get_status_display()


CATEGORIES_BY_KIND: dict[str, frozenset[str]] = {
    Ticket.Kind.COMPLAINT: frozenset(
        {
            Ticket.Category.TRANSFER_FAILED,
            Ticket.Category.BALANCE_WRONG,
            Ticket.Category.PAYMENT_NOT_RECEIVED,
            Ticket.Category.UNAUTHORIZED,
            Ticket.Category.ACCOUNT_ACCESS,
            Ticket.Category.FEES,
            Ticket.Category.SERVICE_QUALITY,
            Ticket.Category.OTHER,
        }
    ),
    Ticket.Kind.MISOPERATION_REFUND: frozenset(
        {
            Ticket.Category.WRONG_RECIPIENT,
            Ticket.Category.WRONG_AMOUNT,
            Ticket.Category.DUPLICATE_PAYMENT,
        }
    ),
    Ticket.Kind.CANCELLED_TX_INQUIRY: frozenset(
        {Ticket.Category.CANCELLED_TRANSACTION}
    ),
}
# Complaints in these categories may be filed without a transaction.
CATEGORIES_WITHOUT_TRANSACTION = frozenset(
    {
        Ticket.Category.ACCOUNT_ACCESS,
        Ticket.Category.SERVICE_QUALITY,
        Ticket.Category.OTHER,
        Ticket.Category.BALANCE_WRONG,
    }
)
