"""Planning and starting a ticket's clocks, and replacing them when its profile changes."""

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import WorkflowError
from sla import selectors
from sla.models import ClockEvent, RegimeProfile, TicketClock
from sla.services.scheduling import (
    _lock,
    _mirror_resolve_by,
    _next_cycle,
    _schedule,
    _specs,
    _start,
    _stop,
)
from sla.setup import SLA_SETUP

if TYPE_CHECKING:
    from complaints.models import Ticket

logger = logging.getLogger(__name__)


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
