from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.tickets import Ticket


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
