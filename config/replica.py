"""Reads that may come from a PostgreSQL streaming replica (DATABASE_REPLICA_URL).

Only reads that tolerate a lag of a moment go there: the reports and their
exports, and the staff's ticket search. They ask for it explicitly, by running
inside replica_reads() or with .using(replica_alias()). Everything else, every
write and the customers' own pages, uses the primary ("default"); without a
replica configured, replica reads use the primary too.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("walletdesk_replica_reads", default=False)


def replica_alias() -> str:
    """The database alias for lag-tolerant reads: the replica if there is one."""
    return REPLICA if REPLICA in settings.DATABASES else DEFAULT_DB_ALIAS


@contextmanager
def replica_reads() -> Iterator[None]:
    """Route the ORM's reads in this block (this thread or task) to the replica."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """DATABASE_ROUTERS entry: the replica for reads inside replica_reads() only."""

    def db_for_read(self, model: type[Model], **hints: object) -> str | None:
        if _replica_reads.get():
            return replica_alias()
        return None

    def db_for_write(self, model: type[Model], **hints: object) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Model, second: Model, **hints: object) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == DEFAULT_DB_ALIAS
