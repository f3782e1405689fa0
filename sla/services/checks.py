"""The periodic check: record due warnings and breaches of running clocks, once each."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sla import selectors
from sla.models import ClockEvent, TicketClock


@dataclass(frozen=True)
class CheckResult:
    warned: int
    breached: int


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
