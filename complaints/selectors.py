"""Ticket reads, scoped by who asks and loading everything a page shows."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from complaints.models import (
    Attachment,
    Message,
    Notice,
    StatusChange,
    Ticket,
    TicketHold,
    TicketTransaction,
)

if TYPE_CHECKING:
    from accounts.models import User

# "Due soon": open tickets whose resolve-by date falls within this window.
DUE_SOON = timedelta(days=2)


class SlaState:
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    BREACHED = "breached"
    RESOLVED = "resolved"
    CHOICES = (ON_TRACK, DUE_SOON, BREACHED, RESOLVED)


def sla_state(*, ticket: Ticket, now: datetime | None = None) -> str:
    """Where a ticket stands against its deadlines (the admin's views, the API).

    Resolved first; an open ticket is breached by Ticket.is_breached (it needs
    TicketQuerySet.with_sla_flags), else due soon when its resolve-by is near.
    """
    if ticket.status == Ticket.Status.RESOLVED:
        return SlaState.RESOLVED
    now = now or timezone.now()
    if ticket.is_breached(now=now):
        return SlaState.BREACHED
    if ticket.resolve_by is None or ticket.resolve_by >= now + DUE_SOON:
        return SlaState.ON_TRACK
    return SlaState.DUE_SOON


def ticket_filter_sla(
    *, tickets: QuerySet[Ticket], state: str, now: datetime | None = None
) -> QuerySet[Ticket]:
    """Narrow tickets to one SLA state; the same rule as sla_state, in SQL."""
    now = now or timezone.now()
    if state == SlaState.RESOLVED:
        return tickets.filter(status=Ticket.Status.RESOLVED)
    if state == SlaState.BREACHED:
        return tickets.open().breached(now=now)
    in_time = tickets.within_sla(now=now)
    if state == SlaState.DUE_SOON:
        return in_time.filter(resolve_by__gte=now, resolve_by__lt=now + DUE_SOON)
    if state == SlaState.ON_TRACK:
        return in_time.exclude(resolve_by__lt=now + DUE_SOON)
    return tickets


def ticket_list_for_customer(*, customer: "User", state: str = "") -> QuerySet[Ticket]:
    """The customer's own tickets, newest first; state "open" or "resolved" filters.

    Each ticket carries last_activity_at: its last change or public reply, whichever
    is later (a reply does not touch the ticket row). One query.
    """
    tickets = Ticket.objects.visible_to(customer).filter(customer=customer)
    if state == "open":
        tickets = tickets.open()
    elif state == "resolved":
        tickets = tickets.filter(status=Ticket.Status.RESOLVED)
    last_reply = (
        Message.objects.filter(ticket=OuterRef("pk"), is_internal=False)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        tickets.only(
            "pk",
            "reference",
            "kind",
            "category",
            "subject",
            "status",
            "received_at",
            "updated_at",
            "customer_id",
        )
        .annotate(
            last_activity_at=Greatest(
                "updated_at", Coalesce(Subquery(last_reply), "updated_at")
            )
        )
        .order_by("-received_at", "-pk")
    )


def ticket_get_for_user(*, user: "User", reference: str) -> Ticket:
    """One ticket the user may see, or Http404 (also for other customers' tickets).

    With its SLA flags (TicketQuerySet.with_sla_flags) for Ticket.is_breached.
    """
    ticket = (
        Ticket.objects.visible_to(user)
        .with_sla_flags()
        .select_related(
            "customer",
            "queue",
            "assignee",
            "complaint_detail",
            "refund_request__transaction",
            "refund_request__duplicate_of",
            "refund_request__decision",
            "cancellation_inquiry__transaction",
        )
        .filter(reference=reference)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


@dataclass(frozen=True)
class TimelineEvent:
    """One customer-visible event: a status move, a public message or a hold.

    note is what the customer may read of a move's note (StatusChange.note_for_customer).
    A message that is a hold's request has is_request; a hold appears when it
    starts waiting on a third party and when any hold ends (hold_ended), unless
    resolving ended it.
    """

    at: datetime
    change: StatusChange | None = None
    message: Message | None = None
    note: str = ""
    is_request: bool = False
    hold: TicketHold | None = None
    hold_ended: bool = False

    @property
    def answered_by_customer(self) -> bool:
        """Whether the customer's reply ended this hold (else staff resumed)."""
        hold = self.hold
        return hold is not None and hold.ended_by_id == hold.ticket.customer_id


# Same moment: moves first, then messages, then the holds they start or end.
_EVENT_ORDER = {"change": 0, "message": 1, "hold": 2}


def _event_sort_key(event: TimelineEvent) -> tuple[datetime, int]:
    if event.change is not None:
        return event.at, _EVENT_ORDER["change"]
    if event.message is not None:
        return event.at, _EVENT_ORDER["message"]
    return event.at, _EVENT_ORDER["hold"]


def ticket_public_timeline(*, ticket: Ticket) -> dict[str, object]:
    """What the customer may see of a ticket: public messages, moves, holds, files.

    Never internal notes, internal files or hold notes. "events" merges moves,
    messages and holds in time order; "hold" is the open hold, if any (its
    request is what is asked of the customer); "files" are the public files
    filed with the ticket itself (files sent with a message hang on that
    message). Six queries.
    """
    messages = list(
        Message.objects.filter(ticket=ticket, is_internal=False)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_internal=False).order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("created_at", "pk")
    )
    changes = list(
        StatusChange.objects.filter(ticket=ticket).order_by("created_at", "pk")
    )
    holds = list(
        TicketHold.objects.filter(ticket=ticket)
        .select_related("request")
        .order_by("started_at", "pk")
    )
    links = list(TicketTransaction.objects.filter(ticket=ticket).order_by("pk"))
    files = list(
        Attachment.objects.filter(
            ticket=ticket, message__isnull=True, is_internal=False
        ).order_by("created_at", "pk")
    )
    request_ids = {hold.request_id for hold in holds if hold.request_id}
    events = [
        TimelineEvent(
            at=change.created_at,
            change=change,
            note=change.note_for_customer(customer_id=ticket.customer_id),
        )
        for change in changes
    ] + [
        TimelineEvent(
            at=message.created_at,
            message=message,
            is_request=message.pk in request_ids,
        )
        for message in messages
    ]
    for hold in holds:
        hold.ticket = ticket
        if hold.waiting_on == TicketHold.WaitingOn.THIRD_PARTY:
            events.append(TimelineEvent(at=hold.started_at, hold=hold))
        if hold.ended_at is not None and hold.ended_at != ticket.resolved_at:
            events.append(TimelineEvent(at=hold.ended_at, hold=hold, hold_ended=True))
    events.sort(key=_event_sort_key)
    return {
        "messages": messages,
        "changes": changes,
        "links": links,
        "files": files,
        "events": events,
        "hold": next((hold for hold in holds if hold.ended_at is None), None),
    }


@dataclass(frozen=True)
class CustomerActions:
    can_reply: bool
    can_reopen: bool
    can_rate: bool
    reopen_until: datetime | None


def ticket_customer_actions(*, ticket: Ticket, user: "User") -> CustomerActions:
    """Which forms the ticket page offers its customer; the services check again.

    Reopening asks workflow.allowed_next (role and the reopen window); replying and
    rating mirror message_add and ticket_rate. No queries.
    """
    from complaints.workflow import allowed_next

    own = user.is_authenticated and ticket.customer_id == user.pk
    resolved = ticket.status == Ticket.Status.RESOLVED
    reopen_until = (
        ticket.resolved_at + timedelta(days=settings.WALLETDESK_REOPEN_WINDOW_DAYS)
        if ticket.resolved_at
        else None
    )
    return CustomerActions(
        can_reply=own and not resolved,
        can_reopen=own
        and resolved
        and Ticket.Status.INVESTIGATING in allowed_next(ticket, user),
        can_rate=own and resolved and ticket.rating is None,
        reopen_until=reopen_until,
    )


def ticket_find_for_tracking(*, reference: str, email: str) -> Ticket | None:
    """The ticket with this reference whose customer uses this email, or None."""
    if not reference or not email:
        return None
    return (
        Ticket.objects.select_related("customer")
        .filter(
            # References are upper case: an exact match uses their unique index,
            # where iexact compared UPPER(reference) on every ticket.
            reference=reference.strip().upper(),
            customer__email__iexact=email.strip(),
            customer__is_active=True,
        )
        .first()
    )


def ticket_get_for_tracking(*, ticket_id: int) -> Ticket:
    """The ticket a verified tracking link names, with what its page shows.

    The caller has checked the link's signature. Raises Http404 when the ticket or
    its customer's account is gone.
    """
    ticket = (
        Ticket.objects.select_related(
            "customer",
            "complaint_detail",
            "refund_request__transaction",
            "refund_request__duplicate_of",
            "cancellation_inquiry__transaction",
        )
        .filter(pk=ticket_id, customer__is_active=True)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def ticket_open_references_by_transaction(
    *, customer: "User", kind: str, transaction_ids: Sequence[int]
) -> dict[int, str]:
    """For each of these transactions, the customer's open ticket of this kind about it.

    Lets the filing form warn before submitting; ticket_create refuses the duplicate
    anyway. One query.
    """
    if not transaction_ids:
        return {}
    rows = (
        TicketTransaction.objects.filter(
            ticket__in=Ticket.objects.open().filter(customer=customer, kind=kind),
            transaction_id__in=list(transaction_ids),
        )
        .order_by("ticket__received_at")
        .values_list("transaction_id", "ticket__reference")
    )
    found: dict[int, str] = {}
    for transaction_id, reference in rows:
        found.setdefault(transaction_id, reference)
    return found


def ticket_find_open_duplicate(
    *, customer: "User", kind: str, transaction_ids: Sequence[int]
) -> Ticket | None:
    """An open ticket of the same customer and kind about one of these transactions."""
    if not transaction_ids:
        return None
    return (
        Ticket.objects.open()
        .filter(
            customer=customer,
            kind=kind,
            transaction_links__transaction_id__in=list(transaction_ids),
        )
        .order_by("received_at")
        .first()
    )


def attachment_get_for_user(*, user: "User", reference: str, token: str) -> Attachment:
    """An evidence file the user may download (processed and ready), or Http404."""
    attachment = (
        Attachment.objects.select_related("ticket")
        .filter(
            ticket__in=Ticket.objects.visible_to(user),
            ticket__reference=reference,
            token=token,
        )
        .first()
    )
    # An image still being processed is the file as received, metadata and all:
    # nobody, staff included, gets it before it is re-encoded.
    if (
        attachment is None
        or not attachment.is_ready
        or (attachment.is_internal and user.is_customer)
    ):
        raise Http404("No such file")
    return attachment


def notice_list_for_user(*, user: "User") -> QuerySet[Notice]:
    """A person's in-app notices, newest first, with their ticket reference."""
    return (
        Notice.objects.filter(recipient=user)
        .select_related("ticket", "status_change", "message")
        .order_by("-created_at", "-pk")
    )


def notice_unread_count(*, user: "User") -> int:
    """How many of a person's in-app notices are unread. One query."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
