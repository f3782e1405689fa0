from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from complaints.models import Notice, Ticket
from complaints.models.conversation import private_storage
from config.bilingual import BilingualName
from reports.models.bookkeeping import (
    OpenSnapshotWeek,
    RollupPending,
    TicketRollup,
    TransactionDay,
)
from reports.models.rollups import (
    AgentDetailFigure,
    AgentDimensionFigure,
    AgentFigure,
    DailyFigure,
    SummaryDimensionFigure,
    SummaryFigure,
)
from transactions.models import Transaction

__all__ = [
    "AgentDetailFigure",
    "AgentDimensionFigure",
    "AgentFigure",
    "DailyFigure",
    "OpenSnapshotWeek",
    "RollupPending",
    "SpikeAlert",
    "SpikeRule",
    "SummaryDimensionFigure",
    "SummaryFigure",
    "TicketExport",
    "TicketRollup",
    "TransactionDay",
]


class SpikeRule(BilingualName):
    """Alert when a window's volume crosses a multiple of its trailing baseline.

    The baseline is the mean of the baseline_windows complete windows before the
    window checked. An alert needs both the ratio and the minimum count, so a quiet
    category going from 1 to 3 tickets raises nothing.
    """

    class Metric(models.TextChoices):
        TICKETS_BY_CATEGORY = "tickets_by_category", _("Tickets per category")
        TRANSACTIONS_BY_TYPE = "transactions_by_type", _("Transactions per type")
        CANCELLATIONS_BY_TYPE = (
            "cancellations_by_type",
            _("Cancelled transactions per type"),
        )

    class Window(models.TextChoices):
        HOUR = "hour", _("Hourly")
        DAY = "day", _("Daily")

    name = models.CharField(_("name (English)"), max_length=100)
    metric = models.CharField(_("metric"), max_length=24, choices=Metric.choices)
    window = models.CharField(_("window"), max_length=8, choices=Window.choices)
    baseline_windows = models.PositiveSmallIntegerField(
        _("baseline windows"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("How many earlier windows the baseline averages."),
    )
    threshold_ratio = models.DecimalField(
        _("threshold ratio"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_("Alert when a window reaches this multiple of the baseline."),
    )
    min_count = models.PositiveIntegerField(
        _("minimum count"),
        default=10,
        help_text=_("Alert only when a window has at least this many."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spike rule")
        verbose_name_plural = _("spike rules")
        ordering = ["metric", "window", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold_ratio__gte=1),
                name="spikerule_ratio_at_least_one",
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_windows__gte=1, baseline_windows__lte=90),
                name="spikerule_baseline_windows_range",
            ),
        ]

    def key_label(self, key: str) -> str:
        """The readable name of a category or transaction type this rule counts."""
        choices = (
            Ticket.Category
            if self.metric == self.Metric.TICKETS_BY_CATEGORY
            else Transaction.Type
        )
        return str(dict(choices.choices).get(key, key))


class SpikeAlert(models.Model):
    """One crossed threshold: recorded once per rule, window and key."""

    rule = models.ForeignKey(
        SpikeRule,
        on_delete=models.PROTECT,
        related_name="alerts",
        verbose_name=_("rule"),
    )
    key = models.CharField(
        _("category or type"),
        max_length=32,
        help_text=_("The ticket category or transaction type that spiked."),
    )
    window_start = models.DateTimeField(_("window start"))
    window_end = models.DateTimeField(_("window end"))
    count = models.PositiveIntegerField(_("count"))
    baseline = models.DecimalField(
        _("baseline (mean per window)"), max_digits=12, decimal_places=2
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    notices = models.ManyToManyField(
        "complaints.Notice",
        blank=True,
        # The notice renders its alert through this name (complaints.notices).
        related_name="spike_alerts",
        verbose_name=_("notices"),
    )

    class Meta:
        verbose_name = _("spike alert")
        verbose_name_plural = _("spike alerts")
        ordering = ["-window_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "window_start", "key"], name="spikealert_once"
            )
        ]
        indexes = [models.Index(fields=["-window_start"], name="spikealert_recent_idx")]

    def __str__(self) -> str:
        return f"{self.rule} {self.key} {date_format(timezone.localtime(self.window_start), 'DATETIME_FORMAT')}"

    @property
    def key_label(self) -> str:
        return self.rule.key_label(self.key)

    @property
    def ratio(self) -> Decimal | None:
        """How many times the baseline this window reached; None over a zero baseline."""
        if not self.baseline:
            return None
        return (Decimal(self.count) / self.baseline).quantize(Decimal("0.1"))


class TicketExport(models.Model):
    """One background export of the tickets of a period: who asked, what, how far.

    Written by reports.exports (started by a manager, filled by a Celery task,
    expired by beat). The file lives in private storage and is served only to the
    person who asked, until expires_at.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end (exclusive)"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(
        _("file"), upload_to="exports/", storage=private_storage, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    notice = models.ForeignKey(
        Notice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticket_exports",
        verbose_name=_("notice"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket export")
        verbose_name_plural = _("ticket exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requested_by", "-created_at"], name="ticketexport_owner_idx"
            ),
            models.Index(
                fields=["expires_at"],
                condition=models.Q(state="done"),
                name="ticketexport_expiry_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requested_by} {self.period_start:%Y-%m-%d} {self.state}"

    @property
    def period_last_day(self) -> date:
        """The period's last day in the site's zone (period_end is exclusive)."""
        return timezone.localtime(self.period_end - timedelta(microseconds=1)).date()

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    def is_downloadable(self, *, now: datetime) -> bool:
        return (
            self.state == self.State.DONE
            and bool(self.file)
            and self.expires_at is not None
            and now < self.expires_at
        )
