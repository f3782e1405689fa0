"""The notice outbox: queue rows in the event's transaction, deliver them after commit."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from complaints import tasks
from complaints.channels import CHANNELS
from complaints.models import Message, Notice, StatusChange, Ticket
from complaints.notice_rendering import notice_render
from outbox.dispatch import outbox_dispatch_on_commit
from outbox.redispatch import outbox_record_failure, outbox_redispatch, outbox_retry
from outbox.stamps import stamp_commit_without_disk_wait

if TYPE_CHECKING:
    from accounts.models import User


def notice_queue(
    *,
    ticket: Ticket | None,
    kind: str,
    change: StatusChange | None = None,
    message: Message | None = None,
    recipient: "User | None" = None,
    language: str = "",
    dispatch: bool = True,
) -> Notice:
    """Write a notice row and dispatch its delivery once the transaction commits.

    Call inside the transaction of the event: if it rolls back, neither the row nor
    the task exists. The recipient defaults to the ticket's customer, written to
    in the ticket's language; another recipient (staff) gets their own language.
    A progress notice names its cause: a status change, a public reply (a request
    for information when the reply is the request of a hold waiting on the
    customer), or neither, which means the resolve-by date moved.
    A notice about no ticket (a spike alert) needs an explicit recipient; an
    explicit language overrides both defaults. dispatch=False writes the row
    without queueing it: for a notice that FOLLOWS one queued in the same
    transaction, whose delivery dispatches it (the re-dispatch would, were that
    lost), instead of a delivery that could only find it must wait.
    """
    if ticket is None and recipient is None:
        raise ValueError("A notice without a ticket needs a recipient.")
    person = recipient or ticket.customer
    # The customer is answered in the ticket's language; staff in their own.
    is_customer = ticket is not None and person.pk == ticket.customer_id
    notice = Notice.objects.create(
        ticket=ticket,
        recipient=person,
        kind=kind,
        language=language
        or (ticket.language if is_customer else person.preferred_language),
        status_change=change,
        message=message,
        dispatch_count=1,
    )
    if dispatch:
        outbox_dispatch_on_commit(tasks.deliver_notice, notice.pk)
    return notice


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


def _overtaken(notice: Notice) -> bool:
    """An acknowledgement whose ticket was resolved before it went out."""
    return (
        notice.kind == Notice.Kind.ACKNOWLEDGEMENT
        and notice.ticket is not None
        and notice.ticket.status == Ticket.Status.RESOLVED
    )


def _dispatch_followers_on_commit(notice: Notice) -> None:
    followers = [kind for kind, before in FOLLOWS.items() if before == notice.kind]
    if not followers or notice.status_change_id is None:
        return
    for follower_id in Notice.objects.filter(
        status_change_id=notice.status_change_id,
        kind__in=followers,
        sent_at__isnull=True,
    ).values_list("pk", flat=True):
        outbox_dispatch_on_commit(tasks.deliver_notice, follower_id)


def notice_deliver(
    *,
    notice_id: int,
    connection: object = None,
    dispatch_followers: bool = True,
    loaded: Notice | None = None,
    predecessor_sent: bool = False,
) -> bool:
    """Send one notice on every channel it goes by, each exactly once; then stamp sent_at.

    Each step is its own transaction: it locks the notice row, sends on the
    first channel that accepts the notice and has no stamp yet, and stamps that
    channel (sent_at too once no channel is left). A concurrent delivery waits
    on the lock, then finds the stamps set. A send error rolls back only its
    step and propagates, so the task retries and later channels wait; channels
    already stamped are never sent again. connection: an open mail connection
    to send by (a batch's). dispatch_followers=False leaves the notices that
    follow this one to the caller (a batch that delivers them next). loaded:
    the notice with its ticket, recipient, status change and message, read
    by the caller (a batch reads them all at once); each step then locks and
    re-reads only the row's delivery state. predecessor_sent: the caller has
    just sent the notice this one FOLLOWS (a batch), so it need not be looked up.
    Returns whether this call finished it.
    """
    while True:
        step = _deliver_step(
            notice_id=notice_id,
            connection=connection,
            dispatch_followers=dispatch_followers,
            loaded=loaded,
            predecessor_sent=predecessor_sent,
        )
        if step is not None:
            return step


# What delivery changes on a notice row: re-read under the lock of each step.
_DELIVERY_STATE = (
    "sent_at",
    "failed_at",
    "last_error",
    *(channel.stamp for channel in CHANNELS),
)


def _locked_again(notice: Notice) -> Notice | None:
    """Lock a notice read earlier and refresh its delivery state; None once sent."""
    state = (
        Notice.objects.select_for_update()
        .filter(pk=notice.pk, sent_at__isnull=True)
        .values(*_DELIVERY_STATE)
        .first()
    )
    if state is None:
        return None
    for name, value in state.items():
        setattr(notice, name, value)
    return notice


@transaction.atomic
def _deliver_step(
    *,
    notice_id: int,
    connection: object,
    dispatch_followers: bool,
    loaded: Notice | None,
    predecessor_sent: bool = False,
) -> bool | None:
    """One channel's send and stamp; True when done, False when not to send, None: more.

    A notice that FOLLOWS another waits (False) until that one is sent, whose
    delivery dispatches it again after commit. The first step of an
    acknowledgement moves a still-received ticket to acknowledged (actor:
    system) in its transaction.
    """
    from complaints.workflow import ticket_acknowledge_by_system

    if loaded is None:
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("ticket", "recipient", "status_change", "message")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
    else:
        notice = _locked_again(loaded)
    if notice is None:
        return False
    if not predecessor_sent and _waits_for_predecessor(notice):
        # Sent once its predecessor is: that delivery dispatches this one again
        # after its commit (and the re-dispatch would, were that lost).
        return False
    first_step = all(getattr(notice, channel.stamp) is None for channel in CHANNELS)
    if first_step and _overtaken(notice):
        # "We received your complaint" after "your complaint is resolved" (both
        # waited in the queue) would confuse: the resolution says both. It is
        # closed without going out on any channel (it stays in the in-app list).
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
        return True
    pending = [
        channel
        for channel in CHANNELS
        if getattr(notice, channel.stamp) is None and channel.accepts(notice)
    ]
    if (
        first_step
        and notice.kind == Notice.Kind.ACKNOWLEDGEMENT
        and notice.ticket_id is not None
        and ticket_acknowledge_by_system(ticket_id=notice.ticket_id) is not None
    ):
        notice.ticket.refresh_from_db()
    else:
        # This step writes the notice's stamps and nothing else.
        stamp_commit_without_disk_wait()
    now = timezone.now()
    fields = ["failed_at", "last_error"]
    if pending:
        # Sending is the last step before the stamp: anything that can fail
        # comes first. The one gap left is a crash after the mail server or the
        # SMS gateway accepted the message and before this commit; the notice
        # id in the X-Walletdesk-Notice header and the SMS message id let the
        # receiving side drop that duplicate.
        channel = pending[0]
        channel.send(notice, notice_render(notice), connection=connection)
        setattr(notice, channel.stamp, now)
        fields.append(channel.stamp)
    if len(pending) <= 1:
        notice.sent_at = now
        fields.append("sent_at")
    notice.failed_at = None
    notice.last_error = ""
    notice.save(update_fields=fields)
    if notice.sent_at is None:
        return None
    if dispatch_followers:
        _dispatch_followers_on_commit(notice)
    return True


def notice_record_failure(*, notice_id: int, error: str, final: bool = False) -> None:
    """Remember why a delivery attempt failed; final marks the notice failed.

    A failed notice is left out of the re-dispatch and listed for supervisors in
    the admin; a delivery still in flight may send it later, which clears the mark.
    """
    outbox_record_failure(
        rows=Notice.objects.all(), row_id=notice_id, error=error, final=final
    )


def notices_redispatch(
    *, grace: timedelta = timedelta(minutes=2), batch: int = 500
) -> int:
    """Queue delivery again for notices left unsent; mark them failed after too many tries.

    Safe to run concurrently with deliveries: delivery is idempotent. Stops at the
    first publish that fails (the broker is down) rather than waiting on each row.
    Returns how many notices were queued.
    """
    return outbox_redispatch(
        rows=Notice.objects.all(),
        task=tasks.deliver_notice,
        grace=grace,
        max_dispatches=settings.WALLETDESK_NOTICE_MAX_DISPATCHES,
        batch=batch,
    )


def notices_retry(*, notice_ids: list[int]) -> int:
    """Give failed notices a fresh set of tries (a supervisor's admin action).

    Clears failed_at and the dispatch count of the unsent ones among notice_ids
    and dispatches them after commit. Returns how many were queued again.
    """
    return outbox_retry(
        rows=Notice.objects.all(), task=tasks.deliver_notice, row_ids=notice_ids
    )


def notice_mark_read(*, recipient: "User", notice_ids: list[int] | None = None) -> int:
    """Mark a person's in-app notices read (all of them when no ids are given)."""
    unread = Notice.objects.filter(recipient=recipient, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())
