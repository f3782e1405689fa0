from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.conversation import private_storage

# How long a file kept across a form error waits for the form to be sent again.
PENDING_UPLOAD_LIFETIME = timedelta(hours=1)


def pending_upload_to(instance: "PendingUpload", filename: str) -> str:
    # Never the customer's file name: it is only displayed (original_name).
    return f"pending/{instance.token}"


class PendingUpload(models.Model):
    """An evidence file kept while its form came back with an error.

    Private, tied to the person who sent it and a random token the re-rendered
    form carries; attached through the usual evidence checks when the form is
    sent again, removed then or once it expires.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=43, unique=True, editable=False)
    file = models.FileField(
        _("file"), upload_to=pending_upload_to, storage=private_storage
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("kept at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
