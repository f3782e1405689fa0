"""Regime profiles (a regulator's clocks), their extension steps and assignments."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.bilingual import BilingualName
from sla.bands import said_in_weeks
from sla.models.calendars import Calendar
from sla.models.choices import ClockUnit, PauseReason, ticket_kinds, ticket_model


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
            "the last band may have no amount (everything later). A band of whole weeks "
            'of calendar days marked "said_in": "weeks" is shown in weeks.'
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
            and ("said_in" not in band or said_in_weeks(band))
            for band in bands
        )
        if not valid:
            raise ValidationError(
                {
                    "time_bands": _(
                        "Each band needs a label, and an amount with a unit; a band "
                        'said in weeks ("said_in": "weeks") needs whole weeks of '
                        "calendar days."
                    )
                }
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
