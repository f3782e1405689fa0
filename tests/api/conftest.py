"""API test helpers: clients authenticated as each kind of caller."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from complaints.models import Queue, QueueRoute, Ticket
from integrations.api_keys import api_key_issue
from tests.factories import AgentFactory


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    # Throttle counters live in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


def client_for(user: User | None) -> APIClient:
    """An API client sending this person's token (anonymous for None)."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def client_for_system(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


@pytest.fixture
def system_secret(db: None) -> str:
    _key, secret = api_key_issue(name="wallet core", actor=None)
    return secret


@pytest.fixture
def complaints_queue(db: None) -> Queue:
    """A manual queue that receives every complaint, with one agent in it."""
    queue = Queue.objects.create(
        name="Complaints", slug="complaints", assignment=Queue.Assignment.MANUAL
    )
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, category="", queue=queue)
    queue.agents.add(AgentFactory())
    return queue
