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
