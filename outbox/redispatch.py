"""Re-dispatch, retry and failure marking for the rows of any outbox model.

rows is the model's QuerySet (Notice.objects.all(), WebhookDelivery.objects.all());
the model has created_at, dispatch_count, sent_at, failed_at and last_error.
"""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from outbox.dispatch import outbox_dispatch, outbox_dispatch_on_commit
from outbox.schedule import redispatch_due

if TYPE_CHECKING:
    from celery import Task


def outbox_redispatch(
    *,
    rows: QuerySet,
    task: "Task",
    grace: timedelta,
    max_dispatches: int,
    batch: int = 500,
) -> int:
    """Queue delivery again for rows left unsent; mark them failed after the last try.

    Safe to run concurrently with deliveries: delivery is idempotent. Stops at the
    first publish that fails (the broker is down) rather than waiting on each row.
    Returns how many rows were queued.
    """
    now = timezone.now()
    due, give_up = redispatch_due(now=now, grace=grace, max_dispatches=max_dispatches)
    unsent = rows.filter(sent_at__isnull=True, failed_at__isnull=True)
    unsent.filter(give_up).update(failed_at=now)
    ids = list(unsent.filter(due).order_by("pk").values_list("pk", flat=True)[:batch])
    queued = []
    for row_id in ids:
        if not outbox_dispatch(task, row_id):
            break
        queued.append(row_id)
    rows.filter(pk__in=queued).update(dispatch_count=F("dispatch_count") + 1)
    return len(queued)


@transaction.atomic
def outbox_retry(*, rows: QuerySet, task: "Task", row_ids: list[int]) -> int:
    """Give failed or stuck rows a fresh set of tries (a supervisor's admin action).

    Clears failed_at and the dispatch count of the unsent ones among row_ids and
    dispatches them after commit. Returns how many were queued again.
    """
    ids = list(
        rows.filter(pk__in=row_ids, sent_at__isnull=True).values_list("pk", flat=True)
    )
    rows.filter(pk__in=ids).update(failed_at=None, dispatch_count=1)
    for row_id in ids:
        outbox_dispatch_on_commit(task, row_id)
    return len(ids)


def outbox_record_failure(
    *,
    rows: QuerySet,
    row_id: int,
    error: str,
    final: bool = False,
    **fields: object,
) -> None:
    """Remember why a delivery attempt failed; final marks the row failed.

    A failed row is left out of the re-dispatch and listed in the admin; a
    delivery still in flight may send it later, which clears the mark. fields are
    other columns to set with it (a webhook's response status).
    """
    changes: dict[str, object] = {"last_error": error[:2000], **fields}
    if final:
        changes["failed_at"] = timezone.now()
    rows.filter(pk=row_id, sent_at__isnull=True).update(**changes)
