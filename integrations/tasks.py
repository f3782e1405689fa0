"""Celery tasks for webhooks: thin wrappers that load by id and call the outbox."""

import logging
from urllib.error import HTTPError

from celery import Task, shared_task

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OSError,),  # refused connections, timeouts and non-2xx answers
    retry_backoff=5,
    retry_backoff_max=600,
    # Full jitter may pick a 0 s countdown, retrying a failing receiver at once;
    # a plain doubling (10 s, 20 s, ...) is what "backoff" promises.
    retry_jitter=False,
    max_retries=6,
    acks_late=True,
)
def deliver_webhook(self: Task, delivery_id: int) -> bool:
    """POST one webhook delivery; retry failures with backoff, then mark it failed."""
    from integrations.webhooks import webhook_deliver, webhook_record_failure

    try:
        return webhook_deliver(delivery_id=delivery_id)
    except Exception as error:
        final = isinstance(error, OSError) and self.request.retries >= self.max_retries
        webhook_record_failure(
            delivery_id=delivery_id,
            error=repr(error),
            status=error.code if isinstance(error, HTTPError) else None,
            final=final,
        )
        logger.warning(
            "Webhook delivery %s failed (try %s%s): %r",
            delivery_id,
            self.request.retries + 1,
            ", giving up" if final else "",
            error,
        )
        raise


@shared_task
def redispatch_unsent_webhooks() -> int:
    """Queue unsent webhook deliveries again (celery beat, every minute)."""
    from integrations.webhooks import webhooks_redispatch

    return webhooks_redispatch()
