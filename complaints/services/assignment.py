"""Who works on a ticket: automatic assignment on receipt, and who has it open."""

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from complaints.models import Queue, Ticket, TicketPresence
from complaints.routing import queue_assignment


def _agents(queue_id: int) -> QuerySet[User]:
    # Who takes a queue's tickets: a member, an agent, active.
    return User.objects.filter(
        queues=queue_id, role=User.Role.AGENT, is_active=True
    ).order_by("pk")


def _least_loaded(queue_id: int) -> int | None:
    # The counts are kept in AgentLoad (complaints.services.loads): one row per
    # agent, where counting read an index entry per open ticket. An agent
    # without a row has none open.
    return (
        _agents(queue_id)
        .annotate(load=Coalesce("open_load__open_tickets", 0))
        .order_by("load", "pk")
        .values_list("pk", flat=True)
        .first()
    )


# No savepoint: a failure here fails the whole filing anyway.
@transaction.atomic(savepoint=False)
def assignee_pick(*, queue_id: int | None) -> int | None:
    """Choose the assignee of a ticket being filed into a queue; return their id.

    Least-loaded picks the active agent with the fewest open assigned tickets
    (lowest id on a tie), read from their AgentLoad counts. It takes no lock:
    two filings at the same instant may both pick the same agent, one ticket of
    imbalance that the next filing evens out, where a queue lock held to commit
    would serialise every filing of the queue (bench/README.md). Round-robin
    picks the next active agent after the queue's last pick and records it, under
    the queue's row lock until the caller's transaction ends. Returns None
    without a queue, for a manual or inactive queue, or a queue without active
    agents. The queue's mode is read from the cached routes
    (complaints.routing), not its row. Called by ticket_create before the ticket
    is written, so the assignee is part of its first row and creation audit event.
    """
    if queue_id is None:
        return None
    mode = queue_assignment(queue_id)
    if mode == Queue.Assignment.MANUAL:
        return None
    if mode != Queue.Assignment.ROUND_ROBIN:
        return _least_loaded(queue_id)
    queue = (
        Queue.objects.select_for_update()
        .only("assignment", "last_assignee_id")
        .get(pk=queue_id)
    )
    agent_ids = list(_agents(queue_id).values_list("pk", flat=True))
    if not agent_ids:
        return None
    after = [pk for pk in agent_ids if pk > (queue.last_assignee_id or 0)]
    chosen = (after or agent_ids)[0]
    queue.last_assignee_id = chosen
    queue.save(update_fields=["last_assignee"])
    return chosen


def ticket_presence_touch(*, ticket: Ticket, user: User) -> TicketPresence:
    """Record that a staff member has the ticket open now (the page's heartbeat).

    Called by POST only; one row per person and ticket, updated in place.
    """
    presence, _created = TicketPresence.objects.update_or_create(
        ticket=ticket, user=user, defaults={"seen_at": timezone.now()}
    )
    return presence
