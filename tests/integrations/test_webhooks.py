import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery.exceptions import Retry
from django.db import transaction
from django.utils import timezone

from complaints import workflow
from complaints.models import RefundDecision, Ticket
from integrations import tasks
from integrations.models import Event, WebhookDelivery, WebhookEndpoint
from integrations.webhooks import (
    refund_approved_payload,
    webhook_deliver,
    webhook_queue,
    webhook_sign,
    webhook_signature_check,
    webhooks_redispatch,
)
from tests.factories import AgentFactory, SupervisorFactory, TicketFactory

pytestmark = pytest.mark.django_db


@dataclass
class Receiver:
    """A wallet core stand-in on 127.0.0.1 that answers with the queued statuses."""

    url: str
    statuses: list[int] = field(default_factory=list)
    requests: list[tuple[dict[str, str], str]] = field(default_factory=list)

    def events(self) -> list[str]:
        return [json.loads(body)["event"] for _headers, body in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            state.requests.append((dict(self.headers), body))
            self.send_response(state.statuses.pop(0) if state.statuses else 204)
            if self.path == "/moved":
                self.send_header("Location", "/elsewhere")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()


def _endpoint(url: str, events: list[str] | None = None) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name="Wallet core",
        url=url,
        secret="s3cret",
        events=events if events is not None else list(Event.values),
    )


