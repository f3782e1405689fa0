"""Signals complaints sends for writes that model signals do not see."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# Sent with ticket_ids (a list of ids) inside the transaction that changed those
# tickets, their clocks or their clock events with bulk writes (bulk_update and
# bulk_create send no post_save): the apps above complaints that follow those
# rows (reports' rollups) learn of the change as they would from the saves.
tickets_written_in_bulk = Signal()

_gathered: ContextVar[set[int] | None] = ContextVar("tickets_gathered", default=None)


@contextmanager
def tickets_written_together() -> Iterator[None]:
    """Announce a service's writes to tickets once, when it is done.

    Used inside the service's transaction. A move saves the ticket, then its
    clocks: the followers of those rows (reports' rollup marks) would mark the
    ticket once per save. Within this block they gather the ticket ids instead
    (ticket_write_gathered), and leaving the block sends tickets_written_in_bulk
    once, still inside the transaction. An exception sends nothing: the
    service's writes roll back with it. Nested blocks send with the outermost.
    """
    if _gathered.get() is not None:
        yield
        return
    ticket_ids: set[int] = set()
    token = _gathered.set(ticket_ids)
    try:
        yield
    finally:
        _gathered.reset(token)
    if ticket_ids:
        tickets_written_in_bulk.send(
            sender=tickets_written_together, ticket_ids=sorted(ticket_ids)
        )


def ticket_write_gathered(ticket_id: int) -> bool:
    """Hand ticket_id to the enclosing tickets_written_together; False outside one.

    Followers' save receivers call it: True means the ticket's write will be
    announced by tickets_written_in_bulk when the block ends.
    """
    ticket_ids = _gathered.get()
    if ticket_ids is None:
        return False
    ticket_ids.add(ticket_id)
    return True
