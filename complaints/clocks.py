"""The ticket side of SLA clocks: status moves drive them, their events become notices.

sla computes deadlines and records clock events; it knows nothing of notices or
statuses. This module tells it what a status move means for the clocks and
queues the notices of warnings, breaches and extensions, in the same
transaction as the event.
"""

from datetime import datetime

from django.db.models import QuerySet

from accounts.models import User
from complaints import notices
from complaints.models import Notice, Ticket
from sla import services
from sla.models import ClockEvent, TicketClock
from sla.services import CheckResult

# The staff notice kind for each clock event; Notice.Kind lists them.
SLA_NOTICE_KINDS: dict[str, str] = {
    ClockEvent.Kind.WARN: Notice.Kind.SLA_WARNING,
    ClockEvent.Kind.BREACH: Notice.Kind.SLA_BREACH,
}


def clocks_on_transition(
    *, ticket: Ticket, from_status: str, to_status: str, actor: User | None
) -> None:
    """Keep the clocks in step with a status move; called by ticket_transition.

    Acknowledging fulfils the acknowledge clock, resolving stops them all, and a
    reopen starts a new resolve cycle. Runs in the transition's transaction.
    """
    status = Ticket.Status
    if to_status == status.ACKNOWLEDGED:
        services.clock_fulfil(
            ticket=ticket, kind=TicketClock.Kind.ACKNOWLEDGE, actor=actor
        )
    elif to_status == status.RESOLVED:
        services.clocks_stop_on_resolve(ticket=ticket, actor=actor)
    elif from_status == status.RESOLVED and to_status == status.INVESTIGATING:
        services.clocks_on_reopen(ticket=ticket, actor=actor)


def clock_notice_recipients(*, clock: TicketClock, event_kind: str) -> QuerySet[User]:
    """Who hears of a clock event: the assignee of a warning, supervisors of a breach.

    An unassigned warning goes to the supervisors too. Supervisors are those of
    the ticket's queue, or every active supervisor when the queue has none.
    """
    ticket = clock.ticket
    if event_kind == ClockEvent.Kind.WARN and ticket.assignee_id is not None:
        assignee = User.objects.filter(pk=ticket.assignee_id, is_active=True)
        if assignee.exists():
            return assignee
    supervisors = User.objects.filter(role=User.Role.SUPERVISOR, is_active=True)
    if ticket.queue_id is not None:
        of_queue = supervisors.filter(queues=ticket.queue_id)
        if of_queue.exists():
            return of_queue.order_by("pk")
    return supervisors.order_by("pk")


def clock_notices_queue(*, clock: TicketClock, event: ClockEvent) -> list[Notice]:
    """Queue the staff notices of a warning (assignee) or breach (supervisors).

    Staff get the notice in their own language, with a link to the workspace.
    """
    kind = SLA_NOTICE_KINDS.get(event.kind)
    if kind is None:
        return []
    return [
        notices.notice_queue(ticket=clock.ticket, kind=kind, recipient=person)
        for person in clock_notice_recipients(clock=clock, event_kind=event.kind)
    ]


def _extension_notice(ticket: Ticket) -> Notice:
    # The customer is told before the longer deadline applies (CN: notice of the
    # extension; UK: the holding response).
    return notices.notice_queue(ticket=ticket, kind=Notice.Kind.PROGRESS)


def clock_extend(
    *, ticket: Ticket, actor: User, reason: str, approver: User | None = None
) -> TicketClock:
    """Extend the resolve clock to its profile's next step (sla.services.clock_extend).

    When the step says so, the customer's extension notice is queued in the same
    transaction and linked from the clock's audit event. Raises WorkflowError and
    changes nothing when the extension is refused.
    """
    return services.clock_extend(
        ticket=ticket,
        actor=actor,
        reason=reason,
        approver=approver,
        notify_customer=_extension_notice,
    )


def _escalate(clock: TicketClock, event: ClockEvent) -> None:
    clock_notices_queue(clock=clock, event=event)


def clocks_check(*, now: datetime | None = None, batch: int = 500) -> CheckResult:
    """Record due warnings and breaches (sla.services.clocks_check) and notify staff.

    Each event's notices are queued in the transaction that records it, so a
    warning or breach is escalated exactly once. Returns the counts recorded.
    """
    return services.clocks_check(now=now, batch=batch, escalate=_escalate)
