"""Outgoing webhooks to the wallet core: an outbox of signed POSTs, like notices."""

import hashlib
import hmac
import json
import logging
import time
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from config.formats.money import money_plain
from config.logs import current_request_id
from integrations import tasks
from integrations.models import Event, WebhookDelivery
from integrations.subscriptions import endpoints_for
from outbox.dispatch import outbox_dispatch_on_commit
from outbox.redispatch import outbox_record_failure, outbox_redispatch, outbox_retry

if TYPE_CHECKING:
    from accounts.models import User
    from complaints.models import RefundDecision, StatusChange, Ticket

logger = logging.getLogger(__name__)

Payload = Mapping[str, object]

TIMEOUT_SECONDS = 10
MAX_DISPATCHES = 10
SIGNATURE_TOLERANCE = timedelta(minutes=5)
USER_AGENT = "Walletdesk-Webhooks/1"


def _envelope(*, event: str, event_id: uuid.UUID, data: Payload) -> str:
    envelope = {
        "id": str(event_id),
        "event": event,
        "occurred_at": timezone.now(),
        "data": data,
    }
    return json.dumps(
        envelope, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    )


def webhook_queue(
    *, event: str, payload: Payload | Callable[[], Payload]
) -> list[WebhookDelivery]:
    """Write one delivery row per active endpoint subscribed to event; POST after commit.

    Call inside the transaction of the event: if it rolls back, no row and no
    task exist. payload may be a callable, built only when some endpoint
    listens; the subscriptions are held per process (integrations.subscriptions),
    so an unconfigured install pays no query. No endpoint,
    no rows. Returns the deliveries written.
    """
    endpoints = endpoints_for(event)
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    body = _envelope(
        event=event,
        event_id=event_id,
        data=payload() if callable(payload) else payload,
    )
    deliveries = []
    for endpoint_id in endpoints:
        delivery = WebhookDelivery.objects.create(
            endpoint_id=endpoint_id,
            event=event,
            event_id=event_id,
            body=body,
            dispatch_count=1,
        )
        outbox_dispatch_on_commit(tasks.deliver_webhook, delivery.pk)
        deliveries.append(delivery)
    return deliveries


def webhook_queue_one(
    *, endpoint_id: int, event: str, payload: Payload
) -> WebhookDelivery:
    """Write one delivery row for one endpoint and POST it after commit.

    For requests addressed to a single receiver (a wallet action goes to the
    core, once), not broadcast events. Call inside the event's transaction.
    """
    event_id = uuid.uuid4()
    delivery = WebhookDelivery.objects.create(
        endpoint_id=endpoint_id,
        event=event,
        event_id=event_id,
        body=_envelope(event=event, event_id=event_id, data=payload),
        dispatch_count=1,
    )
    outbox_dispatch_on_commit(tasks.deliver_webhook, delivery.pk)
    return delivery


# Work to do in the transaction that stamps a delivery sent, per event: an app
# above integrations (wallet actions) registers it in its AppConfig.ready(), so
# whichever path delivers the row (the task, the re-dispatch, a retry) runs it.
_SENT_HOOKS: dict[str, list[Callable[[WebhookDelivery], None]]] = {}


def webhook_on_sent(event: str, hook: Callable[[WebhookDelivery], None]) -> None:
    """Run hook(delivery) inside the transaction that stamps an event's delivery sent."""
    hooks = _SENT_HOOKS.setdefault(event, [])
    if hook not in hooks:
        hooks.append(hook)


def webhook_sign(*, secret: str, timestamp: int, body: str) -> str:
    """The X-Walletdesk-Signature value: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">."""
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256
    ).hexdigest()
    return f"sha256={digest}"


def webhook_signature_check(
    *, secret: str, timestamp: str, body: str, signature: str, now: float | None = None
) -> bool:
    """Check a received signature the way the wallet core should (reference code).

    Rejects timestamps more than SIGNATURE_TOLERANCE away, which stops replays.
    """
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > SIGNATURE_TOLERANCE.total_seconds():
        return False
    expected = webhook_sign(secret=secret, timestamp=sent, body=body)
    return hmac.compare_digest(expected, signature)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET that "succeeds"; treat it as an error.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(delivery: WebhookDelivery) -> int:
    endpoint = delivery.endpoint
    if urlsplit(endpoint.url).scheme not in {"http", "https"}:
        raise ValueError(endpoint.url)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Walletdesk-Event": delivery.event,
        "X-Walletdesk-Delivery": str(delivery.event_id),
        "X-Walletdesk-Timestamp": str(timestamp),
        "X-Walletdesk-Signature": webhook_sign(
            secret=endpoint.secret, timestamp=timestamp, body=delivery.body
        ),
    }
    # The request that caused the event, for tracing across both systems' logs
    # (a re-dispatched delivery has none).
    if request_id := current_request_id():
        headers["X-Request-Id"] = request_id
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        endpoint.url, data=delivery.body.encode(), method="POST", headers=headers
    )
    # Any status outside 2xx raises HTTPError, an OSError: the task retries it.
    with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
        return response.status


