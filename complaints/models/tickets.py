from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import DESK_STAFF_ROLES, Language
from config.bilingual import BilingualName

if TYPE_CHECKING:
    from accounts.models import User

# The longest description or message a customer may write, in the portal and the API.
TEXT_MAX_LENGTH = 20_000
# The longest "what would put it right" a complaint may carry.
REMEDY_MAX_LENGTH = 5_000


class Queue(BilingualName):
    class Assignment(models.TextChoices):
        MANUAL = "manual", _("Manual: agents take tickets")
        LEAST_LOADED = "least_loaded", _("Automatic: least-loaded agent")
        ROUND_ROBIN = "round_robin", _("Automatic: round-robin")

    name = models.CharField(_("name (English)"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="queues",
        limit_choices_to={"role__in": list(DESK_STAFF_ROLES)},
        verbose_name=_("agents"),
    )
    assignment = models.CharField(
        _("assignment on receipt"),
        max_length=16,
        choices=Assignment.choices,
        default=Assignment.LEAST_LOADED,
        help_text=_("How new tickets routed here get an assignee."),
    )
    last_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last assigned agent"),
    )

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name


class TicketSequence(models.Model):
    """The last reference number handed out in a year (WD-YYYY-NNNNNN)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


def _clock_flag(*, present: bool = True, **conditions: object) -> IsNull:
    """Whether the ticket has (present) or lacks an SLA clock matching conditions.

    A scalar LIMIT 1 subquery rather than EXISTS: PostgreSQL may run an EXISTS as
    one hashed scan of every matching clock before the LIMIT of a page applies; a
    probe per shown row stays constant at any table size (bench/README.md).
    """
    from sla.models import TicketClock  # sla's models import this module

    clocks = TicketClock.objects.filter(ticket=models.OuterRef("pk"), **conditions)
    return IsNull(models.Subquery(clocks.order_by().values("pk")[:1]), not present)


def ticket_visibility(user: "User", *, through: str = "") -> models.Q | None:
    """The condition on tickets (or rows reaching one through `through`) user may see.

    Customers see their own; agents the tickets of their queues, tickets assigned
    to them and unrouted tickets (the triage pool); supervisors and managers all
    of them (None: no condition). Rows that carry ticket data (notices, clocks,
    refund decisions) are scoped with the same condition, so no admin page shows
    an agent a ticket the ticket list hides.
    """
    prefix = f"{through}__" if through else ""
    if not user.is_authenticated or not user.is_active:
        return models.Q(pk__in=[])
    if user.role == user.Role.CUSTOMER:
        return models.Q(**{f"{prefix}customer": user})
    if user.role == user.Role.AGENT:
        member_of = Queue.agents.through.objects.filter(user_id=user.pk).values(
            "queue_id"
        )
        return (
            models.Q(**{f"{prefix}queue__in": member_of})
            | models.Q(**{f"{prefix}assignee": user})
            | models.Q(**{f"{prefix}queue__isnull": True})
        )
    return None


class TicketQuerySet(models.QuerySet["Ticket"]):
    def open(self) -> "TicketQuerySet":
        return self.exclude(status=Ticket.Status.RESOLVED)

    def with_sla_flags(self) -> "TicketQuerySet":
        """Annotate sla_breached (a clock recorded a missed deadline) and sla_paused
        (a running clock stands still), as Ticket.is_breached and list columns need.
        """
        return self.annotate(
            sla_breached=_clock_flag(breached_at__isnull=False),
            sla_paused=_clock_flag(stopped_at__isnull=True, paused_at__isnull=False),
        )

    def breached(self, *, now: datetime) -> "TicketQuerySet":
        """Tickets whose SLA is breached: Ticket.is_breached, in SQL."""
        return self.filter(
            _clock_flag(breached_at__isnull=False)
            | (models.Q(resolve_by__lt=now) & ~models.Q(status=Ticket.Status.RESOLVED))
        )

    def within_sla(self, *, now: datetime) -> "TicketQuerySet":
        """Open tickets that are not breached (the complement of breached, open)."""
        return self.open().filter(
            _clock_flag(present=False, breached_at__isnull=False),
            ~models.Q(resolve_by__lt=now),
        )

    def visible_to(self, user: "User") -> "TicketQuerySet":
        """Scope tickets to what a user may see (ticket_visibility)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        condition = ticket_visibility(user)
        return self if condition is None else self.filter(condition)


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


class QueueRoute(models.Model):
    """Route new tickets of a kind (and optionally a category) to a queue."""

    kind = models.CharField(_("kind"), max_length=24, choices=Ticket.Kind.choices)
    category = models.CharField(
        _("category"), max_length=24, choices=Ticket.Category.choices, blank=True
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.PROTECT, related_name="routes", verbose_name=_("queue")
    )

    class Meta:
        verbose_name = _("queue route")
        verbose_name_plural = _("queue routes")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "category"], name="queueroute_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} / {self.get_category_display() or '*'} → {self.queue}"


class TicketTransaction(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, related_name="transaction_links"
    )
    transaction = models.ForeignKey(
        "transactions.Transaction",
        on_delete=models.PROTECT,
        related_name="ticket_links",
        verbose_name=_("transaction"),
    )
    snapshot = models.JSONField(_("snapshot as filed"))
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked transaction")
        verbose_name_plural = _("linked transactions")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "transaction"], name="tickettx_unique"
            )
        ]

    def __str__(self) -> str:
        return self.snapshot.get("reference", str(self.transaction_id))


class StatusChange(models.Model):
    """One move in the status workflow: append-only audit."""

    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.PROTECT,
        related_name="status_changes",
        db_index=False,  # statuschange_ticket_idx leads with it
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=Ticket.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Ticket.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["ticket", "created_at"], name="statuschange_ticket_idx"
            ),
            # Reports: the few reopened tickets are the only ones whose history
            # must be read to know if they were open at an instant.
            models.Index(
                fields=["ticket", "created_at"],
                condition=models.Q(from_status="resolved", to_status="investigating"),
                name="statuschange_reopen_idx",
            ),
            # Reports: resolutions in a period without every other move of it.
            models.Index(
                fields=["created_at", "ticket"],
                condition=models.Q(to_status="resolved"),
                name="statuschange_resolved_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"

    def note_for_customer(self, *, customer_id: int) -> str:
        """The part of this move's note its customer may read.

        Staff notes on moves are internal; a customer's own reopen reason is theirs.
        The portal, the tracking page and the customer API all show this.
        """
        return self.note if self.actor_id == customer_id else ""


class TicketHold(models.Model):
    """Waiting on the customer or a third party: pauses the SLA clock.

    A hold on the customer carries its request: the public message that asks them
    for something (request). The customer sees the request, or that the ticket
    waits on a third party; the note stays internal.
    """

    class WaitingOn(models.TextChoices):
        CUSTOMER = "customer", _("Waiting on the customer")
        THIRD_PARTY = "third_party", _("Waiting on a third party")

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="holds")
    waiting_on = models.CharField(
        _("waiting on"), max_length=16, choices=WaitingOn.choices
    )
    note = models.TextField(_("note"), blank=True)
    request = models.OneToOneField(
        "complaints.Message",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hold_request",
        verbose_name=_("request to the customer"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(ended_at__isnull=True),
                name="tickethold_one_open_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_waiting_on_display()} ({date_format(timezone.localtime(self.started_at))})"


class TicketPresence(models.Model):
    """Who has a ticket open in the workspace, refreshed by a heartbeat POST."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="presences"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("open ticket view")
        verbose_name_plural = _("open ticket views")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "user"], name="ticketpresence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.ticket_id}"
