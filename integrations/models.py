import secrets
from typing import TYPE_CHECKING

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from datetime import datetime


class Event(models.TextChoices):
    """What the wallet core can subscribe to."""

    TICKET_CREATED = "ticket.created", _("Ticket created")
    TICKET_STATUS_CHANGED = "ticket.status_changed", _("Ticket status changed")
    REFUND_APPROVED = "refund.approved", _("Refund approved")
    # Sent to one endpoint (the core), which answers on the action's callback.
    WALLET_ACTION_REQUESTED = "wallet_action.requested", _("Wallet action requested")
    PAYMENT_CHECK_ANSWERED = "payment_check.answered", _("Payment check answered")


def webhook_secret_new() -> str:
    return secrets.token_hex(32)


class WebhookEndpoint(models.Model):
    """A URL of the wallet core that receives signed event POSTs."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=128,
        default=webhook_secret_new,
        help_text=_(
            "Shared with the receiver, which checks the X-Walletdesk-Signature "
            "header with it."
        ),
    )
    events = models.JSONField(
        _("events"),
        default=list,
        blank=True,
        help_text=_("The events this endpoint receives."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint: the outbox row, written in the event's transaction.

    The body is fixed when the row is written, so every attempt sends the same
    bytes; each attempt signs them with a fresh timestamp.
    """

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    event_id = models.UUIDField(
        _("event id"),
        help_text=_("The same for every endpoint; receivers deduplicate on it."),
    )
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    dispatch_count = models.PositiveSmallIntegerField(_("dispatches"), default=0)
    response_status = models.PositiveSmallIntegerField(
        _("last response status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
                name="webhookdelivery_unsent_idx",
            ),
            models.Index(fields=["event_id"], name="webhookdelivery_event_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhookdelivery_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class SystemApiKey(models.Model):
    """A key the wallet core calls the system API with; only a hash is stored.

    The caller sends ``<prefix>.<secret>``; the prefix finds the row, the secret's
    SHA-256 is compared in constant time. Rotation issues a successor while this
    key keeps working until ``expires_at`` (the grace period) or until revoked.
    """

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    rotated_at = models.DateTimeField(
        _("rotated at"), null=True, blank=True, editable=False
    )
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    expires_at = models.DateTimeField(
        _("works until"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by rotation: the old key keeps working until then."),
    )
    revoked_at = models.DateTimeField(
        _("revoked at"), null=True, blank=True, editable=False
    )
    last_used_at = models.DateTimeField(
        _("last used at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("system API key")
        verbose_name_plural = _("system API keys")
        ordering = ["name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable_at(self, moment: "datetime") -> bool:
        """Whether the key authenticates at this moment (not revoked, not expired)."""
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or moment < self.expires_at
