"""How many open tickets each agent holds, kept current by the services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgentLoad(models.Model):
    """An agent's open assigned tickets, for least-loaded assignment.

    Counting the open tickets of a queue's agents on every filing read one index
    entry per open ticket (tens of thousands at a million tickets, bench/README.md).
    The services that assign, resolve and reopen change this count in their own
    transaction (complaints.services.loads); beat recounts it hourly from the
    tickets and logs any difference.
    """

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="open_load",
        verbose_name=_("agent"),
    )
    open_tickets = models.IntegerField(_("open tickets"), default=0)

    class Meta:
        verbose_name = _("agent load")
        verbose_name_plural = _("agent loads")

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.open_tickets}"
