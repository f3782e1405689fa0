"""The notice outbox: queue rows in the event's transaction, deliver them after commit."""

import logging
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from complaints import tasks
from complaints.channels import CHANNELS, RenderedNotice
from complaints.models import Message, Notice, StatusChange, Ticket, TicketHold
from config.inserts import rows_insert

if TYPE_CHECKING:
    from datetime import datetime

    from celery import Task

    from accounts.models import User

logger = logging.getLogger(__name__)

# A staff reply counts as a request for information when it put the ticket on hold
# waiting on the customer in the same service call (the hold starts within moments).
_REQUEST_WINDOW = timedelta(seconds=30)


def notice_queue(
    *,
    ticket: Ticket | None,
    kind: str,
    change: StatusChange | None = None,
    message: Message | None = None,
    recipient: "User | None" = None,
    language: str = "",
) -> Notice:
    """Write a notice row and dispatch its delivery once the transaction commits.

    Call inside the transaction of the event: if it rolls back, neither the row nor
    the task exists. The recipient defaults to the ticket's customer, written to
    in the ticket's language; another recipient (staff) gets their own language.
    A progress notice names its cause: a status change, a public reply (a request
    for information when the reply put the ticket on hold waiting on the
    customer), or neither, which means the resolve-by date moved.
    A notice about no ticket (a spike alert) needs an explicit recipient; an
    explicit language overrides both defaults.
    """
    if ticket is None and recipient is None:
        raise ValueError("A notice without a ticket needs a recipient.")
    person = recipient or ticket.customer
    # The customer is answered in the ticket's language; staff in their own.
    is_customer = ticket is not None and person.pk == ticket.customer_id
    notice = Notice(
        ticket=ticket,
        recipient=person,
        kind=kind,
        language=language
        or (ticket.language if is_customer else person.preferred_language),
        status_change=change,
        message=message,
        dispatch_count=1,
    )
    rows_insert([notice])
    transaction.on_commit(partial(outbox_dispatch, tasks.deliver_notice, notice.pk))
    return notice


def outbox_dispatch(task: "Task", row_id: int) -> bool:
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


def _asks_for_information(notice: Notice) -> bool:
    message = notice.message
    if message is None or notice.ticket_id is None:
        return False
    return TicketHold.objects.filter(
        ticket_id=notice.ticket_id,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
        started_at__gte=message.created_at - _REQUEST_WINDOW,
        started_at__lte=message.created_at + _REQUEST_WINDOW,
    ).exists()


def amount_format(amount: Decimal) -> str:
    """Show a money amount without float noise: at least two decimals, no trailing zeros beyond."""
    normal = amount.normalize()
    if normal.as_tuple().exponent > -2:  # type: ignore[operator]
        normal = normal.quantize(Decimal("0.01"))
    return f"{normal:f}"


def notice_render(notice: Notice) -> RenderedNotice:
    """Render subject, text and HTML of a notice in its own language.

    A template under complaints/notices/<language>/ overrides the shared one, so
    a reviewed wording in one language can replace the catalogue translation.
    """
    ticket = notice.ticket
    is_progress = notice.kind == Notice.Kind.PROGRESS
    context = {
        "notice": notice,
        "ticket": ticket,
        "customer": notice.recipient,
        "change": notice.status_change,
        "message": notice.message,
        "asks_for_information": is_progress and _asks_for_information(notice),
        "deadline_extended": is_progress
        and notice.message_id is None
        and notice.status_change_id is None,
        "site_url": settings.SITE_URL,
        "track_url": settings.SITE_URL + reverse("complaints:track"),
        "reopen_days": settings.WALLETDESK_REOPEN_WINDOW_DAYS,
        "amount": None,
    }
    if notice.kind == Notice.Kind.SPIKE_ALERT:
        # reports builds on complaints, not the reverse: import at call time.
        from reports.selectors import spike_alert_for_notice

        context["alert"] = spike_alert_for_notice(notice=notice)
        context["reports_url"] = settings.SITE_URL + reverse("reports:report")
    if ticket is not None:
        context["ticket_url"] = settings.SITE_URL + ticket.get_absolute_url()
        if ticket.outcome_amount is not None:
            context["amount"] = amount_format(ticket.outcome_amount)
    parts = {}
    with translation.override(notice.language):
        for part, suffix in (("subject", "_subject.txt"), ("text", ".txt")):
            parts[part] = render_to_string(
                [
                    f"complaints/notices/{notice.language}/{notice.kind}{suffix}",
                    f"complaints/notices/{notice.kind}{suffix}",
                ],
                context,
            )
        parts["html"] = render_to_string(
            [
                f"complaints/notices/{notice.language}/{notice.kind}.html",
                f"complaints/notices/{notice.kind}.html",
            ],
            context,
        )
    return RenderedNotice(
        subject=" ".join(parts["subject"].split()),
        text=parts["text"].strip() + "\n",
        html=parts["html"],
    )


# A notice of the key's kind waits until the notice of the value's kind for the same
# status change has been sent: the satisfaction request follows the resolution,
# however many workers deliver at once.
FOLLOWS: dict[str, str] = {
    Notice.Kind.SATISFACTION_REQUEST: Notice.Kind.RESOLUTION,
}


def _waits_for_predecessor(notice: Notice) -> bool:
    predecessor = FOLLOWS.get(notice.kind)
    if predecessor is None or notice.status_change_id is None:
        return False
    return Notice.objects.filter(
        status_change_id=notice.status_change_id,
        kind=predecessor,
        sent_at__isnull=True,
    ).exists()


