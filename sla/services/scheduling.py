"""What the SLA clock writes share: a profile's clock lengths, scheduling a
clock's deadline and warning around its pauses, starting and stopping a clock,
and mirroring the resolve deadline onto the ticket."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.recorder import audit_record
from sla import selectors
from sla.calendars import (
    BusinessCalendar,
    Pause,
    counted_from,
    deadline,
    warning_instant,
)
from sla.models import ClockEvent, PauseReason, RegimeProfile, TicketClock

if TYPE_CHECKING:
    from complaints.models import Ticket

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


STOP_FIELDS = [
    "paused_at",
    "paused_total",
    "breached_at",
    "stopped_at",
    "stop_reason",
    "band",
]


def stop_changes(
    clock: TicketClock,
    *,
    now: datetime,
    actor: User | None,
    reason: str,
    calendar: BusinessCalendar | None = None,
) -> list[ClockEvent]:
    """Stop clock in memory (STOP_FIELDS); return its events, unsaved, in order.

    A paused clock resumes first; a duty fulfilled past its deadline records the
    breach, once; a resolve clock fulfilled gets its time band.
    """
    events = []
    if clock.paused_at is not None:
        clock.paused_total += now - clock.paused_at
        clock.paused_at = None
        events.append(
            ClockEvent(clock=clock, kind=ClockEvent.Kind.RESUME, at=now, actor=actor)
        )
    if (
        reason == TicketClock.StopReason.FULFILLED
        and clock.breached_at is None
        and now > clock.due_at
    ):
        # Finished late between two checks: the breach is still recorded, once.
        clock.breached_at = now
        events.append(
            ClockEvent(
                clock=clock,
                kind=ClockEvent.Kind.BREACH,
                at=now,
                old_due_at=clock.due_at,
            )
        )
    clock.stopped_at = now
    clock.stop_reason = reason
    if reason == TicketClock.StopReason.FULFILLED and clock.kind == clock.Kind.RESOLVE:
        calendar = calendar or selectors.calendar_for_profile(profile=clock.profile)
        clock.band = selectors.clock_band(clock=clock, calendar=calendar, at=now)
    events.append(
        ClockEvent(clock=clock, kind=ClockEvent.Kind.STOP, at=now, actor=actor)
    )
    return events


def _stop(
    clock: TicketClock,
    *,
    now: datetime,
    actor: User | None,
    reason: str,
    calendar: BusinessCalendar | None = None,
) -> TicketClock:
    events = stop_changes(clock, now=now, actor=actor, reason=reason, calendar=calendar)
    # Saved in the order a stop has always written: resume and breach, the
    # clock, then the stop.
    for event in events[:-1]:
        event.save()
    clock.save(update_fields=STOP_FIELDS)
    events[-1].save()
    return clock
