"""Evidence file checks: size, type by content (not by name), file integrity.

The web request checks what is cheap: size, type, and an image's header (format,
pixel count; nothing is decoded). Images are then decoded and re-encoded by a task
(complaints.evidence_jobs, evidence_image_reencode), so what is served is pixels
the server drew itself: no EXIF (camera, GPS position), no comments or text
chunks, and nothing a polyglot file could hide after the image data.
"""

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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
_PIL_FORMATS: dict[str, str] = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
_KIND_LABELS: dict[str, str] = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
}
# Markup a browser would render or run if the file were ever served as HTML; a text
# file that carries it is refused rather than trusted to the Content-Type header.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|math|"
    rb"img|meta|link|style|form|base|\?xml)\b"
    rb"|\bjavascript\s*:",
    re.IGNORECASE,
)
# Control characters that never occur in a chat log, statement or CSV export.
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# Readers accept a PDF whose end-of-file marker lies within its last kilobyte.
_PDF_TAIL = 1024


@dataclass(frozen=True)
class CheckedEvidence:
    content_type: str
    size: int
    sha256: str
    # Images are stored as received and re-encoded by a task before anyone sees them.
    needs_processing: bool = False


def _sniff(head: bytes) -> str:
    """The format the bytes announce; anything else is treated as text and checked."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return "text/plain"


def _unsupported(name: str) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s is not a supported file. Send a screenshot or photo (PNG, JPEG, GIF, WebP), a PDF or a text file."
        )
        % {"name": name},
        code="unsupported",
    )


def _damaged(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s looks damaged and cannot be opened. Send the original file.")
        % {"name": name},
        code="damaged",
    )


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    return b"".join(upload.chunks())


def _check_text(upload: UploadedFile, name: str) -> None:
    content = _read_all(upload)
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unsupported(name) from error
    if _BINARY_CONTROLS.search(content) or _MARKUP.search(content):
        raise _unsupported(name)


def _too_many_pixels(name: str, width: int, height: int) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s is too large an image (%(width)d by %(height)d pixels). Send a smaller screenshot or photo."
        )
        % {"name": name, "width": width, "height": height},
        code="too_many_pixels",
    )


def _check_image_header(upload: UploadedFile, name: str, content_type: str) -> None:
    """Check an image's format and size from its header; decode nothing."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != _PIL_FORMATS[content_type]:
                    raise _damaged(name)
                width, height = image.size
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        TypeError,
    ) as error:
        raise _damaged(name) from error
    finally:
        upload.seek(0)
    if width * height > settings.WALLETDESK_MAX_IMAGE_PIXELS:
        raise _too_many_pixels(name, width, height)


def _check_image(upload: File, name: str, content_type: str) -> None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != _PIL_FORMATS[content_type]:
                    raise _damaged(name)
                width, height = image.size
                if width * height > settings.WALLETDESK_MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(name, width, height)
                image.verify()
            # verify() leaves JPEG data unread; decoding every pixel finds truncation.
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        TypeError,
    ) as error:
        raise _damaged(name) from error


def _reencode_image(upload: File, name: str, content_type: str) -> bytes:
    """Draw the image again without its metadata; the orientation tag is applied."""
    pil_format = _PIL_FORMATS[content_type]
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            out = io.BytesIO()
            # An animation is flattened to its first frame: evidence is a picture,
            # and re-encoding hundreds of frames held a web worker for seconds.
            image.load()
            clean = ImageOps.exif_transpose(image) or image
            pixels = clean.copy()
            pixels.info = {}
            options: dict[str, object] = {}
            if pil_format == "JPEG":
                options = {"quality": 90, "optimize": True}
                if pixels.mode not in {"RGB", "L", "CMYK"}:
                    pixels = pixels.convert("RGB")
            elif pil_format == "WEBP":
                options = {"quality": 90}
            pixels.save(out, format=pil_format, **options)
            return out.getvalue()
    except (OSError, ValueError, EOFError, SyntaxError) as error:
        raise _damaged(name) from error


def _check_pdf(upload: UploadedFile, name: str) -> None:
    size = upload.size or 0
    upload.seek(max(0, size - _PDF_TAIL))
    tail = upload.read(_PDF_TAIL)
    if b"%%EOF" not in tail:
        raise _damaged(name)


def evidence_pixels(upload: UploadedFile) -> int:
    """Pixels an image upload would decode into, read from its header only.

    Image.open reads the header and decodes nothing; 0 for anything that is not
    an image Pillow recognises (evidence_check judges those).
    """
    upload.seek(0)
    if not _sniff(upload.read(16)).startswith("image/"):
        upload.seek(0)
        return 0
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        return 0
    finally:
        upload.seek(0)
    return width * height


def evidence_pixels_check(uploads: "list[UploadedFile]") -> None:
    """Refuse a set of uploads whose images add up to too many pixels to decode.

    Checked from the headers before any image is decoded; raises ValidationError.
    """
    total = sum(evidence_pixels(upload) for upload in uploads)
    if total > settings.WALLETDESK_MAX_REQUEST_PIXELS:
        raise ValidationError(
            _(
                "These images are too large together (%(megapixels)d million pixels; the limit is %(limit)d million). Send fewer or smaller images."
            )
            % {
                "megapixels": total // 1_000_000,
                "limit": settings.WALLETDESK_MAX_REQUEST_PIXELS // 1_000_000,
            },
            code="too_many_pixels",
        )


def evidence_check(upload: UploadedFile) -> CheckedEvidence:
    """Check one uploaded evidence file by its content; raise ValidationError if bad.

    The type comes from the bytes, and the file name's extension must match it.
    An image's header must name its format and a pixel count within
    WALLETDESK_MAX_IMAGE_PIXELS; nothing is decoded here (needs_processing: a task
    decodes and re-encodes it, see evidence_image_reencode). PDFs must be
    complete, text must be UTF-8 without markup or binary data. Leaves the file
    positioned at its start.
    """
    name = upload.name or ""
    limit = settings.WALLETDESK_MAX_EVIDENCE_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(
            _("The file %(name)s is empty.") % {"name": name}, code="empty"
        )
    if upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    upload.seek(0)
    content_type = _sniff(upload.read(16))
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if content_type == "text/plain":
        _check_text(upload, name)
    if extension not in _EXTENSIONS[content_type]:
        if content_type == "text/plain" or extension not in {
            ext for extensions in _EXTENSIONS.values() for ext in extensions
        }:
            raise _unsupported(name)
        raise ValidationError(
            _(
                "%(name)s is really a %(kind)s file, not what its name says. Send the original file with its own name."
            )
            % {"name": name, "kind": _KIND_LABELS[content_type]},
            code="mismatch",
        )
    is_image = content_type.startswith("image/")
    if is_image:
        _check_image_header(upload, name, content_type)
    elif content_type == "application/pdf":
        _check_pdf(upload, name)
    # size and sha256 describe the file as the customer sent it (a copy they
    # produce later can be matched), also once an image is re-encoded.
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedEvidence(
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        needs_processing=is_image,
    )


def evidence_image_reencode(image_file: File, *, content_type: str) -> bytes:
    """Decode a stored evidence image in full and draw it again without metadata.

    The slow part of an upload, run by a task (complaints.evidence_jobs), never in
    a web request. Animations become their first frame. Raises ValidationError
    (code damaged or too_many_pixels) for an image that cannot be trusted.
    """
    name = image_file.name or ""
    _check_image(image_file, name, content_type)
    return _reencode_image(image_file, name, content_type)
