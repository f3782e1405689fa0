"""Which queue a new ticket goes to, and how it assigns: held per process.

Routes and queue settings change a few times a year and every filing reads them,
so they are a config.config_cache.ConfigCache, reloaded when a route or a queue
changes (a queue's round-robin bookkeeping excepted).
"""

from dataclasses import dataclass

from complaints.models import Queue, QueueRoute
from config.config_cache import ConfigCache


@dataclass(frozen=True)
class Routes:
    queue_of: dict[tuple[str, str], int]  # (kind, category or "") -> queue id
    assignment: dict[int, str]  # active queue id -> Queue.Assignment


def _load() -> Routes:
    return Routes(
        queue_of={
            (kind, category): queue_id
            for kind, category, queue_id in QueueRoute.objects.filter(
                queue__is_active=True
            ).values_list("kind", "category", "queue_id")
        },
        assignment=dict(
            Queue.objects.filter(is_active=True).values_list("pk", "assignment")
        ),
    )


ROUTES: ConfigCache[Routes] = ConfigCache(
    "queue-routes",
    _load,
    watch=(QueueRoute, Queue),
    ignore_fields={Queue: frozenset({"last_assignee"})},
)


def route_queue_id(*, kind: str, category: str) -> int | None:
    """The queue of a new ticket: its kind and category's route, else its kind's."""
    queue_of = ROUTES.get().queue_of
    return queue_of.get((kind, category)) or queue_of.get((kind, ""))


def queue_assignment(queue_id: int) -> str:
    """How an active queue assigns new tickets; manual for any other queue."""
    return ROUTES.get().assignment.get(queue_id, Queue.Assignment.MANUAL)
