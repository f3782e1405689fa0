from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.tickets import Ticket


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
