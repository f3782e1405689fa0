"""Evidence checks: the type comes from the bytes, and damaged files are refused."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from complaints.evidence import evidence_check, evidence_image_reencode

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _image(image_format: str, size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        evidence_check(_upload(name, content))
    return " ".join(refused.value.messages)


SUPPORTED = [
    ("screenshot.png", _image("PNG"), "image/png"),
    ("photo.jpg", _image("JPEG"), "image/jpeg"),
    ("PHOTO.JPEG", _image("JPEG"), "image/jpeg"),
    ("animation.gif", _image("GIF"), "image/gif"),
    ("shot.webp", _image("WEBP"), "image/webp"),
    ("statement.pdf", PDF, "application/pdf"),
    (
        "chat.txt",
        "我转错账了请帮忙。\nTransfer at 10:02.\n".encode(),
        "text/plain",
    ),
    ("export.csv", b"date,amount\r\n2026-01-02,100.00\r\n", "text/plain"),
    ("bom.txt", b"\xef\xbb\xbfhello\tworld\n", "text/plain"),
]


@pytest.mark.parametrize(
    ("name", "content", "content_type"), SUPPORTED, ids=[row[0] for row in SUPPORTED]
)
def test_supported_files_are_accepted(
    name: str, content: bytes, content_type: str
) -> None:
    upload = _upload(name, content)

    checked = evidence_check(upload)

    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert upload.tell() == 0


def test_executable_renamed_png_is_refused() -> None:
    executable = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200

    message = _refusal("invoice.png", executable)

    assert "invoice.png is not a supported file" in message


def test_executable_renamed_txt_is_refused() -> None:
    executable = b"\x7fELF\x02\x01\x01" + b"\x00" * 200

    assert "not a supported file" in _refusal("notes.txt", executable)


def test_png_named_pdf_is_refused_with_what_it_really_is() -> None:
    message = _refusal("statement.pdf", _image("PNG"))

    assert "statement.pdf is really a PNG file" in message


def test_pdf_named_png_is_refused() -> None:
    assert "really a PDF file" in _refusal("receipt.png", PDF)


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body>Hello</body></html>",
        b"<!DOCTYPE html>\n<p>Hi</p>",
        b"  \n<script>alert(document.cookie)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"Dear support,\nsee <iframe src=//evil.example></iframe>",
        b"plain start\n" + b"x" * 5000 + b"<SCRIPT>steal()</SCRIPT>",
        b'<a href="javascript:alert(1)">click</a>',
    ],
    ids=["html", "doctype", "script", "svg", "iframe", "script-late", "js-url"],
)
def test_html_disguised_as_text_is_refused(content: bytes) -> None:
    assert "not a supported file" in _refusal("chat.txt", content)


def test_text_with_binary_after_a_clean_start_is_refused() -> None:
    content = b"A perfectly normal first line.\n" * 100 + b"\x00\x01\x02binary"

    assert "not a supported file" in _refusal("log.txt", content)


def test_text_that_is_not_utf8_is_refused() -> None:
    assert "not a supported file" in _refusal("gbk.txt", "转账失败".encode("gbk"))


def test_file_without_a_known_extension_is_refused() -> None:
    assert "not a supported file" in _refusal("screenshot", _image("PNG"))
    assert "not a supported file" in _refusal("page.html", b"hello")


def test_empty_file_is_refused() -> None:
    assert _refusal("empty.png", b"") == "The file empty.png is empty."


def test_oversized_file_is_refused(settings: pytest.FixtureRequest) -> None:
    settings.WALLETDESK_MAX_EVIDENCE_BYTES = 1024

    message = _refusal("big.txt", b"a" * 2048)

    assert message == "The file big.txt is 2.0\xa0KB; the limit is 1.0\xa0KB."


def test_file_at_the_limit_is_accepted(settings: pytest.FixtureRequest) -> None:
    settings.WALLETDESK_MAX_EVIDENCE_BYTES = 1024

    assert evidence_check(_upload("ok.txt", b"a" * 1024)).size == 1024


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF"])
def test_truncated_image_is_refused_when_processed(image_format: str) -> None:
    content = _image(image_format, size=(200, 200))
    extension = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}[image_format]
    cut = content[: len(content) // 2]

    # The request reads only the header; decoding is the processing task's.
    checked = evidence_check(_upload(f"cut.{extension}", cut))
    assert checked.needs_processing
    with pytest.raises(ValidationError) as refused:
        evidence_image_reencode(
            _upload(f"cut.{extension}", cut), content_type=checked.content_type
        )

    assert refused.value.code == "damaged"
    assert f"cut.{extension} looks damaged" in " ".join(refused.value.messages)


def test_corrupt_png_is_refused() -> None:
    content = bytearray(_image("PNG", size=(64, 64)))
    content[40:60] = b"\xff" * 20  # inside the first chunk: the CRC no longer matches

    assert "looks damaged" in _refusal("broken.png", bytes(content))


def test_png_signature_alone_is_refused() -> None:
    assert "looks damaged" in _refusal("fake.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)


def test_truncated_pdf_is_refused() -> None:
    assert "looks damaged" in _refusal("statement.pdf", PDF[:-10])


def test_image_with_too_many_pixels_is_refused() -> None:
    # A small file that unpacks into a huge canvas (decompression bomb).
    buffer = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(buffer, format="PNG")
    content = buffer.getvalue()

    message = _refusal("bomb.png", content)

    assert "too large an image" in message
