"""Who works on a ticket: automatic assignment on receipt, and who has it open."""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.recorder import audit_record
from complaints.models import Queue, Ticket, TicketPresence


def _candidates(queue: Queue) -> list[User]:
    """Active agents of the queue with their open assigned tickets, in one query."""
    # A count per agent over open tickets only (ticket_open_assignee_idx): a join
    # with a filtered Count reads every ticket an agent ever had (bench/README.md).
    open_load = (
        Ticket.objects.open()
        .filter(assignee=OuterRef("pk"))
        .order_by()
        .values("assignee")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        User.objects.filter(queues=queue, role=User.Role.AGENT, is_active=True)
        .annotate(open_load=Coalesce(Subquery(open_load), 0))
        .order_by("pk")
    )


@transaction.atomic
def ticket_auto_assign(*, ticket: Ticket) -> User | None:
    """Give a new ticket an assignee by its queue's rule; return whom (or None).

    Least-loaded picks the active agent with the fewest open assigned tickets
    (lowest id on a tie); round-robin picks the next active agent after the queue's
    last pick. Locks the queue row so concurrent filings spread over the agents.
    Does nothing for a ticket already assigned, without a queue, in a manual
    queue, or in a queue without active agents.
    """
    if ticket.assignee_id is not None or ticket.queue_id is None:
        return None
    queue = Queue.objects.select_for_update().get(pk=ticket.queue_id)
    if queue.assignment == Queue.Assignment.MANUAL:
        return None
    agents = _candidates(queue)
    if not agents:
        return None
    if queue.assignment == Queue.Assignment.ROUND_ROBIN:
        after = [agent for agent in agents if agent.pk > (queue.last_assignee_id or 0)]
        chosen = (after or agents)[0]
    else:
        chosen = min(agents, key=lambda agent: (agent.open_load, agent.pk))
    queue.last_assignee = chosen
    queue.save(update_fields=["last_assignee"])
    Ticket.objects.filter(pk=ticket.pk).update(assignee=chosen)
    audit_record(
        instance=ticket,
        action=AuditEvent.Action.UPDATE,
        changes={"assignee": [None, chosen.pk]},
    )
    ticket.assignee = chosen
    return chosen


def ticket_presence_touch(*, ticket: Ticket, user: User) -> TicketPresence:
    """Record that a staff member has the ticket open now (the page's heartbeat).

    Called by POST only; one row per person and ticket, updated in place.
    """
    presence, _created = TicketPresence.objects.update_or_create(
        ticket=ticket, user=user, defaults={"seen_at": timezone.now()}
    )
    return presence
