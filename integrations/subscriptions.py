"""Which active webhook endpoints listen to which event, held per process.

Every ticket event asks this; endpoints change rarely, so it is a
config.config_cache.ConfigCache, reloaded when an endpoint is saved or deleted.
"""

from config.config_cache import ConfigCache
from integrations.models import WebhookEndpoint


def _load() -> dict[str, tuple[int, ...]]:
    listening: dict[str, list[int]] = {}
    for pk, events in (
        WebhookEndpoint.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "events")
    ):
        for event in events:
            listening.setdefault(event, []).append(pk)
    return {event: tuple(ids) for event, ids in listening.items()}


SUBSCRIPTIONS: ConfigCache[dict[str, tuple[int, ...]]] = ConfigCache(
    "webhook-subscriptions", _load, watch=(WebhookEndpoint,)
)


def endpoints_for(event: str) -> tuple[int, ...]:
    """Ids of the active endpoints subscribed to event."""
    return SUBSCRIPTIONS.get().get(event, ())
