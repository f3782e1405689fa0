"""Evidence uploads: size limits, type by content, images re-drawn without
metadata, stored outside the web root, served only to those allowed, safely."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin

from complaints.models import Attachment, Ticket
from complaints.services import EvidenceInput, message_add
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (31.0, 14.0, 3.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (121.0, 28.0, 9.25),
}


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.Base.Orientation] = 6  # rotated: the stored pixels must be turned
    exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(
        buffer, format="JPEG", exif=exif.tobytes(), comment=b"home address"
    )
    return buffer.getvalue()


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Wang Xiaoming 13800000000")
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _file_with(ticket: Ticket, name: str, content: bytes) -> Attachment:
    # Images are processed by a task after commit (eager in tests).
    with TestCase.captureOnCommitCallbacks(execute=True):
        message_add(
            ticket=ticket,
            author=ticket.customer,
            body="evidence",
            evidence=[EvidenceInput(file=SimpleUploadedFile(name, content))],
        )
    # Django keeps only the last path component of an uploaded file's name.
    return Attachment.objects.get(ticket=ticket, original_name=Path(name).name)


def test_jpeg_is_stored_without_exif_or_gps_and_upright():
    original = _jpeg_with_gps()
    assert b"SecretPhoneMaker" in original
    attachment = _file_with(TicketFactory(), "photo.jpg", original)
    stored = attachment.file.open("rb").read()
    assert b"SecretPhoneMaker" not in stored
    assert b"home address" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert image.size == (20, 40)  # orientation 6 applied before stripping


def test_png_text_chunks_are_dropped():
    attachment = _file_with(TicketFactory(), "shot.png", _png_with_text())
    stored = attachment.file.open("rb").read()
    assert b"13800000000" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert "Author" not in image.info


def test_image_with_trailing_payload_is_stored_as_pixels_only():
    polyglot = _png_with_text() + b"<script>alert(1)</script>"
    attachment = _file_with(TicketFactory(), "poly.png", polyglot)
    assert b"<script>" not in attachment.file.open("rb").read()


def test_files_live_outside_the_web_root_under_generated_names(client):
    attachment = _file_with(TicketFactory(), "../../etc/passwd.png", _png_with_text())
    path = Path(attachment.file.path).resolve()
    assert Path(settings.STATIC_ROOT).resolve() not in path.parents
    assert Path(settings.BASE_DIR / "static").resolve() not in path.parents
    assert ".." not in attachment.file.name
    assert "passwd" not in attachment.file.name
    # No static or media URL serves the storage: only the checked view does.
    client.force_login(attachment.ticket.customer)
    assert client.get("/" + attachment.file.name).status_code == 404
    assert client.get("/static/" + attachment.file.name).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"<html><script>alert(1)</script></html>"),
        ("page.txt", b"<svg onload=alert(1)>"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("photo.png", b"GIF89a" + b"\x00" * 100),
    ],
    ids=["html-as-pdf", "markup-as-text", "svg", "exe", "gif-named-png"],
)
def test_files_are_typed_by_content_not_by_name(client, name: str, content: bytes):
    ticket = TicketFactory()
    client.force_login(ticket.customer)
    response = client.post(
        reverse("complaints:message_create", args=[ticket.reference]),
        {"body": "see file", "evidence": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Attachment.objects.filter(ticket=ticket).exists()


def test_oversized_upload_is_refused(client, settings):
    settings.WALLETDESK_MAX_EVIDENCE_BYTES = 1024
    ticket = TicketFactory()
    client.force_login(ticket.customer)
    response = client.post(
        reverse("complaints:message_create", args=[ticket.reference]),
        {"body": "big", "evidence": SimpleUploadedFile("log.txt", b"a" * 2048)},
    )
    assert "the limit is 1.0" in response.content.decode()
    assert not Attachment.objects.filter(ticket=ticket).exists()


def test_downloads_carry_nosniff_sandbox_and_attachment_for_documents(client):
    ticket = TicketFactory()
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    document = _file_with(ticket, "statement.pdf", pdf)
    image = _file_with(ticket, "photo.jpg", _jpeg_with_gps())
    client.force_login(ticket.customer)
    for attachment, disposition in ((document, "attachment"), (image, "inline")):
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(disposition)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Cache-Control"] == "private, no-store"


def test_other_customers_and_strangers_cannot_download(client):
    ticket = TicketFactory()
    attachment = _file_with(ticket, "photo.jpg", _jpeg_with_gps())
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(CustomerFactory())
    assert client.get(url).status_code == 404
