"""Public tracking: same answer either way, emailed signed links, expiry, limits."""

import re
from collections.abc import Iterator
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints import tracking
from complaints.models import Message, Ticket
from complaints.services import message_add
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits(client: Client) -> Iterator[None]:
    cache.clear()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield
    cache.clear()


def track(client: Client, reference: str, email: str, **extra: str):
    return client.post(
        reverse("complaints:track"), {"reference": reference, "email": email}, **extra
    )


def link_from(message: EmailMessage) -> str:
    match = re.search(r"https?://\S+/track/(\S+)/", message.body)
    assert match, message.body
    return reverse("complaints:track_ticket", args=[match.group(1)])


def test_tracking_answers_the_same_whether_or_not_the_pair_exists(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    ticket = TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        matching = track(client, ticket.reference, ticket.customer.email)
        wrong_email = track(client, ticket.reference, "someone@example.com")
        no_ticket = track(client, "WD-2026-999999", ticket.customer.email)
    assert matching.status_code == wrong_email.status_code == no_ticket.status_code
    assert matching["Location"] == wrong_email["Location"] == no_ticket["Location"]
    assert matching["Location"] == reverse("complaints:track_sent")
    assert [m.to for m in mailoutbox] == [[ticket.customer.email]]


def test_tracking_link_shows_the_ticket_read_only(
    client, agent, django_capture_on_commit_callbacks, mailoutbox
):
    ticket = TicketFactory(subject="Wrong recipient on Monday")
    message_add(ticket=ticket, author=agent, body="We are contacting the bank.")
    message_add(ticket=ticket, author=agent, body="SECRET NOTE", is_internal=True)
    with django_capture_on_commit_callbacks(execute=True):
        track(client, ticket.reference.lower(), ticket.customer.email.upper())
    response = client.get(link_from(mailoutbox[0]))
    assert response.status_code == 200
    assert "Wrong recipient on Monday" in response.text
    assert "We are contacting the bank." in response.text
    assert "SECRET NOTE" not in response.text
    assert 'data-test="reply-form"' not in response.text
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_tracking_email_is_in_the_customers_language(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    customer = CustomerFactory(preferred_language="zh-hans")
    ticket = TicketFactory(customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        track(client, ticket.reference, customer.email)
    html, content_type = mailoutbox[0].alternatives[0]
    assert content_type == "text/html"
    assert '<html lang="zh-hans">' in html
    assert ticket.reference in mailoutbox[0].subject


def test_tracking_link_expires_after_24_hours(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    ticket = TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        track(client, ticket.reference, ticket.customer.email)
    url = link_from(mailoutbox[0])
    later = timezone.now() + timedelta(hours=24, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(url)
    assert response.status_code == 410
    assert ticket.subject not in response.text


def test_tampered_tracking_link_is_not_found(client):
    ticket = TicketFactory()
    token = tracking.tracking_token_make(ticket=ticket)
    other = TicketFactory()
    forged = token.replace(
        token.split(":")[0], tracking.tracking_token_make(ticket=other).split(":")[0]
    )
    for bad in (forged, token[:-2] + "xx", "nonsense"):
        response = client.get(reverse("complaints:track_ticket", args=[bad]))
        assert response.status_code == 404


def test_tracking_link_dies_when_the_customer_changes_email(client):
    ticket = TicketFactory()
    url = reverse(
        "complaints:track_ticket", args=[tracking.tracking_token_make(ticket=ticket)]
    )
    assert client.get(url).status_code == 200
    ticket.customer.email = "new-address@example.com"
    ticket.customer.save(update_fields=["email"])
    assert client.get(url).status_code == 404


def test_tracking_lookups_are_rate_limited(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    ticket = TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            track(client, ticket.reference, f"guess{n}@example.com").status_code
            for n in range(5)
        ]
        limited = track(client, ticket.reference, ticket.customer.email)
    assert answers == [302] * 5
    assert limited.status_code == 429
    assert "Too many lookups" in limited.text
    assert mailoutbox == []


def test_tracking_lookups_per_reference_are_limited_across_addresses(client):
    ticket = TicketFactory()
    statuses = [
        track(
            client,
            ticket.reference,
            f"guess{n}@example.com",
            REMOTE_ADDR=f"10.0.0.{n}",
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_badly_formed_reference_gets_a_field_error(client):
    response = track(client, "12345", "someone@example.com")
    assert response.status_code == 200
    assert response.context["form"].errors["reference"]


def test_tracking_page_hides_staff_identity(client, agent):
    ticket = TicketFactory()
    message_add(ticket=ticket, author=agent, body="Public answer")
    url = reverse(
        "complaints:track_ticket", args=[tracking.tracking_token_make(ticket=ticket)]
    )
    html = client.get(url).text
    assert "Public answer" in html
    assert agent.username not in html
    assert Message.objects.filter(ticket=ticket).count() == 1
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.RECEIVED
