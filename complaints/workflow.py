"""Ticket status machine: the only code that writes Ticket.status."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import DESK_STAFF_ROLES
from complaints import notices
from complaints.clocks import clocks_on_transition
from complaints.errors import InvalidTransition, WorkflowError
from complaints.models import Notice, StatusChange, Ticket, TicketHold
from complaints.services.loads import agent_load_change
from complaints.signals import tickets_written_together
from integrations import webhooks
from sla.services import clocks_on_hold, clocks_on_release

if TYPE_CHECKING:
    from collections.abc import Sequence

    from accounts.models import User
    from complaints.models import CannedReply
    from complaints.services.inputs import EvidenceInput

Status = Ticket.Status

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.ACKNOWLEDGED}),
    Status.ACKNOWLEDGED: frozenset({Status.INVESTIGATING}),
    Status.INVESTIGATING: frozenset({Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.INVESTIGATING}),  # reopen, guarded
}

# Who may make each move; None in the set stands for the system.
_STAFF: frozenset[str | None] = frozenset(DESK_STAFF_ROLES)
MOVERS: dict[tuple[Status, Status], frozenset[str | None]] = {
    (Status.RECEIVED, Status.ACKNOWLEDGED): _STAFF | {None},
    (Status.ACKNOWLEDGED, Status.INVESTIGATING): _STAFF,
    (Status.INVESTIGATING, Status.RESOLVED): _STAFF,
    (Status.RESOLVED, Status.INVESTIGATING): frozenset({"customer", "supervisor"}),
}

NOTICE_FOR: dict[Status, tuple[str, ...]] = {
    Status.RECEIVED: (),
    Status.ACKNOWLEDGED: (),  # the acknowledgement was queued on receipt
    Status.INVESTIGATING: (Notice.Kind.PROGRESS,),
    Status.RESOLVED: (Notice.Kind.RESOLUTION, Notice.Kind.SATISFACTION_REQUEST),
}


@dataclass(frozen=True)
class Resolution:
    """What resolving a ticket needs: the outcome, and redress if any."""

    outcome: str
    summary: str = ""
    amount: Decimal | None = None
    currency: str = ""
    root_cause: str = ""


def _role(actor: "User | None") -> str | None:
    # An anonymous or deactivated user holds no role: it may make no move at all.
    if actor is None:
        return None
    if not actor.is_authenticated or not actor.is_active:
        return ""
    return getattr(actor, "role", "")


def allowed_next(ticket: Ticket, user: "User | None") -> list[Status]:
    """The moves this user may make now (for buttons); guards that need input aside."""
    current = Status(ticket.status)
    moves = []
    for target in sorted(TRANSITIONS[current]):
        try:
            check_actor(ticket=ticket, current=current, target=target, actor=user)
        except WorkflowError:
            continue
        moves.append(target)
    return moves


def check_actor(
    *, ticket: Ticket, current: Status, target: Status, actor: "User | None"
) -> None:
    role = _role(actor)
    if role not in MOVERS[(current, target)]:
        raise WorkflowError(_("You are not allowed to make this move."))
    if role == "customer" and actor is not None and ticket.customer_id != actor.pk:
        raise WorkflowError(_("You are not allowed to make this move."))
    if (current, target) == (
        Status.RESOLVED,
        Status.INVESTIGATING,
    ) and role == "customer":
        window = timedelta(days=settings.WALLETDESK_REOPEN_WINDOW_DAYS)
        if ticket.resolved_at is None or timezone.now() > ticket.resolved_at + window:
            raise WorkflowError(
                _(
                    "This ticket was resolved more than %(days)d days ago and can no longer be reopened. Please file a new ticket."
                )
                % {"days": settings.WALLETDESK_REOPEN_WINDOW_DAYS}
            )


def check_resolution(resolution: Resolution | None) -> Resolution:
    if resolution is None or resolution.outcome not in Ticket.Outcome.values:
        raise WorkflowError(_("Choose an outcome before resolving the ticket."))
    if resolution.amount is not None:
        if resolution.amount < 0:
            raise WorkflowError(
                _("The refund or compensation amount cannot be negative.")
            )
        if not resolution.currency.strip():
            raise WorkflowError(_("Give the currency of the refund or compensation."))
        # PostgreSQL rejects what does not fit the column with a DataError; refuse it
        # here with a message instead.
        try:
            Ticket._meta.get_field("outcome_amount").clean(resolution.amount, None)
        except ValidationError as error:
            raise WorkflowError(
                _("The refund or compensation amount is not a valid amount.")
            ) from error
        if len(resolution.currency.strip()) > 12:
            raise WorkflowError(_("Give the currency as a short code, such as CNY."))
    if resolution.root_cause and resolution.root_cause not in Ticket.RootCause.values:
        raise WorkflowError(_("Choose a root cause from the list."))
    return resolution


_OUTCOME_FIELDS = [
    "outcome",
    "outcome_amount",
    "outcome_currency",
    "resolution_summary",
    "resolved_at",
]


def move_fields(
    ticket: Ticket,
    *,
    current: Status,
    target: Status,
    resolution: Resolution | None,
    now: datetime,
) -> list[str]:
    """Make a move's changes to ticket in memory; return the fields it changed.

    The one home of what each move writes (ticket_transition saves them, the
    batch in complaints.workflow_batch writes many at once). Resolving checks the
    resolution (WorkflowError); reopening clears the previous outcome.
    """
    fields = ["status", "updated_at"]
    if target == Status.ACKNOWLEDGED:
        ticket.acknowledged_at = now
        fields.append("acknowledged_at")
    elif target == Status.RESOLVED:
        resolved = check_resolution(resolution)
        ticket.outcome = resolved.outcome
        ticket.outcome_amount = resolved.amount
        ticket.outcome_currency = (
            resolved.currency.strip().upper() if resolved.amount is not None else ""
        )
        ticket.resolution_summary = resolved.summary.strip()
        if resolved.root_cause:
            ticket.root_cause = resolved.root_cause
            fields.append("root_cause")
        ticket.resolved_at = now
        fields += _OUTCOME_FIELDS
    elif current == Status.RESOLVED:
        ticket.outcome = ""
        ticket.outcome_amount = None
        ticket.outcome_currency = ""
        ticket.resolution_summary = ""
        ticket.resolved_at = None
        ticket.rating = None
        ticket.rating_comment = ""
        ticket.rated_at = None
        fields += [*_OUTCOME_FIELDS, "rating", "rating_comment", "rated_at"]
    ticket.status = target
    ticket.updated_at = now
    return fields


@transaction.atomic
def ticket_transition(
    *,
    ticket: Ticket,
    to_status: Status | str,
    actor: "User | None",
    note: str = "",
    resolution: Resolution | None = None,
    notify: bool = True,
) -> StatusChange:
    """Move ticket to to_status, record the move and queue its notices.

    Locks the ticket row so two concurrent moves cannot both pass the check.
    actor None is the system. notify=False records the move (history, clocks,
    webhook) without notices: a step on the way to another move, whose notices
    tell the customer the outcome. Resolving needs a resolution with an outcome; reopening
    clears the previous outcome. Open holds end when the ticket is resolved.
    Raises InvalidTransition or WorkflowError and changes nothing.
    """
    if to_status not in Status.values:
        raise WorkflowError(_("Unknown ticket status."))
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    current = Status(locked.status)
    target = Status(to_status)
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current=current, target=target)
    check_actor(ticket=locked, current=current, target=target, actor=actor)
    now = timezone.now()
    fields = move_fields(
        locked, current=current, target=target, resolution=resolution, now=now
    )
    if target == Status.RESOLVED:
        TicketHold.objects.filter(ticket=locked, ended_at__isnull=True).update(
            ended_at=now, ended_by=actor
        )
    # The ticket's save and its clocks' are one write for those who follow them.
    with tickets_written_together():
        locked.save(update_fields=fields)
        if Status.RESOLVED in {current, target}:
            # Resolving frees the assignee's slot; reopening takes it again.
            delta = -1 if target == Status.RESOLVED else 1
            agent_load_change(agent_id=locked.assignee_id, delta=delta)
        change = StatusChange.objects.create(
            ticket=locked, from_status=current, to_status=target, actor=actor, note=note
        )
        clocks_on_transition(
            ticket=locked, from_status=current, to_status=target, actor=actor
        )
    webhooks.webhook_queue(
        event=webhooks.Event.TICKET_STATUS_CHANGED,
        payload=lambda: webhooks.status_changed_payload(change=change),
    )
    queued = NOTICE_FOR[target] if notify else ()
    for kind in queued:
        # A follower (the satisfaction request) is dispatched by its predecessor's
        # delivery: queueing it now too would only run a delivery that waits.
        notices.notice_queue(
            ticket=locked,
            kind=kind,
            change=change,
            dispatch=notices.FOLLOWS.get(kind) not in queued,
        )
    _refresh(ticket, locked, fields)
    return change


def _refresh(ticket: Ticket, locked: Ticket, fields: list[str]) -> None:
    """Let the caller's instance show the new state without another query."""
    for field in fields:
        setattr(ticket, field, getattr(locked, field))


