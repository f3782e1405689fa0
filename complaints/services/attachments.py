"""Evidence files: checked, then stored as a ticket's attachments."""

import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from complaints.evidence import CheckedEvidence, evidence_check, evidence_pixels_check
from complaints.evidence_jobs import evidence_job_queue
from complaints.models import Attachment, Message, Ticket
from complaints.services.inputs import EvidenceInput


def _check_evidence(evidence: Sequence[EvidenceInput]) -> list[CheckedEvidence]:
    if len(evidence) > settings.WALLETDESK_MAX_EVIDENCE_FILES:
        raise ValidationError(
            {
                "evidence": _("Attach at most %(count)d files.")
                % {"count": settings.WALLETDESK_MAX_EVIDENCE_FILES}
            }
        )
    try:
        evidence_pixels_check([item.file for item in evidence])
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error
    checked = []
    for item in evidence:
        if item.evidence_type not in Attachment.EvidenceType.values:
            raise ValidationError(
                {"evidence": _("Choose what kind of evidence this is.")}
            )
        try:
            checked.append(evidence_check(item.file))
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
    return checked


def _attachments_save(
    *,
    ticket: Ticket,
    uploaded_by: User,
    evidence: Sequence[EvidenceInput],
    checked: Sequence[CheckedEvidence],
    message: Message | None,
    is_internal: bool,
) -> list[Attachment]:
    written: list[Attachment] = []
    try:
        for item, facts in zip(evidence, checked, strict=True):
            attachment = Attachment(
                ticket=ticket,
                message=message,
                uploaded_by=uploaded_by,
                is_internal=is_internal,
                evidence_type=item.evidence_type,
                original_name=(item.file.name or "evidence")[-255:],
                content_type=facts.content_type,
                size=facts.size,
                sha256=facts.sha256,
                token=secrets.token_urlsafe(16)[:22],
            )
            if facts.needs_processing:
                attachment.state = Attachment.State.PROCESSING
            attachment.file.save(attachment.original_name, item.file, save=False)
            written.append(attachment)
            attachment.save()
            if facts.needs_processing:
                evidence_job_queue(attachment=attachment)
    except BaseException:
        # The rows roll back with the transaction; files on disk do not.
        for attachment in written:
            attachment.file.delete(save=False)
        raise
    return written


def attachments_store(
    *,
    ticket: Ticket,
    uploaded_by: User,
    evidence: Sequence[EvidenceInput],
    message: Message | None = None,
    is_internal: bool = False,
) -> list[Attachment]:
    """Check every evidence file, then store them privately.

    Call inside the caller's transaction, as its last write: a bad file raises
    ValidationError before anything is stored, and the caller's writes roll back
    with it. Files written before a failure while storing are removed again.
    """
    checked = _check_evidence(evidence)
    return _attachments_save(
        ticket=ticket,
        uploaded_by=uploaded_by,
        evidence=evidence,
        checked=checked,
        message=message,
        is_internal=is_internal,
    )
