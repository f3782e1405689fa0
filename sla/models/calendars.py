"""Business calendars and their holidays and make-up working days."""

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from config.bilingual import BilingualName
from sla.calendars import BusinessCalendar


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
