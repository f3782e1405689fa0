"""Mark a ticket's figures as changed, in the transaction that changes them.

Wired in ReportsConfig.ready() to the saves of the rows the figures read
(the ticket, its SLA clocks and their events: a breach is stamped by an UPDATE
followed by its event), so every service, the admin and the API mark the
tickets they change without knowing about reports. Writes that bypass saves
(seeding, QuerySet.update of those fields) are caught by the reconciliation
or the rollups_rebuild command; bulk writes of the workflow send
complaints.signals.tickets_written_in_bulk, which marks their tickets. Inside a
service's complaints.signals.tickets_written_together block (a status move saves
the ticket and then its clocks) the saves only gather their ticket ids, and the
block's end marks each ticket once.
"""

from collections.abc import Iterable

from django.db.models.signals import post_save

from complaints.models import Ticket
from complaints.signals import ticket_write_gathered, tickets_written_in_bulk
from reports.models import RollupPending
from sla.models import ClockEvent, TicketClock

# Folding is beat's job (every 15 s, config.celery_tasks); a task per commit cost filing
# and every other write about a quarter of its speed. Reports add the marks
# still pending at read time, so no figure waits for a fold; one mark in
# FOLD_EVERY (its id from the insert, no extra query) queues a fold after
# commit, so a burst of writes between two beats keeps the pending set, and
# what each report read adds, small.
FOLD_EVERY = 200


def rollup_mark(ticket_id: int) -> None:
    """Append a pending mark for the ticket; every FOLD_EVERY-th queues a fold.

    Within complaints.signals.tickets_written_together the mark waits for the
    block's end, which marks each of its tickets once.
    """
    if not ticket_write_gathered(ticket_id):
        rollup_mark_many([ticket_id])


def rollup_mark_many(ticket_ids: Iterable[int]) -> None:
    """Append a pending mark for each ticket, in one insert; a fold if one is FOLD_EVERY-th."""
    from reports.tasks import fold_rollups

    marks = RollupPending.objects.bulk_create(
        RollupPending(ticket_id=ticket_id) for ticket_id in ticket_ids
    )
    if any(mark.pk is not None and mark.pk % FOLD_EVERY == 0 for mark in marks):
        fold_rollups.delay_on_commit()


def _tickets_written_in_bulk(
    sender: object, ticket_ids: Iterable[int], **kwargs: object
) -> None:
    rollup_mark_many(ticket_ids)


def _ticket_saved(
    sender: type, instance: Ticket, raw: bool = False, **kwargs: object
) -> None:
    if not raw:
        rollup_mark(instance.pk)


def _clock_saved(
    sender: type, instance: TicketClock, raw: bool = False, **kwargs: object
) -> None:
    if not raw:
        rollup_mark(instance.ticket_id)


def _clock_event_saved(
    sender: type,
    instance: ClockEvent,
    created: bool = False,
    raw: bool = False,
    **kwargs: object,
) -> None:
    if created and not raw and instance.kind == ClockEvent.Kind.BREACH:
        rollup_mark(instance.clock.ticket_id)


def connect() -> None:
    post_save.connect(_ticket_saved, sender=Ticket, dispatch_uid="rollup_ticket")
    post_save.connect(_clock_saved, sender=TicketClock, dispatch_uid="rollup_clock")
    post_save.connect(
        _clock_event_saved, sender=ClockEvent, dispatch_uid="rollup_clock_event"
    )
    tickets_written_in_bulk.connect(
        _tickets_written_in_bulk, dispatch_uid="rollup_tickets_written_in_bulk"
    )


def disconnect() -> None:
    """Undo connect(): for bench/rollup_overhead.py, which measures what the marks cost."""
    post_save.disconnect(sender=Ticket, dispatch_uid="rollup_ticket")
    post_save.disconnect(sender=TicketClock, dispatch_uid="rollup_clock")
    post_save.disconnect(sender=ClockEvent, dispatch_uid="rollup_clock_event")
    tickets_written_in_bulk.disconnect(dispatch_uid="rollup_tickets_written_in_bulk")
