from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Language
from complaints.models.conversation import Message
from complaints.models.history import StatusChange
from complaints.models.tickets import Ticket


class Notice(models.Model):
    """One notice to one person: the outbox row and the in-app notice in one.

    Written in the transaction of the event that causes it, delivered after commit by
    a Celery task, re-dispatched by beat while sent_at is empty.
    """

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
        PROGRESS = "progress", _("Progress update")
        RESOLUTION = "resolution", _("Resolution")
        SATISFACTION_REQUEST = "satisfaction_request", _("Satisfaction request")
        SLA_WARNING = "sla_warning", _("SLA warning")
        SLA_BREACH = "sla_breach", _("SLA breach")
        SPIKE_ALERT = "spike_alert", _("Spike alert")
        # reports: a background ticket export is ready to download.
        EXPORT_READY = "export_ready", _("Export ready")
        # wallet_actions: a payment the wallet core found unusual.
        PAYMENT_CHECK = "payment_check", _("Did you make this payment?")
        PAYMENT_CHECK_ESCALATED = (
            "payment_check_escalated",
            _("Unanswered payment check"),
        )
        # wallet_actions: the wallet core confirmed a payout, freeze or hold.
        WALLET_ACTION_DONE = "wallet_action_done", _("Done in your wallet")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, related_name="notices", null=True, blank=True
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("recipient"),
        db_index=False,  # notice_recipient_idx leads with it
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    status_change = models.ForeignKey(
        StatusChange, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # sent_at: every channel is done. Each outgoing channel stamps its own send
    # in its own commit, so a retry after an SMS failure never resends the email.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    dispatch_count = models.PositiveSmallIntegerField(_("dispatches"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The notices list, newest first: at 1,000,000 tickets its page
            # sorted every notice (155 ms) without it.
            models.Index(fields=["-created_at", "-id"], name="notice_recent_idx"),
            models.Index(
                fields=["recipient", "-created_at"], name="notice_recipient_idx"
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
                name="notice_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
