"""Who works on a ticket: automatic assignment on receipt, and who has it open."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from complaints.models import Queue, Ticket, TicketPresence


def _agent_ids(queue: Queue) -> list[int]:
    return list(
        queue.agents.filter(role=User.Role.AGENT, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _least_loaded(agent_ids: list[int]) -> int:
    # Counted over open tickets only (ticket_open_assignee_idx, index-only): a
    # join with a filtered Count reads every ticket an agent ever had.
    loads = dict(
        Ticket.objects.open()
        .filter(assignee_id__in=agent_ids)
        .order_by()
        .values_list("assignee_id")
        .annotate(count=Count("pk"))
    )
    return min(agent_ids, key=lambda pk: (loads.get(pk, 0), pk))


# No savepoint: a failure here fails the whole filing anyway.
@transaction.atomic(savepoint=False)
def assignee_pick(*, queue_id: int | None) -> int | None:
    """Choose the assignee of a ticket being filed into a queue; return their id.

    Least-loaded picks the active agent with the fewest open assigned tickets
    (lowest id on a tie). It takes no lock: two filings at the same instant may
    both pick the same agent, one ticket of imbalance that the next filing
    evens out, where a queue lock held to commit would serialise every filing of
    the queue (bench/README.md). Round-robin picks the next active agent after
    the queue's last pick and records it, under the queue's row lock until the
    caller's transaction ends. Returns None without a queue, for a manual queue,
    or a queue without active agents. Called by ticket_create before the ticket
    is written, so the assignee is part of its first row and creation audit event.
    """
    if queue_id is None:
        return None
    queue = Queue.objects.only("assignment").filter(pk=queue_id).first()
    if queue is None or queue.assignment == Queue.Assignment.MANUAL:
        return None
    if queue.assignment == Queue.Assignment.ROUND_ROBIN:
        queue = (
            Queue.objects.select_for_update()
            .only("assignment", "last_assignee_id")
            .get(pk=queue_id)
        )
    agent_ids = _agent_ids(queue)
    if not agent_ids:
        return None
    if queue.assignment != Queue.Assignment.ROUND_ROBIN:
        return _least_loaded(agent_ids)
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
