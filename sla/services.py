"""SLA clock writes: start at receipt, extend, pause, resume, restart, stop, check."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from audit.recorder import audit_record
from config.errors import WorkflowError
from sla import selectors
from sla.calendars import (
    BusinessCalendar,
    Pause,
    counted_from,
    deadline,
    warning_instant,
)
from sla.models import (
    ClockEvent,
    ExtensionStep,
    PauseReason,
    RegimeProfile,
    TicketClock,
)
from sla.setup import SLA_SETUP

if TYPE_CHECKING:
    from complaints.models import Notice, Ticket

logger = logging.getLogger(__name__)

# Clocks a pause stops: acknowledging is never waiting on anyone.
_PAUSABLE = (TicketClock.Kind.INTERIM, TicketClock.Kind.RESOLVE)
# The workflow's hold reasons that may pause a clock (TicketHold.WaitingOn values).
_HOLD_REASONS = frozenset({PauseReason.CUSTOMER, PauseReason.THIRD_PARTY})


@dataclass(frozen=True)
class _Spec:
    kind: str
    label: str
    amount: int
    unit: str


@dataclass(frozen=True)
class CheckResult:
    warned: int
    breached: int


def _specs(profile: RegimeProfile) -> list[_Spec]:
    specs = [
        _Spec(TicketClock.Kind.ACKNOWLEDGE, "", profile.ack_amount, profile.ack_unit)
    ]
    if profile.interim_amount is not None and profile.interim_unit:
        specs.append(
            _Spec(
                TicketClock.Kind.INTERIM,
                profile.interim_label,
                profile.interim_amount,
                profile.interim_unit,
            )
        )
    specs.append(
        _Spec(
            TicketClock.Kind.RESOLVE, "", profile.resolve_amount, profile.resolve_unit
        )
    )
    return specs


def _lock(ticket: "Ticket") -> "Ticket":
    return type(ticket).objects.select_for_update().get(pk=ticket.pk)


def _pauses(clock: TicketClock, *, until: datetime | None = None) -> list[Pause]:
    """The clock's pause intervals from its audit trail; an open one ends at until."""
    pauses = []
    started = None
    for kind, at in clock.events.filter(
        kind__in=[ClockEvent.Kind.PAUSE, ClockEvent.Kind.RESUME]
    ).values_list("kind", "at"):
        if kind == ClockEvent.Kind.PAUSE:
            started = at
        elif started is not None:
            pauses.append(Pause(started_at=started, ended_at=at))
            started = None
    if started is not None and until is not None:
        pauses.append(Pause(started_at=started, ended_at=until))
    return pauses


def _schedule(
    clock: TicketClock,
    calendar: BusinessCalendar,
    *,
    amount: int,
    unit: str,
    pauses: list[Pause],
) -> None:
    """Set counted_from, due_at and warn_at of clock for a length and its pauses."""
    roll = clock.profile.rolls_to_business_day
    nominal = deadline(
        calendar, received=clock.started_at, amount=amount, unit=unit, roll=roll
    )
    clock.amount = amount
    clock.unit = unit
    clock.counted_from = counted_from(calendar, received=clock.started_at, unit=unit)
    clock.due_at = deadline(
        calendar,
        received=clock.started_at,
        amount=amount,
        unit=unit,
        roll=roll,
        pauses=pauses,
    )
    clock.warn_at = warning_instant(
        started=clock.counted_from,
        nominal_due=nominal,
        due=clock.due_at,
        percent=clock.profile.warn_percent,
    )


def _mirror_resolve_by(ticket: "Ticket", due_at: datetime) -> None:
    # Ticket.resolve_by is the denormalised current deadline that lists filter on.
    # An UPDATE of the one column (no save signal), so the audit event is explicit.
    before = ticket.resolve_by
    type(ticket).objects.filter(pk=ticket.pk).update(resolve_by=due_at)
    ticket.resolve_by = due_at
    if before != due_at:
        audit_record(
            instance=ticket,
            action=AuditEvent.Action.UPDATE,
            changes={"resolve_by": [before, due_at]},
        )


