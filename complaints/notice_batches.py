"""Notices queued and delivered by the batch: one insert, one task, one mail connection.

For moves made in bulk (complaints.workflow_batch). The rows are the same as
notice_queue writes and each is delivered by notice_deliver, in its own
transactions with its own stamps, so a batch promises what a single delivery
does: each notice sent once on each channel, followers after their predecessor.
"""

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail import get_connection
from django.db.models import Prefetch

from complaints import tasks
from complaints.models import Notice
from complaints.notice_rendering import PAID_ACTIONS, paid_actions_query
from complaints.notices import FOLLOWS, notice_deliver
from outbox.dispatch import outbox_dispatch, outbox_dispatch_on_commit

if TYPE_CHECKING:
    from complaints.models import StatusChange

logger = logging.getLogger(__name__)


def notices_queue_for_changes(
    *, changes: "Sequence[StatusChange]", kinds: Sequence[str]
) -> list[Notice]:
    """notice_queue of each kind to the customer of each change's ticket, in one insert.

    Each change's ticket is loaded. One delivery task takes them all after
    commit, each change's notices in the order of kinds (a follower after its
    predecessor); the re-dispatch hands any left unsent to deliver_notice.
    """
    created = Notice.objects.bulk_create(
        Notice(
            ticket=change.ticket,
            recipient_id=change.ticket.customer_id,
            kind=kind,
            language=change.ticket.language,
            status_change=change,
            dispatch_count=1,
        )
        for change in changes
        for kind in kinds
    )
    if created:
        outbox_dispatch_on_commit(
            tasks.deliver_notices, [notice.pk for notice in created]
        )
    return created


def notices_deliver_many(*, notice_ids: Sequence[int]) -> int:
    """notice_deliver for each notice in turn, over one mail connection.

    A notice that FOLLOWS another is not dispatched by its predecessor here: it
    comes later in notice_ids. One whose delivery fails is handed to its own
    deliver_notice task (retries, the failure record) and the batch goes on; a
    follower of it then waits, and is dispatched when it is sent. Returns how
    many notices this call finished.
    """
    finished = 0
    # What rendering reads, for the whole batch in two queries (the notices with
    # their rows, the tickets' paid payouts); each step still locks its row and
    # re-reads its stamps.
    loaded = (
        Notice.objects.select_related("ticket", "recipient", "status_change", "message")
        .prefetch_related(
            Prefetch(
                "ticket__wallet_actions",
                queryset=paid_actions_query(),
                to_attr=PAID_ACTIONS,
            )
        )
        .in_bulk(notice_ids)
    )
    # (status change, kind) of the notices this batch sent: a follower of one
    # of them need not look its predecessor up.
    sent: set[tuple[int | None, str]] = set()
    with get_connection() as connection:
        for notice_id in notice_ids:
            notice = loaded.get(notice_id)
            try:
                done = notice_deliver(
                    notice_id=notice_id,
                    connection=connection,
                    dispatch_followers=False,
                    loaded=notice,
                    predecessor_sent=notice is not None
                    and (notice.status_change_id, FOLLOWS.get(notice.kind)) in sent,
                )
                finished += done
                if done and notice is not None and notice.status_change_id:
                    sent.add((notice.status_change_id, notice.kind))
            except SoftTimeLimitExceeded:
                raise  # out of time: the re-dispatch takes the notices left
            except Exception as error:
                logger.warning(
                    "Notice %s not delivered in its batch; retried alone: %r",
                    notice_id,
                    error,
                )
                outbox_dispatch(tasks.deliver_notice, notice_id)
    return finished
