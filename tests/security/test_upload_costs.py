"""What one request may make a web worker decode, and how often a customer replies."""

import io
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from complaints.models import Attachment, Message
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


def test_an_animation_is_stored_as_its_first_frame(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
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