@transaction.atomic
def ticket_acknowledge_by_system(*, ticket_id: int) -> StatusChange | None:
    """Acknowledge a ticket still received, as the system; a no-op past received.

    Called when the acknowledgement notice is delivered, under the ticket lock.
    """
    locked = Ticket.objects.select_for_update().get(pk=ticket_id)
    if locked.status != Status.RECEIVED:
        return None
    return ticket_transition(ticket=locked, to_status=Status.ACKNOWLEDGED, actor=None)


def hold_check(ticket: Ticket, actor: "User", *, is_on_hold: bool) -> None:
    """The hold guard: desk staff may hold an investigating ticket not on hold.

    The case page (hold_allowed), the staff API and ticket_hold all ask it.
    Raises WorkflowError saying why not.
    """
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to make this move."))
    if ticket.status != Status.INVESTIGATING:
        raise WorkflowError(_("Only a ticket under investigation can be put on hold."))
    if is_on_hold:
        raise WorkflowError(_("This ticket is already on hold."))


def hold_allowed(ticket: Ticket, user: "User", *, is_on_hold: bool) -> bool:
    """Whether to offer the hold controls (hold_check, as a yes or no)."""
    try:
        hold_check(ticket, user, is_on_hold=is_on_hold)
    except WorkflowError:
        return False
    return True


