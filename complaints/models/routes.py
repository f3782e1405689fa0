from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.queues import Queue
from complaints.models.tickets import Ticket


class QueueRoute(models.Model):
    """Route new tickets of a kind (and optionally a category) to a queue."""

    kind = models.CharField(_("kind"), max_length=24, choices=Ticket.Kind.choices)
    category = models.CharField(
        _("category"), max_length=24, choices=Ticket.Category.choices, blank=True
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.PROTECT, related_name="routes", verbose_name=_("queue")
    )

    class Meta:
        verbose_name = _("queue route")
        verbose_name_plural = _("queue routes")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "category"], name="queueroute_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} / {self.get_category_display() or '*'} → {self.queue}"
