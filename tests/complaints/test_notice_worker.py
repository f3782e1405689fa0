"""A real Celery worker on the Redis broker delivers the notices of web submissions."""

import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from complaints.models import Notice, StatusChange, Ticket
from config import celery_app

# PostgreSQL too: the in-memory SQLite test database locks up between the test and
# the worker thread, and a worker process cannot see it at all.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def wait_until(condition: Callable[[], bool], *, timeout: float) -> bool:
    """Poll until condition() holds or timeout seconds pass; return the last answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def sent_per_notice() -> Counter[str]:
    """How many emails went out for each notice id (from the outgoing header)."""
    return Counter(
        message.extra_headers["X-Walletdesk-Notice"] for message in mail.outbox
    )


def file_through_the_form(client: Client, number: int) -> int:
    """POST the portal's "cannot log in" form; returns the HTTP status."""
    response = client.post(
        reverse("complaints:ticket_create", args=["cannot-log-in"]),
        {
            "client_token": f"worker-test-{number}",
            "subject": f"Locked out ({number})",
            "description": "My account is locked after a password reset.",
            "remedy_sought": "Unlock it",
        },
    )
    return response.status_code


@pytest.fixture
def empty_broker() -> None:
    """Drop tasks an earlier run left in the queue: their ids mean other rows now."""
    celery_app.control.purge()


@pytest.fixture
def worker(empty_broker: None) -> Iterator[None]:
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
    ):
        yield


def test_worker_delivers_acknowledgements_of_web_submissions(
    worker: None, client: Client, customer: User
) -> None:
    mail.outbox = []
    client.force_login(customer)
    statuses = [file_through_the_form(client, number) for number in range(5)]
    assert statuses == [302] * 5
    tickets = Ticket.objects.filter(customer=customer)
    assert tickets.count() == 5

    assert wait_until(
        lambda: not Notice.objects.filter(sent_at__isnull=True).exists(), timeout=30
    )
    assert wait_until(
        lambda: tickets.filter(status=Ticket.Status.ACKNOWLEDGED).count() == 5,
        timeout=5,
    )
    acknowledgements = Notice.objects.filter(ticket__in=tickets)
    assert sent_per_notice() == Counter(
        {str(pk): 1 for pk in acknowledgements.values_list("pk", flat=True)}
    )
    assert {message.to[0] for message in mail.outbox} == {customer.email}
    moves = StatusChange.objects.filter(ticket__in=tickets, to_status="acknowledged")
    assert [move.actor_id for move in moves] == [None] * 5
