"""Identity test helpers: the wallet core's key and a provisioned customer."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from accounts.models import User
from identity.provisioning import CustomerProfile, customer_provision
from integrations.api_keys import api_key_issue


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    # Throttle and rate-limit counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def system_secret(db: None) -> str:
    _key, secret = api_key_issue(name="wallet core", actor=None)
    return secret


def provision(account_id: str, **changes: str) -> User:
    profile = {
        "phone": "+8613800138000",
        "email": f"{account_id}@example.com",
        "display_name": "王小明",
        "preferred_language": "zh-hans",
        "status": "active",
        **changes,
    }
    customer, _created = customer_provision(
        account_id=account_id, profile=CustomerProfile(**profile)
    )
    return customer