def test_no_endpoint_means_no_delivery_rows(
    django_capture_on_commit_callbacks: Callable,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        TicketFactory()
    assert not WebhookDelivery.objects.exists()


def test_endpoint_gets_only_the_events_it_subscribed_to(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable
) -> None:
    _endpoint(receiver.url, events=[Event.TICKET_CREATED])
    WebhookEndpoint.objects.create(
        name="Switched off",
        url=receiver.url,
        events=list(Event.values),
        is_active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        TicketFactory()  # also acknowledged by the system: a status change
    assert receiver.events() == ["ticket.created"]
    assert WebhookDelivery.objects.count() == 1


def test_ticket_created_is_posted_signed_and_sent_once(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable
) -> None:
    _endpoint(receiver.url, events=[Event.TICKET_CREATED])
    with django_capture_on_commit_callbacks(execute=True):
        ticket = TicketFactory()
    (headers, body) = receiver.requests[0]
    assert len(receiver.requests) == 1
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Walletdesk-Event"] == "ticket.created"
    assert webhook_signature_check(
        secret="s3cret",
        timestamp=headers["X-Walletdesk-Timestamp"],
        body=body,
        signature=headers["X-Walletdesk-Signature"],
    )
    assert not webhook_signature_check(
        secret="another",
        timestamp=headers["X-Walletdesk-Timestamp"],
        body=body,
        signature=headers["X-Walletdesk-Signature"],
    )
    envelope = json.loads(body)
    assert envelope["data"]["ticket"]["reference"] == ticket.reference
    assert envelope["data"]["ticket"]["status"] == "received"
    assert envelope["data"]["transactions"] == [
        link.transaction.reference for link in ticket.transaction_links.all()
    ]
    assert "subject" not in envelope["data"]["ticket"]  # no personal free text
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Walletdesk-Delivery"] == envelope["id"] == str(delivery.event_id)
    assert delivery.sent_at is not None
    assert delivery.response_status == 204
    assert webhook_deliver(delivery_id=delivery.pk) is False
    assert len(receiver.requests) == 1


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    # From openssl: printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac key
    expected = "a438e398bfafc57e4396bb7fc2304422f0f768e965d073ca313cb52e22e6ad03"
    signature = webhook_sign(secret="key", timestamp=1700000000, body='{"a":1}')
    assert signature == f"sha256={expected}"


def test_signature_check_rejects_tampering_and_replays() -> None:
    body = '{"event":"ticket.created"}'
    now = int(time.time())
    signature = webhook_sign(secret="k", timestamp=now, body=body)
    assert webhook_signature_check(
        secret="k", timestamp=str(now), body=body, signature=signature
    )
    assert not webhook_signature_check(
        secret="k", timestamp=str(now), body=body + " ", signature=signature
    )
    assert not webhook_signature_check(
        secret="k",
        timestamp=str(now),
        body=body,
        signature=signature,
        now=now + 600,
    )
    assert not webhook_signature_check(
        secret="k", timestamp="soon", body=body, signature=signature
    )


def test_status_change_is_posted_with_both_statuses(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable
) -> None:
    _endpoint(receiver.url, events=[Event.TICKET_STATUS_CHANGED])
    agent = AgentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.ticket_transition(
            ticket=ticket, to_status="investigating", actor=agent
        )
    changes = [json.loads(body)["data"] for _headers, body in receiver.requests]
    assert [(c["from_status"], c["to_status"], c["by_system"]) for c in changes] == [
        ("received", "acknowledged", True),
        ("acknowledged", "investigating", False),
    ]
    assert changes[-1]["ticket"]["status"] == "investigating"


def test_rolled_back_event_leaves_no_delivery(receiver: Receiver) -> None:
    _endpoint(receiver.url)
    agent = AgentFactory()
    ticket = TicketFactory()
    WebhookDelivery.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        _transition_then_fail(ticket, agent)
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def _transition_then_fail(ticket: Ticket, agent: object) -> None:
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    raise RuntimeError


def test_server_error_is_retried_with_backoff_and_sent_once(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable
) -> None:
    _endpoint(receiver.url, events=[Event.TICKET_CREATED])
    receiver.statuses = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        TicketFactory()  # first try: 500, the filing still succeeds
    delivery = WebhookDelivery.objects.get()
    assert delivery.sent_at is None
    assert delivery.response_status == 500
    assert "500" in delivery.last_error
    with pytest.raises(Retry) as retry:
        tasks.deliver_webhook.apply(args=[delivery.pk], retries=1)  # 503
    assert retry.value.when > 0  # scheduled later, not at once
    tasks.deliver_webhook.apply(args=[delivery.pk], retries=2)  # 204
    tasks.deliver_webhook.apply(args=[delivery.pk], retries=3)  # a late duplicate
    delivery.refresh_from_db()
    assert delivery.sent_at is not None
    assert delivery.response_status == 204
    assert len(receiver.requests) == 3
    assert len({body for _headers, body in receiver.requests}) == 1


def test_delivery_is_marked_failed_after_the_last_retry(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable
) -> None:
    endpoint = _endpoint(receiver.url, events=[Event.TICKET_CREATED])
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhook_queue(
            event=Event.TICKET_CREATED, payload={"ticket": {"reference": "WD-X"}}
        )
    assert delivery.endpoint == endpoint
    delivery.refresh_from_db()
    assert delivery.sent_at is None  # the immediate try got the 500
    assert delivery.response_status == 500
    receiver.statuses = [500]
    with pytest.raises(OSError, match="500"):
        tasks.deliver_webhook.apply(
            args=[delivery.pk], retries=tasks.deliver_webhook.max_retries
        )
    delivery.refresh_from_db()
    assert delivery.failed_at is not None
    assert delivery.sent_at is None


def test_redirect_is_a_failure_not_a_silent_get(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable
) -> None:
    _endpoint(receiver.url.replace("/hooks", "/moved"), events=[Event.TICKET_CREATED])
    receiver.statuses = [302]
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhook_queue(event=Event.TICKET_CREATED, payload={})
    delivery.refresh_from_db()
    assert delivery.sent_at is None
    assert delivery.response_status == 302
    assert len(receiver.requests) == 1


def test_redispatch_posts_a_stale_unsent_delivery_exactly_once(
    receiver: Receiver,
) -> None:
    _endpoint(receiver.url, events=[Event.TICKET_CREATED])
    TicketFactory()  # on-commit dispatch never runs in this test
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.update(created_at=timezone.now() - timedelta(minutes=3))
    assert webhooks_redispatch() == 1
    assert webhooks_redispatch() == 0
    delivery.refresh_from_db()
    assert delivery.sent_at is not None
    assert len(receiver.requests) == 1


def test_switched_off_endpoint_fails_pending_deliveries_unsent(
    receiver: Receiver,
) -> None:
    endpoint = _endpoint(receiver.url, events=[Event.TICKET_CREATED])
    TicketFactory()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    delivery = WebhookDelivery.objects.get()
    assert webhook_deliver(delivery_id=delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.failed_at is not None
    assert receiver.requests == []


def test_refund_approved_payload_carries_what_the_core_must_pay(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable
) -> None:
    _endpoint(receiver.url, events=[Event.REFUND_APPROVED])
    ticket = TicketFactory(
        kind=Ticket.Kind.MISOPERATION_REFUND, category=Ticket.Category.WRONG_RECIPIENT
    )
    supervisor = SupervisorFactory()
    decision = RefundDecision.objects.create(
        refund_request=ticket.refund_request,
        approved_amount=Decimal("80"),
        currency="CNY",
        decided_by=supervisor,
        approved_by=supervisor,
        approved_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        webhook_queue(
            event=Event.REFUND_APPROVED,
            payload=refund_approved_payload(decision=decision),
        )
    (_headers, body) = receiver.requests[0]
    refund = json.loads(body)["data"]["refund"]
    assert refund["transaction"] == ticket.refund_request.transaction.reference
    assert refund["approved_amount"] == "80.00"
    assert refund["amount_requested"] == "100.00"
    assert refund["currency"] == "CNY"
    assert refund["approved_at"] is not None
