from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from config.bilingual import BilingualName
from sla.calendars import BusinessCalendar, Unit


def ticket_model() -> type[models.Model]:
    """The ticket model the clocks belong to, by their "complaints.Ticket" relation.

    sla names tickets only by that string, so it imports nothing of complaints;
    the model is resolved once the apps are loaded.
    """
    return TicketClock._meta.get_field("ticket").related_model


def ticket_kinds() -> list[tuple[str, str]]:
    """The kinds a profile can be assigned to: the ticket model's Kind choices."""
    return ticket_model().Kind.choices


class ClockUnit(models.TextChoices):
    HOURS = Unit.HOURS.value, _("hours")
    CALENDAR_DAYS = Unit.CALENDAR_DAYS.value, _("calendar days")
    BUSINESS_DAYS = Unit.BUSINESS_DAYS.value, _("business days")


class PauseReason(models.TextChoices):
    CUSTOMER = "customer", _("Waiting on the customer")
    THIRD_PARTY = "third_party", _("Waiting on a third party")
    EXTERNAL_APPRAISAL = "external_appraisal", _("External appraisal or testing")


class Calendar(BilingualName):
    """A jurisdiction's business days: working week, cut-off and dated exceptions."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    timezone = models.CharField(
        _("timezone"),
        max_length=64,
        help_text=_("An IANA name, such as Asia/Shanghai."),
    )
    weekend_days = models.JSONField(
        _("weekend days"),
        default=list,
        help_text=_(
            "ISO weekday numbers that are not working days: 6 = Saturday, 7 = Sunday."
        ),
    )
    cutoff = models.TimeField(
        _("cut-off time"),
        null=True,
        blank=True,
        help_text=_(
            "A receipt at or after this local time counts from the next business day."
        ),
    )

    class Meta:
        verbose_name = _("business-day calendar")
        verbose_name_plural = _("business-day calendars")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def clean(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValidationError({"timezone": _("Unknown timezone.")}) from error
        days = self.weekend_days
        if not isinstance(days, list) or any(
            not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 7
            for day in days
        ):
            raise ValidationError(
                {"weekend_days": _("Give a list of weekday numbers from 1 to 7.")}
            )
        if len(set(days)) == 7:
            raise ValidationError({"weekend_days": _("A week needs a working day.")})

    def business_calendar(self, overrides: dict[date, bool]) -> BusinessCalendar:
        """The pure calendar the clock arithmetic runs on."""
        return BusinessCalendar(
            timezone=ZoneInfo(self.timezone),
            weekend=frozenset(self.weekend_days),
            cutoff=self.cutoff,
            overrides=overrides,
        )


class CalendarDay(models.Model):
    """A public holiday, or a make-up working day (调休) on a weekend."""

    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("calendar"),
    )
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_("Ticked for a make-up working day; unticked for a holiday."),
    )
    name = models.CharField(_("name"), max_length=100)
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_(
            "Derived from the usual pattern before the official notice; check it."
        ),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"], name="calendarday_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{date_format(self.date)} {self.name}"


class RegimeProfile(BilingualName):
    """A regulatory regime's clocks: acknowledge, interim duty, resolve, extensions."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name=_("calendar"),
    )
    is_default = models.BooleanField(
        _("default profile"),
        default=False,
        help_text=_("Used when no assignment matches a ticket's queue or kind."),
    )
    ack_amount = models.PositiveSmallIntegerField(_("acknowledge within"))
    ack_unit = models.CharField(
        _("acknowledge unit"), max_length=16, choices=ClockUnit.choices
    )
    interim_label = models.CharField(
        _("interim duty"),
        max_length=100,
        blank=True,
        help_text=_(
            "For example: decide, or credit provisionally. Leave empty for none."
        ),
    )
    interim_amount = models.PositiveSmallIntegerField(
        _("interim duty within"), null=True, blank=True
    )
    interim_unit = models.CharField(
        _("interim duty unit"), max_length=16, choices=ClockUnit.choices, blank=True
    )
    resolve_amount = models.PositiveSmallIntegerField(_("resolve within"))
    resolve_unit = models.CharField(
        _("resolve unit"), max_length=16, choices=ClockUnit.choices
    )
    rolls_to_business_day = models.BooleanField(
        _("calendar-day deadlines move off holidays"),
        default=False,
        help_text=_(
            "A calendar-day deadline that is not a business day moves to the next one."
        ),
    )
    warn_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format  # noqa: ERA001 - a gettext directive, not code
        _("warn at (% of the clock)"),
        default=80,
    )
    pause_for_customer = models.BooleanField(
        _("waiting on the customer pauses the clock"), default=False
    )
    pause_for_third_party = models.BooleanField(
        _("waiting on a third party pauses the clock"), default=False
    )
    pause_for_external_appraisal = models.BooleanField(
        _("external appraisal pauses the clock"), default=False
    )
    time_bands = models.JSONField(
        _("report time bands"),
        default=list,
        blank=True,
        help_text=_(
            'Closed within: a list of {"label": "≤ 15 BD", "amount": 15, "unit": "business_days"}; '
            "the last band may have no amount (everything later)."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("keep personal data for (days)"),
        default=1825,
        help_text=_(
            "Days after a ticket is resolved before its personal data is removed; "
            "the figures stay."
        ),
    )
    is_on_legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("While set, no ticket under this profile is redacted."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("regime profile")
        verbose_name_plural = _("regime profiles")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="regimeprofile_one_default",
            ),
            models.CheckConstraint(
                condition=models.Q(warn_percent__gte=1, warn_percent__lte=99),
                name="regimeprofile_warn_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        has_interim = [
            bool(self.interim_label),
            self.interim_amount is not None,
            bool(self.interim_unit),
        ]
        if any(has_interim) and not all(has_interim):
            raise ValidationError(
                _(
                    "An interim duty needs a label, an amount and a unit, or none of them."
                )
            )
        bands = self.time_bands
        valid = isinstance(bands, list) and all(
            isinstance(band, dict)
            and isinstance(band.get("label"), str)
            and (
                band.get("amount") is None
                or (
                    isinstance(band.get("amount"), int)
                    and band.get("unit") in ClockUnit.values
                )
            )
            for band in bands
        )
        if not valid:
            raise ValidationError(
                {"time_bands": _("Each band needs a label, and an amount with a unit.")}
            )

    def allows_pause(self, reason: str) -> bool:
        return {
            PauseReason.CUSTOMER: self.pause_for_customer,
            PauseReason.THIRD_PARTY: self.pause_for_third_party,
            PauseReason.EXTERNAL_APPRAISAL: self.pause_for_external_appraisal,
        }.get(reason, False)


class ExtensionStep(models.Model):
    """One allowed extension of the resolve clock, as a new total from receipt."""

    class ApprovalRole(models.TextChoices):
        NONE = "", _("No approval needed")
        SUPERVISOR = "supervisor", _("A supervisor")
        MANAGER = "manager", _("A manager (senior management)")

    profile = models.ForeignKey(
        RegimeProfile,
        on_delete=models.CASCADE,
        related_name="extension_steps",
        verbose_name=_("profile"),
    )
    order = models.PositiveSmallIntegerField(_("step"))
    amount = models.PositiveSmallIntegerField(_("new total"))
    unit = models.CharField(_("unit"), max_length=16, choices=ClockUnit.choices)
    approval_role = models.CharField(
        _("approved by"),
        max_length=16,
        choices=ApprovalRole.choices,
        blank=True,
        default=ApprovalRole.NONE,
    )
    needs_notice = models.BooleanField(
        _("customer notice first"),
        default=True,
        help_text=_(
            "An extension notice is queued to the customer before the deadline moves."
        ),
    )
    description = models.CharField(_("when it applies"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("extension step")
        verbose_name_plural = _("extension steps")
        ordering = ["profile", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "order"], name="extensionstep_unique_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.amount} {self.get_unit_display()}"


class ProfileAssignment(models.Model):
    """Which profile a queue, or a kind (optionally one category), runs under."""

    queue = models.OneToOneField(
        "complaints.Queue",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="regime_assignment",
        verbose_name=_("queue"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=24,
        choices=ticket_kinds,
        blank=True,
    )
    # No choices: the category list belongs to the ticket model and grows there;
    # clean() asks the ticket model whether a category fits the kind.
    category = models.CharField(_("category"), max_length=24, blank=True)
    profile = models.ForeignKey(
        RegimeProfile,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("profile"),
    )

    class Meta:
        verbose_name = _("profile assignment")
        verbose_name_plural = _("profile assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(queue__isnull=False, kind="", category="")
                    | models.Q(queue__isnull=True) & ~models.Q(kind="")
                ),
                name="profileassignment_queue_or_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "category"],
                condition=models.Q(queue__isnull=True),
                name="profileassignment_unique_kind",
            ),
        ]

    def __str__(self) -> str:
        target = (
            str(self.queue) if self.queue_id else f"{self.kind}/{self.category or '*'}"
        )
        return f"{target} → {self.profile}"

    def clean(self) -> None:
        if self.queue_id is None and not self.kind:
            raise ValidationError(_("Choose a queue or a kind."))
        if self.queue_id is not None and (self.kind or self.category):
            raise ValidationError(_("Choose a queue or a kind, not both."))
        ticket = ticket_model()
        if self.kind and self.kind not in ticket.Kind.values:
            raise ValidationError({"kind": _("Unknown kind.")})
        if self.category:
            # The ticket model's own rule: its clean() refuses a foreign category.
            ticket(kind=self.kind, category=self.category).clean()


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