def _next_cycle(ticket: "Ticket", kind: str) -> int:
    last = TicketClock.objects.filter(ticket=ticket, kind=kind).aggregate(
        last=Max("cycle")
    )["last"]
    return (last or 0) + 1


def _start(
    *,
    ticket: "Ticket",
    profile: RegimeProfile,
    spec: _Spec,
    started_at: datetime,
    calendar: BusinessCalendar,
    event: str,
    actor: User | None,
    reason: str = "",
) -> TicketClock:
    clock = TicketClock(
        ticket=ticket,
        kind=spec.kind,
        cycle=_next_cycle(ticket, spec.kind),
        profile=profile,
        label=spec.label,
        started_at=started_at,
    )
    _schedule(clock, calendar, amount=spec.amount, unit=spec.unit, pauses=[])
    clock.save()
    ClockEvent.objects.create(
        clock=clock,
        kind=event,
        at=timezone.now(),
        actor=actor,
        reason=reason,
        new_due_at=clock.due_at,
    )
    return clock


def _stop(
    clock: TicketClock,
    *,
    now: datetime,
    actor: User | None,
    reason: str,
    calendar: BusinessCalendar | None = None,
) -> TicketClock:
    if clock.paused_at is not None:
        clock.paused_total += now - clock.paused_at
        clock.paused_at = None
        ClockEvent.objects.create(
            clock=clock, kind=ClockEvent.Kind.RESUME, at=now, actor=actor
        )
    if (
        reason == TicketClock.StopReason.FULFILLED
        and clock.breached_at is None
        and now > clock.due_at
    ):
        # Finished late between two checks: the breach is still recorded, once.
        clock.breached_at = now
        ClockEvent.objects.create(
            clock=clock, kind=ClockEvent.Kind.BREACH, at=now, old_due_at=clock.due_at
        )
    clock.stopped_at = now
    clock.stop_reason = reason
    if reason == TicketClock.StopReason.FULFILLED and clock.kind == clock.Kind.RESOLVE:
        calendar = calendar or selectors.calendar_for_profile(profile=clock.profile)
        clock.band = selectors.clock_band(clock=clock, calendar=calendar, at=now)
    clock.save(
        update_fields=[
            "paused_at",
            "paused_total",
            "breached_at",
            "stopped_at",
            "stop_reason",
            "band",
        ]
    )
    ClockEvent.objects.create(
        clock=clock, kind=ClockEvent.Kind.STOP, at=now, actor=actor
    )
    return clock


def ticket_clocks_plan(
    *, ticket: "Ticket", profile: RegimeProfile | None = None
) -> list[TicketClock]:
    """Compute, without writing, the first clocks of a ticket being filed.

    The profile is the one given (a per-ticket choice at intake), else the first
    match of queue, kind and category, kind, then the default profile, read from
    the per-process SLA setup: no query when it is current. The resolve clock
    comes last. Without any active profile (a database emptied by a test flush)
    the plan is empty.
    """
    setup = SLA_SETUP.get()  # read once for both lookups
    chosen = profile or selectors.profile_for_ticket(ticket=ticket, setup=setup)
    if chosen is None:
        logger.warning("No SLA profile for ticket %s; no clock started", ticket)
        return []
    calendar = selectors.calendar_for_profile(profile=chosen, setup=setup)
    clocks = []
    for spec in _specs(chosen):
        clock = TicketClock(
            ticket=ticket,
            kind=spec.kind,
            cycle=1,
            profile=chosen,
            label=spec.label,
            started_at=ticket.received_at,
        )
        _schedule(clock, calendar, amount=spec.amount, unit=spec.unit, pauses=[])
        clocks.append(clock)
    return clocks


