from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from complaints.models.tickets import Ticket


class Message(models.Model):
    """A public reply (customer or staff) or an internal note (staff only)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    is_internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["ticket", "is_internal", "created_at"],
                name="message_ticket_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket.reference} #{self.pk}"


def evidence_upload_to(instance: "Attachment", filename: str) -> str:
    # The stored name never reuses the customer's file name: it could carry path
    # tricks or personal data; the original is kept in original_name for display.
    return f"evidence/{instance.ticket.reference}/{instance.sha256[:16]}-{instance.token}{instance.extension}"


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class Attachment(models.Model):
    class EvidenceType(models.TextChoices):
        SCREENSHOT = "screenshot", _("Screenshot")
        RECEIPT = "receipt", _("Receipt")
        STATEMENT = "statement", _("Statement")
        CHAT_LOG = "chat_log", _("Chat log")
        ID_DOCUMENT = "id_document", _("Identity document")
        POLICE_REPORT = "police_report", _("Police report")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        # An image is stored as received and never served until a task has
        # decoded and re-encoded it (complaints.evidence_jobs).
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        REJECTED = "rejected", _("Refused")

    class RejectReason(models.TextChoices):
        DAMAGED = (
            "damaged",
            _("The image looks damaged and cannot be opened. Send the original file."),
        )
        TOO_MANY_PIXELS = (
            "too_many_pixels",
            _("The image is too large. Send a smaller screenshot or photo."),
        )

    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, related_name="attachments"
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_internal = models.BooleanField(_("internal only"), default=False)
    evidence_type = models.CharField(
        _("evidence type"),
        max_length=16,
        choices=EvidenceType.choices,
        default=EvidenceType.OTHER,
    )
    file = models.FileField(
        _("file"), upload_to=evidence_upload_to, storage=private_storage
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    token = models.CharField(max_length=32, unique=True, editable=False)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=State.choices,
        default=State.READY,
        editable=False,
    )
    rejected_reason = models.CharField(
        _("why it was refused"),
        max_length=32,
        choices=RejectReason.choices,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "complaints:attachment_download", args=[self.ticket.reference, self.token]
        )

    @property
    def extension(self) -> str:
        return {
            "image/png": ".png",
            "image/jpeg": ".jpg",
            "image/gif": ".gif",
            "image/webp": ".webp",
            "application/pdf": ".pdf",
            "text/plain": ".txt",
        }.get(self.content_type, ".bin")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_ready(self) -> bool:
        """Whether the file may be served: checked in full, images re-encoded."""
        return self.state == self.State.READY


class EvidenceJob(models.Model):
    """Re-encoding one uploaded image off the web worker: an outbox row (STYLE 7).

    Written with its Attachment in the upload's transaction, processed after commit
    by a Celery task, re-dispatched by beat while sent_at (here: when processing
    finished) is empty.
    """

    attachment = models.OneToOneField(
        Attachment, on_delete=models.CASCADE, related_name="job"
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    dispatch_count = models.PositiveSmallIntegerField(_("dispatches"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("evidence processing")
        verbose_name_plural = _("evidence processing")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
                name="evidencejob_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(self.attachment)
