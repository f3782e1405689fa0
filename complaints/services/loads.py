"""Agents' open-ticket counts (AgentLoad), changed with what changes them.

The count of an agent moves when a ticket is filed to them, reassigned to or
from them while open, resolved or reopened; ticket_create, ticket_assign and
workflow.ticket_transition call agent_load_change in their own transaction.
agent_loads_recount sets every count from the tickets (after a bulk load, and
hourly from beat as a check).
"""

import logging

from django.db import transaction
from django.db.models import Count

from complaints.models import AgentLoad, Ticket
from config.upserts import counter_add, counters_hold

logger = logging.getLogger(__name__)


def agent_load_change(*, agent_id: int | None, delta: int) -> None:
    """Add delta to an agent's count, in the caller's transaction.

    One upsert: the row lock it takes holds until commit, so concurrent changes
    of one agent's count apply one after the other.
    """
    if agent_id is None or delta == 0:
        return
    counter_add(AgentLoad, key={"agent": agent_id}, counter="open_tickets", delta=delta)


def agent_load_move(*, from_id: int | None, to_id: int | None) -> None:
    """An open ticket passes from one assignee to another (either may be None)."""
    if from_id == to_id:
        return
    # Lower id first: two opposite moves at once then wait instead of deadlocking.
    changes = sorted(
        (
            (agent_id, delta)
            for agent_id, delta in ((from_id, -1), (to_id, 1))
            if agent_id
        ),
    )
    for agent_id, delta in changes:
        agent_load_change(agent_id=agent_id, delta=delta)


@transaction.atomic
def agent_loads_recount() -> int:
    """Set every agent's count from their open tickets; return how many were off.

    On PostgreSQL the counts table is locked against writes first, so a ticket
    filed or resolved meanwhile is counted exactly once: before the lock it has
    committed and is read, after it its change waits and applies on top.
    """
    counters_hold(AgentLoad)
    actual = dict(
        Ticket.objects.open()
        .filter(assignee__isnull=False)
        .order_by()
        .values_list("assignee_id")
        .annotate(count=Count("pk"))
    )
    stored = dict(AgentLoad.objects.values_list("agent_id", "open_tickets"))
    wrong = sorted(
        agent_id
        for agent_id in actual.keys() | stored.keys()
        if actual.get(agent_id, 0) != stored.get(agent_id, 0)
    )
    for agent_id in wrong:
        logger.warning(
            "Agent %s: %s open tickets counted, %s held; corrected.",
            agent_id,
            actual.get(agent_id, 0),
            stored.get(agent_id, 0),
        )
    AgentLoad.objects.bulk_create(
        [AgentLoad(agent_id=pk, open_tickets=actual.get(pk, 0)) for pk in wrong],
        update_conflicts=True,
        unique_fields=["agent"],
        update_fields=["open_tickets"],
    )
    return len(wrong)
