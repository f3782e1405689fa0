"""The Redis cache backend (config/cache.py): Django's, with one client per pool."""

import os
import uuid

import pytest

from config.cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def backend() -> RedisCache:
    return RedisCache(os.environ["CELERY_BROKER_URL"], {"KEY_PREFIX": uuid.uuid4().hex})


def test_reads_and_writes_like_djangos_backend(backend: RedisCache) -> None:
    backend.set("session", {"user": 7}, timeout=60)
    assert backend.add("counter", 1, timeout=60)
    assert not backend.add("counter", 5, timeout=60)

    assert backend.get("session") == {"user": 7}
    assert backend.incr("counter") == 2
    assert backend.get_many(["session", "counter", "absent"]) == {
        "session": {"user": 7},
        "counter": 2,
    }
    backend.delete_many(["session", "counter"])
    assert backend.get("session") is None


def test_every_call_shares_one_client_and_pool(backend: RedisCache) -> None:
    backend.set("key", "value", timeout=60)
    client = backend._cache.get_client(write=True)

    assert backend.get("key") == "value"
    assert backend._cache.get_client() is client
    assert client.connection_pool is backend._cache._pools[0]


def test_incr_is_one_round_trip_and_keeps_the_expiry(
    backend: RedisCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend.add("hits", 1, timeout=60)
    client = backend._cache.get_client(write=True)
    backend.incr("hits")  # loads the script
    commands: list[str] = []
    send = client.execute_command
    monkeypatch.setattr(
        client,
        "execute_command",
        lambda *args, **kwargs: commands.append(args[0]) or send(*args, **kwargs),
    )

    assert backend.incr("hits", 5) == 7

    assert commands == ["EVALSHA"]
    assert 0 < client.ttl(backend.make_key("hits")) <= 60


def test_incr_of_a_missing_key_raises_and_creates_nothing(
    backend: RedisCache,
) -> None:
    with pytest.raises(ValueError, match="not found"):
        backend.incr("absent")

    assert backend.get("absent") is None
    assert backend.add("absent", 1, timeout=60)
