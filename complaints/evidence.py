"""Evidence file checks: size, type by content (not by name), image integrity."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Magic numbers of the formats customers send as evidence.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
_EXTENSIONS: dict[str, frozenset[str]] = {
    "image/png": frozenset({".png"}),
    "image/jpeg": frozenset({".jpg", ".jpeg"}),
    "image/gif": frozenset({".gif"}),
    "image/webp": frozenset({".webp"}),
    "application/pdf": frozenset({".pdf"}),
    "text/plain": frozenset({".txt", ".log", ".csv"}),
}


@dataclass(frozen=True)
class CheckedEvidence:
    content_type: str
    size: int
    sha256: str


def _sniff(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # The cut may fall inside a multi-byte character; allow a short tail.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head or b"<script" in head.lower() or b"<html" in head.lower():
        return None
    return "text/plain"


def evidence_check(upload: UploadedFile) -> CheckedEvidence:
    """Check one uploaded evidence file; raise ValidationError with a clear message."""
    name = upload.name or ""
    limit = settings.WALLETDESK_MAX_EVIDENCE_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name})
    if upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )
    upload.seek(0)
    head = upload.read(2048)
    content_type = _sniff(head)
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if content_type is None or extension not in _EXTENSIONS[content_type]:
        raise ValidationError(
            _(
                "%(name)s is not a supported file. Send a screenshot or photo (PNG, JPEG, GIF, WebP), a PDF or a text file."
            )
            % {"name": name}
        )
    if content_type.startswith("image/"):
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                _("%(name)s looks damaged and cannot be opened as an image.")
                % {"name": name}
            ) from error
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedEvidence(
        content_type=content_type, size=upload.size, sha256=digest.hexdigest()
    )