@transaction.atomic
def ticket_hold(
    *,
    ticket: Ticket,
    waiting_on: str,
    actor: "User",
    note: str = "",
    request: str = "",
    evidence: "Sequence[EvidenceInput]" = (),
    canned_reply: "CannedReply | None" = None,
) -> TicketHold:
    """Put an investigating ticket on hold (waiting on the customer or a third party).

    Waiting on the customer needs request, the text that tells them what is
    needed: it is posted as a public reply (with evidence, from canned_reply if
    given), which queues a progress notice worded as a request for information,
    and the hold links to it. A third-party hold takes no request. note stays
    internal. Pauses the SLA clock. Raises WorkflowError (not investigating,
    already on hold, not staff, no request) or ValidationError and changes nothing.
    """
    from complaints.services.conversation import message_add

    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to make this move."))
    if waiting_on not in TicketHold.WaitingOn.values:
        raise WorkflowError(_("Choose whom the ticket is waiting on."))
    hold_check(
        locked,
        actor,
        is_on_hold=TicketHold.objects.filter(
            ticket=locked, ended_at__isnull=True
        ).exists(),
    )
    message = None
    if waiting_on == TicketHold.WaitingOn.CUSTOMER:
        if not request.strip():
            raise WorkflowError(
                _("Write what the customer needs to send or do: they will see it.")
            )
        message = message_add(
            ticket=locked,
            author=actor,
            body=request,
            evidence=evidence,
            canned_reply=canned_reply,
        )
    elif request.strip():
        raise WorkflowError(
            _("A request goes to the customer; a third-party hold takes none.")
        )
    hold = TicketHold.objects.create(
        ticket=locked,
        waiting_on=waiting_on,
        note=note,
        started_by=actor,
        request=message,
    )
    clocks_on_hold(ticket=locked, waiting_on=waiting_on, actor=actor)
    return hold


@transaction.atomic
def ticket_release(*, ticket: Ticket, actor: "User | None") -> TicketHold:
    """End the open hold of a ticket (resume work); actor None is the system.

    Raises WorkflowError when the ticket is not on hold.
    """
    Ticket.objects.select_for_update().get(pk=ticket.pk)
    if actor is not None and not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to make this move."))
    hold = TicketHold.objects.filter(ticket_id=ticket.pk, ended_at__isnull=True).first()
    if hold is None:
        raise WorkflowError(_("This ticket is not on hold."))
    hold.ended_at = timezone.now()
    hold.ended_by = actor
    hold.save(update_fields=["ended_at", "ended_by"])
    clocks_on_release(ticket=ticket, actor=actor)
    return hold


def ticket_release_on_reply(
    *, ticket: Ticket, customer: "User", at: datetime
) -> TicketHold | None:
    """End the hold that waits on this customer because they replied.

    Runs in the reply's transaction, under its ticket lock. The clocks the hold
    paused run again (the system resumes them). Returns the hold, or None when
    the ticket was not waiting on the customer.
    """
    hold = TicketHold.objects.filter(
        ticket_id=ticket.pk,
        ended_at__isnull=True,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
    ).first()
    if hold is None:
        return None
    hold.ended_at = at
    hold.ended_by = customer
    hold.save(update_fields=["ended_at", "ended_by"])
    clocks_on_release(ticket=ticket, actor=None)
    return hold
