"""Pausing and resuming clocks, directly or for a workflow hold."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.errors import WorkflowError
from sla import selectors
from sla.models import ClockEvent, PauseReason, TicketClock
from sla.services.scheduling import (
    _HOLD_REASONS,
    _PAUSABLE,
    _lock,
    _mirror_resolve_by,
    _pauses,
    _schedule,
)

if TYPE_CHECKING:
    from complaints.models import Ticket


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
