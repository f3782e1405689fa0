"""Wallet-action helpers: the core's endpoint and key, signed callbacks."""

import json
import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from complaints.models import Ticket
from integrations.api_keys import api_key_issue
from integrations.models import Event, WebhookEndpoint
from integrations.webhooks import webhook_sign
from tests.factories import TicketFactory
from wallet_actions.models import WalletAction


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def core_endpoint_create(
    url: str = "http://127.0.0.1:9/actions", *, answers: bool = False
) -> WebhookEndpoint:
    """The core's endpoint for actions (and the customers' answers, if asked)."""
    events = [Event.WALLET_ACTION_REQUESTED]
    if answers:
        events.append(Event.PAYMENT_CHECK_ANSWERED)
    return WebhookEndpoint.objects.create(name="core", url=url, events=events)


@pytest.fixture
def core_endpoint(db: None) -> WebhookEndpoint:
    return core_endpoint_create()


@pytest.fixture
def core_key(db: None) -> str:
    _key, secret = api_key_issue(name="wallet core", actor=None)
    return secret


@pytest.fixture
def unauthorized_complaint(db: None) -> Ticket:
    return TicketFactory(category=Ticket.Category.UNAUTHORIZED)


def outcome_url(action: WalletAction) -> str:
    return f"/api/v1/system/wallet-actions/{action.pk}/outcome/"


def callback(
    client: Client,
    *,
    action: WalletAction,
    key: str,
    secret: str,
    signature: str | None = None,
    **answer: object,
) -> object:
    """POST the core's answer, signed as a real core signs it."""
    answer.setdefault("attempt", action.attempt)
    body = json.dumps(answer)
    timestamp = int(time.time())
    return client.post(
        outcome_url(action),
        data=body,
        content_type="application/json",
        headers={
            "Authorization": f"Api-Key {key}",
            "X-Walletdesk-Timestamp": str(timestamp),
            "X-Walletdesk-Signature": signature
            or webhook_sign(secret=secret, timestamp=timestamp, body=body),
        },
    )