# No savepoint: a failure here fails the whole filing anyway.
@transaction.atomic(savepoint=False)
def ticket_clocks_start(
    *,
    ticket: "Ticket",
    profile: RegimeProfile | None = None,
    planned: list[TicketClock] | None = None,
) -> list[TicketClock]:
    """Start a new ticket's clocks from its receipt and mirror its resolve-by.

    ticket_create passes the clocks it planned (ticket_clocks_plan) before writing
    the ticket, with resolve_by already set from them: two inserts, no reads.
    Without a plan: idempotent, a ticket whose clocks run keeps them; otherwise
    the clocks are planned here and counted as the next cycle of each kind.
    """
    if planned is None:
        running = list(
            TicketClock.objects.filter(ticket=ticket, stopped_at__isnull=True)
        )
        if running:
            return running
        planned = ticket_clocks_plan(ticket=ticket, profile=profile)
        for clock in planned:
            clock.cycle = _next_cycle(ticket, clock.kind)
    if not planned:
        return []
    for clock in planned:
        clock.ticket = ticket
    TicketClock.objects.bulk_create(planned)
    now = timezone.now()
    ClockEvent.objects.bulk_create(
        ClockEvent(
            clock=clock, kind=ClockEvent.Kind.START, at=now, new_due_at=clock.due_at
        )
        for clock in planned
    )
    if ticket.resolve_by != planned[-1].due_at:
        _mirror_resolve_by(ticket, planned[-1].due_at)
    return planned


