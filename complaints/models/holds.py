from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from complaints.models.tickets import Ticket


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
