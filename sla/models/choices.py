"""The choices the SLA models share: clock units, pause reasons, ticket kinds."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from sla.calendars import Unit


def ticket_model() -> type[models.Model]:
    """The ticket model the clocks belong to, by their "complaints.Ticket" relation.

    sla names tickets only by that string, so it imports nothing of complaints;
    the model is resolved once the apps are loaded.
    """
    clock = apps.get_model("sla", "TicketClock")
    return clock._meta.get_field("ticket").related_model


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
