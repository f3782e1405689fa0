"""A filing's request id follows it into the tasks it queued and the webhook POSTs."""

import io
import json
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import structlog
from celery.contrib.testing.worker import start_worker
from django.test import Client
from django.urls import reverse

from accounts.models import User
from complaints.models import Notice
from config import celery_app
from integrations.models import Event, WebhookDelivery, WebhookEndpoint
from integrations.webhooks import webhook_deliver
from tests.factories import TicketFactory
from tests.processes import wait_for


@pytest.fixture
def posted_headers() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A wallet core stand-in: its URL and the headers of each POST it received."""
    received: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            received.append(dict(self.headers))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks", received
    server.shutdown()
    server.server_close()


@contextmanager
def json_log() -> Iterator[io.StringIO]:
    """The configured log format, written to a buffer (any thread's records).

    Enter it after starting a worker: the worker configures logging afresh, once
    per process, at start_worker's level (errors only). Info records are what is
    read here, whichever worker came first.
    """
    (formatter,) = {
        handler.formatter
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, structlog.stdlib.ProcessorFormatter)
    }
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _file(client: Client, customer: User, url: str) -> str:
    """File a "cannot log in" complaint in the portal; return the request's id."""
    WebhookEndpoint.objects.create(
        name="Wallet core", url=url, secret="s3cret", events=[Event.TICKET_CREATED]
    )
    client.force_login(customer)
    response = client.post(
        reverse("complaints:ticket_create", args=["cannot-log-in"]),
        {
            "client_token": "request-id-test",
            "subject": "Locked out",
            "description": "My account is locked after a password reset.",
            "remedy_sought": "Unlock it",
        },
    )
    assert response.status_code == 302
    return response["X-Request-ID"]


@pytest.mark.django_db
def test_webhook_post_names_the_request_that_caused_it(
    posted_headers: tuple[str, list[dict[str, str]]],
) -> None:
    url, received = posted_headers
    WebhookEndpoint.objects.create(
        name="Wallet core", url=url, secret="s3cret", events=[Event.TICKET_CREATED]
    )
    TicketFactory()  # its delivery row waits: the on-commit dispatch never ran
    delivery = WebhookDelivery.objects.get()
    # What the worker binds from the task's headers (django-structlog).
    with structlog.contextvars.bound_contextvars(request_id="req-7f3a"):
        webhook_deliver(delivery_id=delivery.pk)
    webhook_deliver(
        delivery_id=WebhookDelivery.objects.create(
            endpoint=delivery.endpoint,
            event=delivery.event,
            event_id=uuid.uuid4(),
            body=delivery.body,
        ).pk
    )

    assert received[0]["X-Request-Id"] == "req-7f3a"
    assert "X-Request-Id" not in received[1]  # a re-dispatch knows no request


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_tasks_log_and_post_with_the_filing_request_id(
    client: Client,
    customer: User,
    posted_headers: tuple[str, list[dict[str, str]]],
) -> None:
    url, received = posted_headers
    celery_app.control.purge()
    with (
        start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
        ),
        json_log() as log,
    ):
        request_id = _file(client, customer, url)

        def delivered() -> bool:
            unsent = Notice.objects.filter(sent_at__isnull=True)
            return bool(received) and not unsent.exists()

        assert wait_for(delivered, timeout=60)

    assert [headers["X-Request-Id"] for headers in received] == [request_id]
    lines = [json.loads(line) for line in log.getvalue().splitlines()]
    # Every start of the filing's tasks carries its request id. A task another
    # test left queued (a rollup fold, from no request) may start too, without.
    started = [
        (line["task"], line.get("request_id"))
        for line in lines
        if line["event"] == "task_started"
    ]
    for task in (
        "complaints.tasks.deliver_notice",
        "integrations.tasks.deliver_webhook",
    ):
        ids = {found for name, found in started if name == task}
        assert ids == {request_id}, task
