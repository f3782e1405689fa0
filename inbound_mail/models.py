from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    """One message read from a support mailbox, kept whatever became of it.

    The unique message_id is what makes processing exactly-once: a poller that
    dies after recording a message and before flagging it on the server reads it
    again, finds the row and only flags it.
    """

    class State(models.TextChoices):
        REPLY = "reply", _("Added to its ticket")
        TICKET = "ticket", _("Filed as a new ticket")
        PENDING_CONTACT = "pending_contact", _("Pending contact: no customer matched")
        DROPPED = "dropped", _("Dropped (auto-reply, bounce or loop)")
        QUARANTINED = "quarantined", _("Quarantined")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    mailbox = models.CharField(_("mailbox"), max_length=255)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    reason = models.TextField(_("reason"), blank=True)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer"),
    )
    ticket = models.ForeignKey(
        "complaints.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticket"),
    )

    class Meta:
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-received_at"], name="inbound_state_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "reply",
                        "ticket",
                        "pending_contact",
                        "dropped",
                        "quarantined",
                    ]
                ),
                name="inbound_state_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"
