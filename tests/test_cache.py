"""The Redis cache (django-redis): what rate limits and configuration rely on."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django_redis.cache import RedisCache

pytestmark = pytest.mark.redis

BASE_DIR = Path(__file__).resolve().parent.parent


def _backend(prefix: str) -> RedisCache:
    return RedisCache(os.environ["CELERY_BROKER_URL"], {"KEY_PREFIX": prefix})


@pytest.fixture
def prefix() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def backend(prefix: str) -> RedisCache:
    return _backend(prefix)


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


def test_two_cache_clients_share_one_counter(prefix: str) -> None:
    first, second = _backend(prefix), _backend(prefix)  # as two web processes

    assert first.add("hits", 1, timeout=60)
    assert not second.add("hits", 1, timeout=60)
    assert second.incr("hits") == 2
    assert first.incr("hits", 3) == 5
    assert second.get("hits") == 5


def test_another_process_sees_and_bumps_the_same_counter() -> None:
    key = f"hits-{uuid.uuid4().hex}"
    shared = RedisCache(os.environ["CELERY_BROKER_URL"], {})
    shared.add(key, 1, timeout=60)
    try:
        result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [
                sys.executable,
                str(BASE_DIR / "manage.py"),
                "shell",
                "-c",
                f"from django.core.cache import cache; print(cache.incr({key!r}, 4))",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "DJANGO_CACHE_URL": os.environ["CELERY_BROKER_URL"]},
            cwd=BASE_DIR,
            timeout=120,
            check=True,
        )
        assert result.stdout.strip().splitlines()[-1] == "5"
        assert shared.get(key) == 5
    finally:
        shared.delete(key)


def test_concurrent_increments_are_all_counted(prefix: str) -> None:
    _backend(prefix).add("hits", 0, timeout=60)

    def bump() -> None:
        backend = _backend(prefix)
        for _ in range(50):
            backend.incr("hits")

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert _backend(prefix).get("hits") == 200


def test_incr_keeps_the_expiry(backend: RedisCache) -> None:
    backend.add("hits", 1, timeout=60)

    assert backend.incr("hits", 5) == 6

    assert 0 < backend.ttl("hits") <= 60


def test_incr_of_a_missing_key_raises_and_creates_nothing(
    backend: RedisCache,
) -> None:
    with pytest.raises(ValueError, match="not found"):
        backend.incr("absent")

    assert backend.get("absent") is None
    assert backend.add("absent", 1, timeout=60)
