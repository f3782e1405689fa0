from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.tickets import Ticket


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
