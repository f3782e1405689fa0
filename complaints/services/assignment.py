"""Who works on a ticket: automatic assignment on receipt, and who has it open."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from complaints.models import Queue, Ticket, TicketPresence


def _candidates(queue: Queue) -> list[tuple[int, int]]:
    """(id, open assigned tickets) of the queue's active agents, by id: two queries."""
    agent_ids = list(
        queue.agents.filter(role=User.Role.AGENT, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not agent_ids:
        return []
    # Counted over open tickets only (ticket_open_assignee_idx, index-only): a
    # join with a filtered Count reads every ticket an agent ever had.
    loads = dict(
        Ticket.objects.open()
        .filter(assignee_id__in=agent_ids)
        .order_by()
        .values_list("assignee_id")
        .annotate(count=Count("pk"))
    )
    return [(pk, loads.get(pk, 0)) for pk in agent_ids]


# No savepoint: a failure here fails the whole filing anyway.
@transaction.atomic(savepoint=False)
def assignee_pick(*, queue_id: int | None) -> int | None:
    """Choose the assignee of a ticket being filed into a queue; return their id.

    Least-loaded picks the active agent with the fewest open assigned tickets
    (lowest id on a tie); round-robin picks the next active agent after the queue's
    last pick, and records the pick. Locks the queue row until the caller's
    transaction ends, so concurrent filings spread over the agents. Returns None
    without a queue, for a manual queue, or a queue without active agents.
    Called by ticket_create before the ticket is written, so the assignee is part
    of the ticket's first row and of its creation audit event.
    """
    if queue_id is None:
        return None
    queue = (
        Queue.objects.select_for_update()
        .only("assignment", "last_assignee_id")
        .filter(pk=queue_id)
        .first()
    )
    if queue is None or queue.assignment == Queue.Assignment.MANUAL:
        return None
    agents = _candidates(queue)
    if not agents:
        return None
    if queue.assignment == Queue.Assignment.ROUND_ROBIN:
        after = [pk for pk, _load in agents if pk > (queue.last_assignee_id or 0)]
        chosen = (after or [pk for pk, _load in agents])[0]
        queue.last_assignee_id = chosen
        queue.save(update_fields=["last_assignee"])
        return chosen
    return min(agents, key=lambda agent: (agent[1], agent[0]))[0]


def ticket_presence_touch(*, ticket: Ticket, user: User) -> TicketPresence:
    """Record that a staff member has the ticket open now (the page's heartbeat).

    Called by POST only; one row per person and ticket, updated in place.
    """
    presence, _created = TicketPresence.objects.update_or_create(
        ticket=ticket, user=user, defaults={"seen_at": timezone.now()}
    )
    return presence
