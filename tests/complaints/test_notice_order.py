"""The satisfaction request follows the resolution, however many workers deliver."""

import time
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from complaints import workflow
from complaints.models import Notice
from config import celery_app
from tests.factories import AgentFactory, TicketFactory

# PostgreSQL too: worker threads need their own connections to the test database.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


class SlowResolutionBackend(EmailBackend):
    """The outbox of Django's tests, where a resolution takes a second to send."""

    def send_messages(self, messages: list) -> int:
        for message in messages:
            notice_id = message.extra_headers.get("X-Walletdesk-Notice")
            if Notice.objects.filter(pk=notice_id, kind="resolution").exists():
                time.sleep(1)
        return super().send_messages(messages)


@pytest.fixture
def two_workers(settings) -> Iterator[None]:
    settings.WALLETDESK_EMAIL_DELIVERY_BACKEND = f"{__name__}.SlowResolutionBackend"
    celery_app.control.purge()
    # Two deliveries at once, as two prefork processes would run them.
    with start_worker(
        celery_app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        shutdown_timeout=30,
    ):
        yield


def _wait_until_all_sent(timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while Notice.objects.filter(sent_at__isnull=True).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_satisfaction_request_arrives_after_the_resolution(two_workers) -> None:
    agent = AgentFactory()
    ticket = TicketFactory()
    assert _wait_until_all_sent(timeout=30)
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    mail.outbox = []

    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="upheld", summary="Reversed."),
    )

    assert _wait_until_all_sent(timeout=30)
    kinds = dict(Notice.objects.filter(ticket=ticket).values_list("pk", "kind"))
    arrived = [
        kinds[int(message.extra_headers["X-Walletdesk-Notice"])]
        for message in mail.outbox
    ]
    assert arrived[-2:] == ["resolution", "satisfaction_request"]