def _dispatch_followers_on_commit(notice: Notice) -> None:
    followers = [kind for kind, before in FOLLOWS.items() if before == notice.kind]
    if not followers or notice.status_change_id is None:
        return
    for follower_id in Notice.objects.filter(
        status_change_id=notice.status_change_id,
        kind__in=followers,
        sent_at__isnull=True,
    ).values_list("pk", flat=True):
        transaction.on_commit(
            partial(outbox_dispatch, tasks.deliver_notice, follower_id)
        )


@transaction.atomic
def notice_deliver(*, notice_id: int) -> bool:
    """Send one notice on every channel and stamp sent_at; do nothing if already sent.

    Locks the notice row: a concurrent delivery waits, then finds sent_at set.
    A notice that FOLLOWS another waits (returns False) until that one is sent,
    whose delivery dispatches it again after commit.
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
    if _waits_for_predecessor(notice):
        # Sent once its predecessor is: that delivery dispatches this one again
        # after its commit (and the re-dispatch would, were that lost).
        return False
    if (
        notice.kind == Notice.Kind.ACKNOWLEDGEMENT
        and notice.ticket_id is not None
        and ticket_acknowledge_by_system(ticket_id=notice.ticket_id) is not None
    ):
        notice.ticket.refresh_from_db()
    rendered = notice_render(notice)
    # Sending is the last step before the stamp: anything that can fail comes first.
    # The one gap left is a crash after the mail server accepted the message and
    # before this transaction commits; the X-Walletdesk-Notice header lets a mail
    # log spot such a duplicate.
    for channel in CHANNELS:
        if channel.accepts(notice):
            channel.send(notice, rendered)
    notice.sent_at = timezone.now()
    notice.failed_at = None
    notice.last_error = ""
    notice.save(update_fields=["sent_at", "failed_at", "last_error"])
    _dispatch_followers_on_commit(notice)
    return True


def notice_record_failure(*, notice_id: int, error: str, final: bool = False) -> None:
    """Remember why a delivery attempt failed; final marks the notice failed.

    A failed notice is left out of the re-dispatch and listed for supervisors in
    the admin; a delivery still in flight may send it later, which clears the mark.
    """
    changes: dict[str, object] = {"last_error": error[:2000]}
    if final:
        changes["failed_at"] = timezone.now()
    Notice.objects.filter(pk=notice_id, sent_at__isnull=True).update(**changes)


def redispatch_schedule(*, grace: timedelta, max_dispatches: int) -> list[timedelta]:
    """How old an unsent row must be before each re-dispatch, and finally to fail.

    Entry k is the age after which a row dispatched k + 1 times is dispatched
    again; the last entry is the age at which it is marked failed. The gaps
    double from grace up to an hour, so a worker that is down for a while is not
    buried under duplicate tasks, and a row fails only after hours of trying.
    """
    ages, age, gap = [], timedelta(0), grace
    for _dispatch in range(max(max_dispatches, 1)):
        age += gap
        ages.append(age)
        gap = min(gap * 2, max(grace, timedelta(hours=1)))
    return ages


def redispatch_due(
    *, now: "datetime", grace: timedelta, max_dispatches: int
) -> tuple[Q, Q]:
    """Filters for unsent outbox rows: (due for another dispatch, due to fail).

    Works for any outbox model with created_at and dispatch_count.
    """
    ages = redispatch_schedule(grace=grace, max_dispatches=max_dispatches)
    due = Q(pk__in=[])
    for count, age in enumerate(ages[:-1], start=1):
        dispatched = (
            Q(dispatch_count__lte=count) if count == 1 else Q(dispatch_count=count)
        )
        due |= dispatched & Q(created_at__lt=now - age)
    give_up = Q(dispatch_count__gte=max_dispatches, created_at__lt=now - ages[-1])
    return due, give_up


def notices_redispatch(
    *, grace: timedelta = timedelta(minutes=2), batch: int = 500
) -> int:
    """Queue delivery again for notices left unsent; mark them failed after too many tries.

    Safe to run concurrently with deliveries: delivery is idempotent. Stops at the
    first publish that fails (the broker is down) rather than waiting on each row.
    Returns how many notices were queued.
    """
    now = timezone.now()
    due, give_up = redispatch_due(
        now=now,
        grace=grace,
        max_dispatches=settings.WALLETDESK_NOTICE_MAX_DISPATCHES,
    )
    unsent = Notice.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
    unsent.filter(give_up).update(failed_at=now)
    ids = list(unsent.filter(due).order_by("pk").values_list("pk", flat=True)[:batch])
    sent = []
    for notice_id in ids:
        if not outbox_dispatch(tasks.deliver_notice, notice_id):
            break
        sent.append(notice_id)
    Notice.objects.filter(pk__in=sent).update(dispatch_count=F("dispatch_count") + 1)
    return len(sent)


@transaction.atomic
def notices_retry(*, notice_ids: list[int]) -> int:
    """Give failed notices a fresh set of tries (a supervisor's admin action).

    Clears failed_at and the dispatch count of the unsent ones among notice_ids
    and dispatches them after commit. Returns how many were queued again.
    """
    ids = list(
        Notice.objects.filter(pk__in=notice_ids, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    Notice.objects.filter(pk__in=ids).update(failed_at=None, dispatch_count=1)
    for notice_id in ids:
        transaction.on_commit(partial(outbox_dispatch, tasks.deliver_notice, notice_id))
    return len(ids)


def notice_mark_read(*, recipient: "User", notice_ids: list[int] | None = None) -> int:
    """Mark a person's in-app notices read (all of them when no ids are given)."""
    unread = Notice.objects.filter(recipient=recipient, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())
