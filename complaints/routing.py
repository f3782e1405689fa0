"""Which queue a new ticket goes to: the queue routes, held per process.

Routes change a few times a year and every filing reads them, so they are a
config.snapshots.Snapshot, reloaded when a route or a queue changes (a queue's
round-robin bookkeeping excepted).
"""

from complaints.models import Queue, QueueRoute
from config.snapshots import Snapshot


def _load() -> dict[tuple[str, str], int]:
    return {
        (kind, category): queue_id
        for kind, category, queue_id in QueueRoute.objects.filter(
            queue__is_active=True
        ).values_list("kind", "category", "queue_id")
    }


ROUTES: Snapshot[dict[tuple[str, str], int]] = Snapshot(
    "queue-routes",
    _load,
    watch=(QueueRoute, Queue),
    ignore_fields={Queue: frozenset({"last_assignee"})},
)


def route_queue_id(*, kind: str, category: str) -> int | None:
    """The queue of a new ticket: its kind and category's route, else its kind's."""
    routes = ROUTES.get()
    return routes.get((kind, category)) or routes.get((kind, ""))