@transaction.atomic
def webhook_deliver(*, delivery_id: int) -> bool:
    """POST one delivery and stamp sent_at; do nothing if it was already sent.

    Locks the row, so a concurrent attempt waits and then finds sent_at set. A
    refused or failed POST (an OSError) rolls back and propagates, so the task
    retries. A delivery whose endpoint was switched off is marked failed, unsent.
    The one gap left is a crash after the receiver answered and before the
    commit; receivers deduplicate on X-Walletdesk-Delivery. Returns whether this
    call sent it.
    """
    delivery = (
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("endpoint")
        .filter(pk=delivery_id, sent_at__isnull=True)
        .first()
    )
    if delivery is None:
        return False
    if not delivery.endpoint.is_active:
        delivery.failed_at = timezone.now()
        delivery.last_error = "endpoint inactive"
        delivery.save(update_fields=["failed_at", "last_error"])
        return False
    status = _post(delivery)
    delivery.sent_at = timezone.now()
    delivery.failed_at = None
    delivery.response_status = status
    delivery.last_error = ""
    delivery.save(
        update_fields=["sent_at", "failed_at", "response_status", "last_error"]
    )
    for hook in _SENT_HOOKS.get(delivery.event, ()):
        hook(delivery)
    return True


def webhook_record_failure(
    *, delivery_id: int, error: str, status: int | None = None, final: bool = False
) -> None:
    """Remember why a POST failed; final marks the delivery failed for the admin."""
    outbox_record_failure(
        rows=WebhookDelivery.objects.all(),
        row_id=delivery_id,
        error=error,
        final=final,
        response_status=status,
    )


def webhooks_redispatch(
    *, grace: timedelta = timedelta(minutes=2), batch: int = 500
) -> int:
    """Queue unsent deliveries again on the notices' schedule; fail them in the end.

    Returns how many were queued.
    """
    return outbox_redispatch(
        rows=WebhookDelivery.objects.all(),
        task=tasks.deliver_webhook,
        grace=grace,
        max_dispatches=MAX_DISPATCHES,
        batch=batch,
    )


def webhook_deliveries_retry(*, delivery_ids: list[int]) -> int:
    """Give failed or stuck deliveries a fresh set of tries (an admin action)."""
    return outbox_retry(
        rows=WebhookDelivery.objects.all(),
        task=tasks.deliver_webhook,
        row_ids=delivery_ids,
    )


def _person(user: "User | None") -> dict[str, object] | None:
    # As the API writes a person: the id and the username (the wallet core names
    # its customers by username, as in the transaction push's owner).
    return None if user is None else {"id": user.pk, "username": user.username}


def _ticket_fields(ticket: "Ticket") -> dict[str, object]:
    # Identifiers and state only: subject and description may hold personal data
    # the wallet core has no need for.
    return {
        "reference": ticket.reference,
        "kind": ticket.kind,
        "category": ticket.category,
        "status": ticket.status,
        "channel": ticket.channel,
        "customer_id": ticket.customer_id,
        "customer": _person(ticket.customer),
        "received_at": ticket.received_at,
        "resolve_by": ticket.resolve_by,
        "acknowledged_at": ticket.acknowledged_at,
        "resolved_at": ticket.resolved_at,
        "outcome": ticket.outcome,
        "outcome_amount": money_plain(ticket.outcome_amount, ticket.outcome_currency)
        if ticket.outcome_amount is not None
        else None,
        "outcome_currency": ticket.outcome_currency,
    }


def ticket_created_payload(*, ticket: "Ticket") -> dict[str, object]:
    """Event data for ticket.created: the ticket and the transactions it names."""
    return {
        "ticket": _ticket_fields(ticket),
        "transactions": list(
            ticket.transaction_links.order_by("pk").values_list(
                "transaction__reference", flat=True
            )
        ),
    }


def status_changed_payload(*, change: "StatusChange") -> dict[str, object]:
    """Event data for ticket.status_changed (no query: the change holds its ticket)."""
    return {
        "ticket": _ticket_fields(change.ticket),
        "from_status": change.from_status,
        "to_status": change.to_status,
        "changed_at": change.created_at,
        "by_system": change.actor_id is None,
        "actor": _person(change.actor),
    }


def refund_approved_payload(*, decision: "RefundDecision") -> dict[str, object]:
    """Event data for refund.approved: what the wallet core must pay back, and to whom."""
    request = decision.refund_request
    return {
        "ticket": _ticket_fields(request.ticket),
        "refund": {
            "transaction": request.transaction.reference,
            "amount_requested": money_plain(request.amount_requested, request.currency),
            "approved_amount": money_plain(decision.approved_amount, decision.currency),
            "currency": decision.currency,
            "decided_by": _person(decision.decided_by),
            "decided_at": decision.decided_at,
            "approved_by": _person(decision.approved_by),
            "approved_at": decision.approved_at,
            "paid_at": decision.paid_at,
            "payment_reference": decision.payment_reference,
        },
    }


__all__ = [
    "Event",
    "refund_approved_payload",
    "status_changed_payload",
    "ticket_created_payload",
    "webhook_deliver",
    "webhook_on_sent",
    "webhook_queue",
    "webhook_queue_one",
    "webhook_sign",
    "webhook_signature_check",
    "webhooks_redispatch",
]
