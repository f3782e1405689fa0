"""The evidence outbox: images are re-encoded by a task after the upload's commit.

Decoding a large image costs a web worker seconds and hundreds of megabytes, so
the request stores the image as received, marked processing (never served), with
an EvidenceJob row; the task decodes it, re-encodes it without metadata and marks
it ready, or refuses it with a reason the uploader and staff see.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from complaints import tasks
from complaints.evidence import evidence_image_reencode
from complaints.models import Attachment, EvidenceJob
from outbox.dispatch import outbox_dispatch_on_commit
from outbox.redispatch import outbox_record_failure, outbox_redispatch


def evidence_job_queue(*, attachment: Attachment) -> EvidenceJob:
    """Queue re-encoding of a stored image; run it after the current commit.

    Call inside the upload's transaction: if it rolls back, there is neither a
    row nor a task.
    """
    job = EvidenceJob.objects.create(attachment=attachment)
    outbox_dispatch_on_commit(tasks.process_evidence, job.pk)
    return job


def _delete_on_commit(storage: object, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))  # type: ignore[attr-defined]


@transaction.atomic
def evidence_process(*, job_id: int) -> bool:
    """Re-encode one queued image and mark it ready or refused; once per job.

    Locks the job row: a second dispatch waits, then finds it done and returns
    False. The file as received is deleted after commit either way, so only
    re-encoded pixels are ever served. A file written before a rollback is left
    on disk unreferenced (storage is not transactional).
    """
    job = (
        EvidenceJob.objects.select_for_update(of=("self",))
        .select_related("attachment__ticket")
        .filter(pk=job_id, sent_at__isnull=True)
        .first()
    )
    if job is None:
        return False
    attachment = job.attachment
    received = attachment.file.name
    storage = attachment.file.storage
    try:
        with attachment.file.open("rb") as stored:
            clean = evidence_image_reencode(
                stored, content_type=attachment.content_type
            )
    except ValidationError as error:
        reason = error.code if error.code in Attachment.RejectReason.values else ""
        attachment.state = Attachment.State.REJECTED
        attachment.rejected_reason = reason or Attachment.RejectReason.DAMAGED
        attachment.file = ""
    else:
        attachment.file.save(attachment.original_name, ContentFile(clean), save=False)
        attachment.state = Attachment.State.READY
    attachment.save(update_fields=["file", "state", "rejected_reason"])
    _delete_on_commit(storage, received)
    job.sent_at = timezone.now()
    job.failed_at = None
    job.last_error = ""
    job.save(update_fields=["sent_at", "failed_at", "last_error"])
    return True


def evidence_job_record_failure(*, job_id: int, error: str) -> None:
    """Remember why processing failed; the re-dispatch tries again later."""
    outbox_record_failure(rows=EvidenceJob.objects.all(), row_id=job_id, error=error)


def evidence_jobs_redispatch(
    *, grace: timedelta = timedelta(minutes=2), batch: int = 500
) -> int:
    """Queue processing again for jobs left undone; mark them failed after too many.

    Safe to run concurrently with processing: it is idempotent. Returns how many
    jobs were queued.
    """
    return outbox_redispatch(
        rows=EvidenceJob.objects.all(),
        task=tasks.process_evidence,
        grace=grace,
        max_dispatches=settings.WALLETDESK_NOTICE_MAX_DISPATCHES,
        batch=batch,
    )
