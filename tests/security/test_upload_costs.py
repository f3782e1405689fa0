"""What one request may make a web worker decode, and how often a customer replies."""

import io
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile, PngImagePlugin
from rest_framework.test import APIClient

from complaints import tasks
from complaints.evidence_jobs import evidence_jobs_redispatch
from complaints.models import Attachment, EvidenceJob, Message
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def one_colour_png(side: int, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("L", (side, side), 255).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def animated_gif(frames: int) -> SimpleUploadedFile:
    pictures = [Image.new("P", (200, 200), index % 200) for index in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:])
    return SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")


def reply(client: Client, ticket, **fields):
    return client.post(
        reverse("complaints:message_create", args=[ticket.reference]), fields
    )


def test_images_too_large_together_are_refused_before_decoding(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    files = [one_colour_png(5000, f"white{number}.png") for number in range(3)]
    started = time.monotonic()
    response = reply(client, ticket, body="Screens", evidence=files)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "too large together" in response.content.decode()
    assert not Message.objects.filter(ticket=ticket).exists()
    assert elapsed < 3, elapsed


def test_one_image_over_the_pixel_limit_is_refused(client, customer, settings):
    settings.WALLETDESK_MAX_IMAGE_PIXELS = 1_000_000
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    response = reply(client, ticket, evidence=one_colour_png(1100, "big.png"))
    assert response.status_code == 200
    assert "too large an image" in response.content.decode()


def test_an_animation_is_stored_as_its_first_frame(
    client, customer, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client, ticket, evidence=animated_gif(60))
    assert response.status_code == 302
    stored = Attachment.objects.get(ticket=ticket)
    with stored.file.open("rb") as handle, Image.open(handle) as image:
        assert getattr(image, "n_frames", 1) == 1


def test_replies_are_rate_limited_per_customer_in_portal_and_api(
    client, customer, settings
):
    settings.WALLETDESK_REPLY_RATE_PER_USER = "3/h"
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    statuses = [reply(client, ticket, body=f"Reply {n}").status_code for n in range(3)]
    assert statuses == [302, 302, 302]
    reply(client, ticket, body="One too many")
    api = APIClient()
    api.force_authenticate(customer)
    response = api.post(
        reverse("complaints_api:my_message_create", args=[ticket.reference]),
        {"body": "And from the API"},
        format="json",
    )
    assert response.status_code == 429
    assert Message.objects.filter(ticket=ticket).count() == 3


def png_with_phone_number() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Wang Xiaoming 13800000000")
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (0, 90, 200)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


@pytest.fixture
def broker(monkeypatch) -> list[int]:
    """A broker that holds published evidence jobs until the test runs them."""
    published: list[int] = []
    monkeypatch.setattr(tasks.process_evidence, "delay", published.append)
    return published


@pytest.fixture
def decodes(monkeypatch) -> list[str]:
    """Every full image decode (Image.load), counted."""
    calls: list[str] = []
    load = ImageFile.ImageFile.load

    def counting_load(image):
        calls.append(image.format)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return calls


def download(client: Client, attachment: Attachment):
    return client.get(attachment.get_absolute_url())


def test_the_request_stores_an_image_as_received_and_a_task_re_encodes_it(
    client, customer, supervisor, broker, decodes, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    original = png_with_phone_number()
    upload = SimpleUploadedFile("shot.png", original, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client, ticket, body="Screen", evidence=upload)

    assert response.status_code == 302
    assert decodes == []  # the web request decoded no pixels
    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.state == Attachment.State.PROCESSING
    with attachment.file.open("rb") as handle:
        assert handle.read() == original
    assert broker == [attachment.job.pk]
    # Never served while processing, to the customer or to staff.
    assert download(client, attachment).status_code == 404
    staff = Client()
    staff.force_login(supervisor)
    assert download(staff, attachment).status_code == 404
    page = client.get(ticket.get_absolute_url()).text
    assert 'data-test="evidence-processing"' in page
    assert attachment.get_absolute_url() not in page

    assert tasks.process_evidence(broker[0]) is True  # what the worker runs

    assert decodes
    attachment.refresh_from_db()
    assert attachment.state == Attachment.State.READY
    served = download(client, attachment)
    assert served.status_code == 200
    content = b"".join(served.streaming_content)
    assert b"13800000000" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (640, 480)
    assert download(staff, attachment).status_code == 200


def test_a_re_dispatched_job_processes_the_image_once(client, customer, broker):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        reply(client, ticket, evidence=one_colour_png(300, "white.png"))
    job = EvidenceJob.objects.get(attachment__ticket=ticket)
    EvidenceJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    assert evidence_jobs_redispatch() == 1
    assert broker == [job.pk, job.pk]
    assert tasks.process_evidence(job.pk) is True
    stored = Attachment.objects.get(pk=job.attachment_id).file.name
    assert tasks.process_evidence(job.pk) is False
    assert Attachment.objects.get(pk=job.attachment_id).file.name == stored
    assert evidence_jobs_redispatch() == 0


def test_an_image_that_cannot_be_decoded_is_refused_with_a_reason(
    client, customer, supervisor, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    whole = one_colour_png(400, "x.png").read()
    cut = SimpleUploadedFile("cut.png", whole[: len(whole) // 2])
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client, ticket, body="Here", evidence=cut)
    assert response.status_code == 302

    attachment = Attachment.objects.get(ticket=ticket)
    assert attachment.state == Attachment.State.REJECTED
    assert not attachment.file
    assert download(client, attachment).status_code == 404
    page = client.get(ticket.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert "The image looks damaged and cannot be opened." in page
    staff = Client()
    staff.force_login(supervisor)
    admin_page = staff.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk])
    ).text
    assert "The image looks damaged and cannot be opened." in admin_page


def test_the_api_lists_processing_evidence_without_a_link(customer, broker):
    ticket = TicketFactory(customer=customer)
    api = APIClient()
    api.force_authenticate(customer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = api.post(
            reverse("complaints_api:my_attachment_create", args=[ticket.reference]),
            {"evidence": [one_colour_png(100, "a.png")]},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    (listed,) = response.json()["attachments"]
    assert listed["state"] == "processing"
    assert listed["url"] is None
