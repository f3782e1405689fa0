"""Evidence files kept across a form error, for the filing and reply views.

A browser never refills a file input, so files sent with a form that comes back
with errors are kept (complaints.services.pending_uploads) and the page lists
them with hidden tokens; the resend attaches them with the new files.
"""

from django.conf import settings
from django.http import HttpRequest

from complaints.errors import WorkflowError
from complaints.forms import EvidenceMixin
from complaints.models import PendingUpload
from complaints.services.pending_uploads import (
    pending_uploads_discard,
    pending_uploads_get,
    pending_uploads_keep,
)

KEPT_FIELD = "kept_evidence"
REMOVE_FIELD = "remove_evidence"


def kept_evidence_take(request: HttpRequest, form: EvidenceMixin) -> bool:
    """Give the form the kept files this resend carries, minus the removed ones.

    Removed files are deleted. A token that is not the person's own (or has
    expired) puts an error on the evidence field and returns False.
    """
    removed = set(request.POST.getlist(REMOVE_FIELD))
    tokens = request.POST.getlist(KEPT_FIELD)
    try:
        pending = pending_uploads_get(owner=request.user, tokens=tokens)
    except WorkflowError as error:
        form.kept_uploads = []
        form.is_valid()
        form.add_error("evidence", error.message)
        return False
    pending_uploads_discard(pending=[row for row in pending if row.token in removed])
    form.kept_uploads = [row for row in pending if row.token not in removed]
    return True


def kept_evidence_hold(request: HttpRequest, form: EvidenceMixin) -> None:
    """After a form error, keep the new files for the resend and list them.

    When the evidence field itself has the error, the new files are named as not
    kept (the error says why); so are files past the per-form limit.
    """
    uploads = request.FILES.getlist(form.add_prefix("evidence"))
    room = max(settings.WALLETDESK_MAX_EVIDENCE_FILES - len(form.kept_uploads), 0)
    keep = [] if "evidence" in form.errors else uploads[:room]
    form.evidence_dropped = [upload.name for upload in uploads if upload not in keep]
    form.kept_uploads = [
        *form.kept_uploads,
        *pending_uploads_keep(owner=request.user, uploads=keep),
    ]


def kept_evidence_done(form: EvidenceMixin) -> None:
    """The form was sent: its kept files are attached now, remove the copies."""
    used: list[PendingUpload] = list(form.kept_uploads)
    if used:
        pending_uploads_discard(pending=used)