@transaction.atomic
def ticket_profile_set(
    *, ticket: "Ticket", profile: RegimeProfile, actor: User, reason: str
) -> list[TicketClock]:
    """Put an open ticket under another regime profile (a per-ticket override).

    Only a supervisor may. The running clocks stop (superseded, breaches kept) and
    new ones count from the original receipt; an acknowledged ticket gets no new
    acknowledge clock. Raises WorkflowError and changes nothing otherwise.
    """
    locked = _lock(ticket)
    if not actor.is_supervisor:
        raise WorkflowError(_("Only a supervisor can change a ticket's rules."))
    if not locked.is_open:
        raise WorkflowError(_("A resolved ticket has no running deadlines."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for changing the rules."))
    if not profile.is_active:
        raise WorkflowError(_("This profile is not active."))
    return _clocks_replace(
        ticket=ticket, locked=locked, profile=profile, actor=actor, reason=reason
    )


@transaction.atomic
def ticket_clocks_replan(
    *, ticket: "Ticket", actor: User | None, reason: str
) -> list[TicketClock]:
    """Re-plan an open ticket's clocks for the profile its queue, kind and category
    now select (profile_for_ticket), after a triage edit moved it to another queue.

    Nothing changes when the running clocks already use that profile, or the
    ticket is resolved. Otherwise as ticket_profile_set: the running clocks stop
    (superseded, breaches kept) and new ones count from receipt. Locks the ticket.
    Returns the new clocks, or [] when nothing changed.
    """
    locked = _lock(ticket)
    if not locked.is_open:
        return []
    profile = selectors.profile_for_ticket(ticket=locked)
    running = selectors.clock_running(ticket=locked, kind=TicketClock.Kind.RESOLVE)
    if profile is None or (running is not None and running.profile_id == profile.pk):
        return []
    return _clocks_replace(
        ticket=ticket, locked=locked, profile=profile, actor=actor, reason=reason
    )


def _clocks_replace(
    *,
    ticket: "Ticket",
    locked: "Ticket",
    profile: RegimeProfile,
    actor: User | None,
    reason: str,
) -> list[TicketClock]:
    """Stop the running clocks (superseded) and start profile's from receipt."""
    now = timezone.now()
    for clock in TicketClock.objects.select_for_update().filter(
        ticket=locked, stopped_at__isnull=True
    ):
        _stop(clock, now=now, actor=actor, reason=TicketClock.StopReason.SUPERSEDED)
    calendar = selectors.calendar_for_profile(profile=profile)
    clocks = [
        _start(
            ticket=locked,
            profile=profile,
            spec=spec,
            started_at=locked.received_at,
            calendar=calendar,
            event=ClockEvent.Kind.START,
            actor=actor,
            reason=reason.strip(),
        )
        for spec in _specs(profile)
        if not (
            spec.kind == TicketClock.Kind.ACKNOWLEDGE
            and locked.acknowledged_at is not None
        )
    ]
    _mirror_resolve_by(ticket, clocks[-1].due_at)
    return clocks


def _check_approver(step: ExtensionStep, approver: User | None) -> None:
    if not step.approval_role:
        return
    if (
        approver is None
        or not approver.is_active
        or approver.role != step.approval_role
    ):
        raise WorkflowError(
            _("This extension needs the approval of %(role)s.")
            % {"role": step.get_approval_role_display().lower()}
        )


@transaction.atomic
def clock_extend(
    *,
    ticket: "Ticket",
    actor: User,
    reason: str,
    notify_customer: Callable[["Ticket"], "Notice"],
    approver: User | None = None,
) -> TicketClock:
    """Extend the resolve clock to the profile's next step.

    Locks the ticket and its clock. Needs staff, a reason, the step's approver
    role when it has one, and a deadline not yet passed. When the step says so,
    notify_customer(ticket) queues the extension notice to the customer first, in
    this transaction, and the audit event links the notice it returns. The new deadline counts from receipt and
    keeps earlier pauses; the 80 % warning re-arms, a recorded breach stays.
    Raises WorkflowError and changes nothing otherwise.
    """
    locked = _lock(ticket)
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to extend a deadline."))
    if not locked.is_open:
        raise WorkflowError(_("A resolved ticket has no running deadlines."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for the extension."))
    clock = (
        TicketClock.objects.select_for_update()
        .select_related("profile")
        .filter(ticket=locked, kind=TicketClock.Kind.RESOLVE, stopped_at__isnull=True)
        .first()
    )
    if clock is None:
        raise WorkflowError(_("This ticket has no running resolve deadline."))
    steps = list(clock.profile.extension_steps.order_by("order"))
    if clock.extension_level >= len(steps):
        raise WorkflowError(
            _("The %(profile)s rules allow no further extension.")
            % {"profile": clock.profile.name}
        )
    step = steps[clock.extension_level]
    now = timezone.now()
    if clock.paused_at is None and now > clock.due_at:
        raise WorkflowError(
            _("The deadline has passed: an extension must be given before it.")
        )
    _check_approver(step, approver)
    calendar = selectors.calendar_for_profile(profile=clock.profile)
    old_due = clock.due_at
    _schedule(
        clock, calendar, amount=step.amount, unit=step.unit, pauses=_pauses(clock)
    )
    if clock.due_at <= old_due:
        raise WorkflowError(_("This extension would not move the deadline later."))
    notice = None
    if step.needs_notice:
        # The customer is told before the longer deadline applies (CN: notice of
        # the extension; UK: the holding response).
        notice = notify_customer(locked)
    clock.extension_level += 1
    if clock.warn_at > now:
        clock.warned_at = None
    clock.save()
    ClockEvent.objects.create(
        clock=clock,
        kind=ClockEvent.Kind.EXTEND,
        at=now,
        actor=actor,
        approver=approver if step.approval_role else None,
        reason=reason.strip(),
        extension_level=clock.extension_level,
        old_due_at=old_due,
        new_due_at=clock.due_at,
        notice=notice,
    )
    _mirror_resolve_by(ticket, clock.due_at)
    return clock


@transaction.atomic
def clock_pause(
    *, ticket: "Ticket", reason: str, actor: User | None, note: str = ""
) -> list[TicketClock]:
    """Pause the ticket's interim and resolve clocks for a reason its profile allows.

    actor None is the system. Locks the ticket and the clocks. Raises
    WorkflowError and changes nothing when the reason is not allowed by the
    profile, the clocks already stand still or none runs.
    """
    locked = _lock(ticket)
    if actor is not None and not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to pause a deadline."))
    if reason not in PauseReason.values:
        raise WorkflowError(_("Choose why the clock stops."))
    clocks = list(
        TicketClock.objects.select_for_update()
        .select_related("profile")
        .filter(ticket=locked, kind__in=_PAUSABLE, stopped_at__isnull=True)
    )
    if not clocks:
        raise WorkflowError(_("This ticket has no running deadline."))
    if any(clock.paused_at is not None for clock in clocks):
        raise WorkflowError(_("The clock is already paused."))
    profile = clocks[0].profile
    if not profile.allows_pause(reason):
        raise WorkflowError(
            _("Under the %(profile)s rules this does not stop the clock.")
            % {"profile": profile.name}
        )
    now = timezone.now()
    for clock in clocks:
        clock.paused_at = now
        clock.save(update_fields=["paused_at"])
        ClockEvent.objects.create(
            clock=clock,
            kind=ClockEvent.Kind.PAUSE,
            at=now,
            actor=actor,
            pause_reason=reason,
            reason=note.strip(),
            old_due_at=clock.due_at,
        )
    return clocks


@transaction.atomic
def clock_resume(*, ticket: "Ticket", actor: User | None) -> list[TicketClock]:
    """Restart the paused clocks; each deadline moves by the time lost in its unit.

    actor None is the system. Raises WorkflowError when no clock is paused.
    """
    locked = _lock(ticket)
    if actor is not None and not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to resume a deadline."))
    clocks = list(
        TicketClock.objects.select_for_update()
        .select_related("profile")
        .filter(ticket=locked, stopped_at__isnull=True, paused_at__isnull=False)
    )
    if not clocks:
        raise WorkflowError(_("The clock is not paused."))
    now = timezone.now()
    calendar = selectors.calendar_for_profile(profile=clocks[0].profile)
    for clock in clocks:
        old_due = clock.due_at
        event = ClockEvent.objects.create(
            clock=clock, kind=ClockEvent.Kind.RESUME, at=now, actor=actor
        )
        _schedule(
            clock,
            calendar,
            amount=clock.amount,
            unit=clock.unit,
            pauses=_pauses(clock),
        )
        clock.paused_total += now - clock.paused_at
        clock.paused_at = None
        clock.save()
        event.old_due_at = old_due
        event.new_due_at = clock.due_at
        event.save(update_fields=["old_due_at", "new_due_at"])
        if clock.kind == TicketClock.Kind.RESOLVE:
            _mirror_resolve_by(ticket, clock.due_at)
    return clocks


def clocks_on_hold(
    *, ticket: "Ticket", waiting_on: str, actor: User | None
) -> list[TicketClock]:
    """Pause the clocks for a workflow hold when the profile allows it; else nothing.

    A hold is legitimate work even where the regime keeps the clock running (UK,
    US), so a reason the profile does not allow is no error here.
    """
    resolve = selectors.clock_running(ticket=ticket, kind=TicketClock.Kind.RESOLVE)
    if (
        resolve is None
        or resolve.paused_at is not None
        or not resolve.profile.allows_pause(waiting_on)
    ):
        return []
    return clock_pause(ticket=ticket, reason=waiting_on, actor=actor)


def clocks_on_release(*, ticket: "Ticket", actor: User | None) -> list[TicketClock]:
    """Resume clocks a workflow hold paused; other pauses (appraisal) continue."""
    resolve = selectors.clock_running(ticket=ticket, kind=TicketClock.Kind.RESOLVE)
    if resolve is None or resolve.paused_at is None:
        return []
    last_pause = (
        resolve.events.filter(kind=ClockEvent.Kind.PAUSE).order_by("-at", "-pk").first()
    )
    if last_pause is None or last_pause.pause_reason not in _HOLD_REASONS:
        return []
    return clock_resume(ticket=ticket, actor=actor)


@transaction.atomic
def clock_fulfil(
    *, ticket: "Ticket", kind: str, actor: User | None
) -> TicketClock | None:
    """Stop one running clock because its duty was done (acknowledged, interim met).

    Records a breach first if it was done late. Returns the clock, or None when
    no such clock runs.
    """
    locked = _lock(ticket)
    if actor is not None and not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to change a deadline."))
    clock = (
        TicketClock.objects.select_for_update()
        .select_related("profile")
        .filter(ticket=locked, kind=kind, stopped_at__isnull=True)
        .first()
    )
    if clock is None:
        return None
    return _stop(
        clock,
        now=timezone.now(),
        actor=actor,
        reason=TicketClock.StopReason.FULFILLED,
    )


@transaction.atomic
def clocks_stop_on_resolve(
    *, ticket: "Ticket", actor: User | None
) -> list[TicketClock]:
    """Stop every running clock of a ticket being resolved; stamp the time band."""
    now = timezone.now()
    clocks = list(
        TicketClock.objects.select_for_update()
        .select_related("profile")
        .filter(ticket_id=ticket.pk, stopped_at__isnull=True)
    )
    return [
        _stop(clock, now=now, actor=actor, reason=TicketClock.StopReason.FULFILLED)
        for clock in clocks
    ]


@transaction.atomic
def clocks_on_reopen(*, ticket: "Ticket", actor: User | None) -> TicketClock | None:
    """Start a new resolve cycle from now: a reopen brings new facts (CN rule).

    The previous cycle keeps its outcome, breach included. Returns the new clock,
    or None for a ticket that never had clocks.
    """
    previous = (
        TicketClock.objects.select_related("profile")
        .filter(ticket_id=ticket.pk, kind=TicketClock.Kind.RESOLVE)
        .order_by("-cycle")
        .first()
    )
    if previous is None:
        return None
    now = timezone.now()
    for clock in TicketClock.objects.select_for_update().filter(
        ticket_id=ticket.pk, stopped_at__isnull=True
    ):
        _stop(clock, now=now, actor=actor, reason=TicketClock.StopReason.SUPERSEDED)
    profile = previous.profile
    spec = next(
        spec for spec in _specs(profile) if spec.kind == TicketClock.Kind.RESOLVE
    )
    clock = _start(
        ticket=ticket,
        profile=profile,
        spec=spec,
        started_at=now,
        calendar=selectors.calendar_for_profile(profile=profile),
        event=ClockEvent.Kind.REOPEN,
        actor=actor,
    )
    _mirror_resolve_by(ticket, clock.due_at)
    return clock


Escalate = Callable[[TicketClock, ClockEvent], object]


def _record(
    clock: TicketClock, *, kind: str, field: str, now: datetime, escalate: Escalate
) -> bool:
    # A conditional UPDATE: of two concurrent checks only one sees a row change,
    # so each warning and breach is recorded and escalated once.
    with transaction.atomic():
        changed = TicketClock.objects.filter(
            pk=clock.pk,
            stopped_at__isnull=True,
            paused_at__isnull=True,
            **{f"{field}__isnull": True},
        ).update(**{field: now})
        if not changed:
            return False
        event = ClockEvent.objects.create(
            clock=clock, kind=kind, at=now, old_due_at=clock.due_at
        )
        escalate(clock, event)
    return True


def clocks_check(
    *, escalate: Escalate, now: datetime | None = None, batch: int = 500
) -> CheckResult:
    """Record breaches, then 80 % warnings, of running clocks; each once.

    escalate(clock, event) runs in the transaction that records each event (the
    ticket workflow queues its staff notices there). Safe to run concurrently
    (see _record). Paused clocks neither warn nor
    breach. A clock already past due gets its breach, not a late warning.
    Returns how many warnings and breaches this run recorded.
    """
    now = now or timezone.now()
    breached = sum(
        _record(
            clock,
            kind=ClockEvent.Kind.BREACH,
            field="breached_at",
            now=now,
            escalate=escalate,
        )
        for clock in selectors.clocks_to_breach(now=now)[:batch]
    )
    warned = sum(
        _record(
            clock,
            kind=ClockEvent.Kind.WARN,
            field="warned_at",
            now=now,
            escalate=escalate,
        )
        for clock in selectors.clocks_to_warn(now=now)[:batch]
    )
    return CheckResult(warned=warned, breached=breached)
