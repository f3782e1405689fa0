"""Evidence files kept across a form error: keep, take back on resend, purge."""

import secrets
from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from complaints.errors import WorkflowError
from complaints.models import PENDING_UPLOAD_LIFETIME, PendingUpload


def pending_uploads_keep(
    *, owner: User, uploads: Sequence[UploadedFile]
) -> list[PendingUpload]:
    """Store files sent with a form that came back with errors, for its resend.

    Privately, unchecked (the evidence checks run when they are attached), under
    a random token only this owner may use. Returns the rows in upload order.
    """
    kept = []
    for upload in uploads:
        pending = PendingUpload(
            owner=owner,
            token=secrets.token_urlsafe(32),
            original_name=(upload.name or "")[:255],
            content_type=(upload.content_type or "")[:100],
            size=upload.size or 0,
        )
        upload.seek(0)
        pending.file.save(pending.token, upload, save=False)
        pending.save()
        kept.append(pending)
    return kept


def pending_uploads_get(*, owner: User, tokens: Sequence[str]) -> list[PendingUpload]:
    """The owner's unexpired kept files for these tokens, in the tokens' order.

    Raises WorkflowError when a token is unknown, expired or another person's:
    nothing of theirs is ever attached.
    """
    wanted = list(dict.fromkeys(token for token in tokens if token))
    if not wanted:
        return []
    found = {
        pending.token: pending
        for pending in PendingUpload.objects.filter(
            owner=owner,
            token__in=wanted,
            created_at__gte=timezone.now() - PENDING_UPLOAD_LIFETIME,
        )
    }
    if len(found) != len(wanted):
        raise WorkflowError(
            _("A file kept from your last try is no longer available. Attach it again.")
        )
    return [found[token] for token in wanted]


def pending_upload_as_file(pending: PendingUpload) -> UploadedFile:
    """The kept file as an upload, for the same evidence checks as a new file."""
    with pending.file.open("rb") as stored:
        content = stored.read()
    return SimpleUploadedFile(pending.original_name, content, pending.content_type)


def pending_uploads_discard(*, pending: Sequence[PendingUpload]) -> int:
    """Remove kept files (used, or removed by their owner) and their rows."""
    for row in pending:
        row.file.delete(save=False)
    return PendingUpload.objects.filter(pk__in=[row.pk for row in pending]).delete()[0]


def pending_uploads_purge(*, now: datetime | None = None, batch: int = 500) -> int:
    """Remove kept files older than their lifetime (celery beat). Returns how many."""
    cutoff = (now or timezone.now()) - PENDING_UPLOAD_LIFETIME
    expired = list(
        PendingUpload.objects.filter(created_at__lt=cutoff).order_by("pk")[:batch]
    )
    with transaction.atomic():
        return pending_uploads_discard(pending=expired)
