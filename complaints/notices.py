"""The notice outbox: queue rows in the event's transaction, deliver them after commit."""

import logging
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as KombuOperationalError

from complaints import tasks
from complaints.channels import CHANNELS, RenderedNotice
from complaints.models import Message, Notice, StatusChange, Ticket

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def notice_queue(
    *,
    ticket: Ticket,
    kind: str,
    change: StatusChange | None = None,
    message: Message | None = None,
    recipient: "User | None" = None,
) -> Notice:
    """Write a notice row and dispatch its delivery once the transaction commits.

    Call inside the transaction of the event: if it rolls back, neither the row nor
    the task exists. The recipient defaults to the ticket's customer, in the
    ticket's language.
    """
    person = recipient or ticket.customer
    notice = Notice.objects.create(
        ticket=ticket,
        recipient=person,
        kind=kind,
        language=ticket.language,
        status_change=change,
        message=message,
        dispatch_count=1,
    )
    transaction.on_commit(partial(_dispatch, notice.pk))
    return notice


def _dispatch(notice_id: int) -> None:
    # A broker that is down at commit must not fail the customer's request: the row
    # is saved, and the beat re-dispatch delivers it once the broker is back.
    try:
        tasks.deliver_notice.delay(notice_id)
    except (KombuOperationalError, ConnectionError, TimeoutError):
        logger.warning("Broker unreachable; notice %s waits for re-dispatch", notice_id)


def notice_render(notice: Notice) -> RenderedNotice:
    """Render subject, text and HTML of a notice in its own language."""
    ticket = notice.ticket
    context = {
        "notice": notice,
        "ticket": ticket,
        "customer": notice.recipient,
        "change": notice.status_change,
        "message": notice.message,
        "ticket_url": settings.SITE_URL
        + reverse("complaints:ticket_detail", args=[ticket.reference]),
        "track_url": settings.SITE_URL + reverse("complaints:track"),
        "site_url": settings.SITE_URL,
        "reopen_days": settings.WALLETDESK_REOPEN_WINDOW_DAYS,
    }
    with translation.override(notice.language):
        subject = render_to_string(
            f"complaints/notices/{notice.kind}_subject.txt", context
        )
        text = render_to_string(f"complaints/notices/{notice.kind}.txt", context)
        html = render_to_string(f"complaints/notices/{notice.kind}.html", context)
    return RenderedNotice(subject=" ".join(subject.split()), text=text, html=html)


@transaction.atomic
def notice_deliver(*, notice_id: int) -> bool:
    """Send one notice on every channel and stamp sent_at; do nothing if already sent.

    Locks the notice row: a concurrent delivery waits, then finds sent_at set.
    Delivering an acknowledgement moves a still-received ticket to acknowledged
    (actor: system) in the same transaction. A send error rolls everything back and
    propagates, so the task retries. Returns whether this call sent it.
    """
    from complaints.workflow import ticket_acknowledge_by_system

    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("ticket", "recipient", "status_change", "message")
        .filter(pk=notice_id, sent_at__isnull=True)
        .first()
    )
    if notice is None:
        return False
    if notice.kind == Notice.Kind.ACKNOWLEDGEMENT and notice.ticket_id is not None:
        ticket_acknowledge_by_system(ticket_id=notice.ticket_id)
        notice.ticket.refresh_from_db()
    rendered = notice_render(notice)
    # Sending is the last step before the stamp: anything that can fail comes first.
    for channel in CHANNELS:
        if channel.accepts(notice):
            channel.send(notice, rendered)
    notice.sent_at = timezone.now()
    notice.last_error = ""
    notice.save(update_fields=["sent_at", "last_error"])
    return True


def notice_record_failure(*, notice_id: int, error: str) -> None:
    """Remember why the last delivery attempt failed, for supervisors in the admin."""
    Notice.objects.filter(pk=notice_id, sent_at__isnull=True).update(
        last_error=error[:2000]
    )


def notices_redispatch(
    *, grace: timedelta = timedelta(minutes=2), batch: int = 500
) -> int:
    """Queue delivery again for notices left unsent; mark them failed after too many tries.

    Safe to run concurrently with deliveries: delivery is idempotent.
    Returns how many notices were queued.
    """
    max_dispatches = settings.WALLETDESK_NOTICE_MAX_DISPATCHES
    now = timezone.now()
    unsent = Notice.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, created_at__lt=now - grace
    )
    unsent.filter(dispatch_count__gte=max_dispatches).update(failed_at=now)
    ids = list(
        unsent.filter(dispatch_count__lt=max_dispatches)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    Notice.objects.filter(pk__in=ids).update(dispatch_count=F("dispatch_count") + 1)
    for notice_id in ids:
        _dispatch(notice_id)
    return len(ids)


def notice_mark_read(*, recipient: "User", notice_ids: list[int] | None = None) -> int:
    """Mark a person's in-app notices read (all of them when no ids are given)."""
    unread = Notice.objects.filter(recipient=recipient, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())
