"""A ticket's clocks (one row per deadline and cycle) and their event trail."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sla.models.choices import ClockUnit, PauseReason
from sla.models.profiles import RegimeProfile


class TicketClock(models.Model):
    """One deadline of one ticket; a reopen starts a new cycle and keeps the old row."""

    class Kind(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Acknowledge")
        INTERIM = "interim", _("Interim duty")
        RESOLVE = "resolve", _("Resolve")

    class StopReason(models.TextChoices):
        FULFILLED = "fulfilled", _("Fulfilled")
        SUPERSEDED = "superseded", _("Superseded by a new clock")

    ticket = models.ForeignKey(
        "complaints.Ticket",
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("ticket"),
        db_index=False,  # ticketclock_unique_cycle leads with it
    )
    kind = models.CharField(_("clock"), max_length=16, choices=Kind.choices)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    profile = models.ForeignKey(
        RegimeProfile,
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("profile"),
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    amount = models.PositiveSmallIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=16, choices=ClockUnit.choices)
    started_at = models.DateTimeField(
        _("started at"), help_text=_("Receipt, or the reopen, that started this clock.")
    )
    counted_from = models.DateTimeField(
        _("counted from"), help_text=_("After the cut-off and non-business days.")
    )
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("warn at"))
    extension_level = models.PositiveSmallIntegerField(_("extensions"), default=0)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_total = models.DurationField(_("time paused"), default=timedelta)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breach recorded at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    stop_reason = models.CharField(
        _("stop reason"), max_length=16, choices=StopReason.choices, blank=True
    )
    band = models.CharField(
        _("time band"),
        max_length=50,
        blank=True,
        help_text=_("Set when the clock stops."),
    )

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["ticket", "kind", "cycle"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "kind", "cycle"], name="ticketclock_unique_cycle"
            ),
            models.UniqueConstraint(
                fields=["ticket", "kind"],
                condition=models.Q(stopped_at__isnull=True),
                name="ticketclock_one_running",
            ),
        ]
        indexes = [
            # The periodic check reads only running clocks.
            models.Index(
                fields=["warn_at"],
                condition=models.Q(stopped_at__isnull=True, warned_at__isnull=True),
                name="ticketclock_to_warn_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=models.Q(stopped_at__isnull=True, breached_at__isnull=True),
                name="ticketclock_to_breach_idx",
            ),
            # The workspace's "breached" and "paused" badges probe these per ticket.
            models.Index(
                fields=["ticket"],
                condition=models.Q(breached_at__isnull=False),
                name="ticketclock_breached_idx",
            ),
            models.Index(
                fields=["ticket"],
                condition=models.Q(paused_at__isnull=False, stopped_at__isnull=True),
                name="ticketclock_paused_idx",
            ),
            # Reports: clocks due in a period (breach rates), resolve clocks stopped
            # in a period (time bands).
            models.Index(fields=["due_at"], name="ticketclock_due_idx"),
            models.Index(fields=["kind", "stopped_at"], name="ticketclock_stopped_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.cycle}"

    @property
    def is_running(self) -> bool:
        return self.stopped_at is None

    @property
    def is_breached(self) -> bool:
        return self.breached_at is not None


class ClockEvent(models.Model):
    """Append-only audit of every clock change: who, when, why, old and new due."""

    class Kind(models.TextChoices):
        START = "start", _("Started")
        EXTEND = "extend", _("Extended")
        PAUSE = "pause", _("Paused")
        RESUME = "resume", _("Resumed")
        REOPEN = "reopen", _("Restarted on reopen")
        WARN = "warn", _("Warning sent")
        BREACH = "breach", _("Breached")
        STOP = "stop", _("Stopped")

    clock = models.ForeignKey(
        TicketClock,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("clock"),
        db_index=False,  # clockevent_clock_idx leads with it
    )
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    pause_reason = models.CharField(
        _("pause reason"), max_length=24, choices=PauseReason.choices, blank=True
    )
    extension_level = models.PositiveSmallIntegerField(
        _("extension step"), null=True, blank=True
    )
    old_due_at = models.DateTimeField(_("old deadline"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("new deadline"), null=True, blank=True)
    notice = models.ForeignKey(
        "complaints.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer notice"),
    )

    class Meta:
        verbose_name = _("clock event")
        verbose_name_plural = _("clock events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["clock", "at"], name="clockevent_clock_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
