"""Publish an outbox row's delivery task, now or once the transaction commits."""

import logging
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from celery import Task

logger = logging.getLogger(__name__)


def outbox_dispatch(task: "Task", row_id: int | list[int]) -> bool:
    """Publish one delivery task; report failure instead of raising.

    Runs after the event's commit: an exception here would turn a saved ticket
    into an error page (and invite a duplicate submission), so a broker that is
    down, or anything else that stops the publish, is logged and left to the
    periodic re-dispatch. Returns whether the task was published.
    """
    try:
        task.delay(row_id)
    except Exception as error:
        # An expected failure (the broker is down): one line, no traceback.
        logger.warning(
            "Could not dispatch %s(%s); the re-dispatch will retry: %r",
            task.name,
            row_id,
            error,
        )
        return False
    return True


def outbox_dispatch_on_commit(task: "Task", row_id: int | list[int]) -> None:
    """Dispatch the row's delivery once the current transaction commits.

    row_id may be a list, for a task that delivers a batch of rows.

    If the transaction rolls back, nothing is published.
    """
    transaction.on_commit(partial(outbox_dispatch, task, row_id))
