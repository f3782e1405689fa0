"""Per-process copies of small configuration tables, reloaded when they change.

Filing a ticket reads the queue routes, the SLA profiles and their calendars:
a few dozen rows that change a few times a year but were loaded, with their
queries, on every filing (bench/README.md). A ConfigCache loads such a value once
per process and keeps it until any process saves or deletes a row of one of its
models: the save bumps a generation number in the shared cache (Redis in
production) after commit, and every process compares that number, one cache
read, before using its copy. Writes that send no model signals (QuerySet.update,
bulk_create, raw SQL) are caught by max_age, after which a copy is reloaded
anyway; call ConfigCache.invalidate() after such a write to apply it at once.

Within a request the generations of all config caches are read together, with one
cache call at the first use, and kept until the request ends: a filing uses
three config caches and made three cache round trips for them. A change made by the
request itself still applies at once (invalidate() updates the request's copy);
one made by another process applies from the next request.
"""

import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_KEY = "config-generation:{name}"
_ALL: list["ConfigCache"] = []


class _RequestGenerations(threading.local):
    """The generations read in the current request; None outside requests."""

    values: dict[str, str] | None = None
    active = False


_request = _RequestGenerations()


def _request_started(**kwargs: object) -> None:
    _request.active, _request.values = True, None


def _request_finished(**kwargs: object) -> None:
    _request.active, _request.values = False, None


request_started.connect(_request_started, dispatch_uid="config-cache-generations")
request_finished.connect(_request_finished, dispatch_uid="config-cache-generations")


def waiting_for_commit(callback: Callable[[], None] | None) -> bool:
    """Whether callback is an on-commit callback of the open transaction.

    Django drops the callbacks of a rolled-back transaction or savepoint, so a
    change whose callback is gone was committed (and told) or undone.
    """
    if callback is None:
        return False
    waiting = transaction.get_connection().run_on_commit
    return any(entry[1] is callback for entry in waiting)


class ConfigCache(Generic[T]):
    """A value built from the database by load(), shared by a process's threads.

    watch names the models load() reads; ignore_fields names, per model, fields
    whose saves alone do not change the value (a queue's last round-robin pick).
    """

    def __init__(
        self,
        name: str,
        load: Callable[[], T],
        *,
        watch: Iterable[type[models.Model]],
        ignore_fields: dict[type[models.Model], frozenset[str]] | None = None,
        max_age: float = 300,
    ) -> None:
        self.name = name
        self.load = load
        self.max_age = max_age
        self._watched = tuple(watch)
        self._ignored = dict(ignore_fields or {})
        self._lock = threading.Lock()
        self._value: T | None = None
        self._generation: str | None = None
        self._loaded_at = 0.0
        # The on-commit callback of a change in an open transaction: while it is
        # pending there, that transaction must see its own uncommitted rows, and
        # other processes must not be told yet.
        self._pending: Callable[[], None] | None = None
        _ALL.append(self)

    @property
    def key(self) -> str:
        return _KEY.format(name=self.name)

    def _current_generation(self) -> str:
        if _request.active:
            if _request.values is None:
                _request.values = cache.get_many([each.key for each in _ALL])
            generation = _request.values.get(self.key)
        else:
            generation = cache.get(self.key)
        if generation is None:
            # First use, or the cache was flushed: start a new generation, so a
            # copy from before the flush is not trusted.
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            generation = cache.get(self.key) or ""
            if _request.values is not None:
                _request.values[self.key] = generation
        return generation

    def get(self) -> T:
        """The current value, reloaded if a model changed or it is too old."""
        if waiting_for_commit(self._pending):
            return self.load()
        generation = self._current_generation()
        with self._lock:
            fresh = time.monotonic() - self._loaded_at < self.max_age
            if self._generation == generation and fresh and self._value is not None:
                return self._value
        value = self.load()
        with self._lock:
            self._value, self._generation = value, generation
            self._loaded_at = time.monotonic()
        return value

    def invalidate(self) -> None:
        """Make every process reload its copy at its next use (this one at once)."""
        generation = uuid.uuid4().hex
        cache.set(self.key, generation, timeout=None)
        if _request.values is not None:
            _request.values[self.key] = generation

    def _on_change(self, **kwargs: object) -> None:
        update_fields = kwargs.get("update_fields")
        ignored = self._ignored.get(kwargs["sender"], frozenset())
        if update_fields and set(update_fields) <= ignored:
            return

        # Others are told after commit: a process reloading before the commit would
        # keep the old rows under the new generation.
        def committed() -> None:
            self._pending = None
            self.invalidate()

        self._pending = committed
        transaction.on_commit(committed)

    def connect(self) -> None:
        """Reload after a save or delete of a watched model (call from ready()).

        Every process connects, also one that never reads the value: an admin
        process's save must reach the copies held by the others.
        """
        for model in self._watched:
            post_save.connect(self._on_change, sender=model, weak=False)
            post_delete.connect(self._on_change, sender=model, weak=False)
