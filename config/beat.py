"""One beat at a time: django-celery-beat's scheduler behind a lock in Redis.

Every beat process that starts tries to take the lock (redis-py's Lock: SET NX
with an expiry, released only by its holder). The holder renews it on every tick
and schedules as usual; the others stand by, sending nothing, and take over
within LOCK_SECONDS once the holder stops or dies. Without a Redis broker (local
development, eager Celery) there is no lock to take and beat simply runs.
"""

import contextlib
import logging
import os
import socket
from typing import Any

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler
from redis.exceptions import LockError, RedisError

logger = logging.getLogger(__name__)

LOCK_KEY = "walletdesk:beat-lock"
# A holder that stops renewing (killed, frozen, cut off) loses the lock this long
# after its last tick; beat ticks at least every 5 s.
LOCK_SECONDS = 30
STANDBY_SECONDS = 5.0


class SingleBeatScheduler(DatabaseScheduler):
    """DatabaseScheduler that schedules only while it holds the beat lock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._beat_lock = None
        self._holding = False
        self._announced: bool | None = None
        broker = settings.CELERY_BROKER_URL
        if broker.startswith(("redis://", "rediss://")):
            self._beat_lock = redis.Redis.from_url(
                broker, socket_connect_timeout=2, socket_timeout=5
            ).lock(
                LOCK_KEY,
                timeout=LOCK_SECONDS,
                blocking=False,
                thread_local=False,
            )
        super().__init__(*args, **kwargs)

    def _hold_lock(self) -> bool:
        """Take or renew the lock; log when this beat starts or stops scheduling."""
        if self._beat_lock is None:
            return True
        error: Exception | None = None
        try:
            if self._holding:
                holding = bool(self._beat_lock.reacquire())
            else:
                holding = bool(self._beat_lock.acquire(token=_token()))
        except (LockError, RedisError) as failure:
            holding, error = False, failure
        if holding != self._holding or self._announced is None:
            if holding:
                logger.info("This beat holds the beat lock and schedules tasks")
            elif error is not None:
                logger.warning("Beat lock unavailable (%r); standing by", error)
            else:
                logger.info("Another beat holds the beat lock; standing by")
        self._holding = self._announced = holding
        return holding

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if not self._hold_lock():
            return STANDBY_SECONDS
        return min(super().tick(*args, **kwargs), STANDBY_SECONDS)

    def close(self) -> None:
        super().close()
        if self._holding and self._beat_lock is not None:
            # Expired already (it frees itself) or Redis is gone: nothing to free.
            with contextlib.suppress(LockError, RedisError):
                self._beat_lock.release()
            self._holding = False


def _token() -> str:
    # Names the holder in Redis (GET walletdesk:beat-lock) for an operator.
    return f"{socket.gethostname()}:{os.getpid()}"
