"""Stopping clocks: a duty done, a ticket resolved, a reopen's new resolve cycle."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.bulk_updates import bulk_update_by_value
from config.errors import WorkflowError
from sla import selectors
from sla.models import ClockEvent, TicketClock
from sla.services.scheduling import (
    STOP_FIELDS,
    _lock,
    _mirror_resolve_by,
    _specs,
    _start,
    _stop,
    stop_changes,
)

if TYPE_CHECKING:
    from collections.abc import Collection

    from complaints.models import Ticket


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
def clocks_stop_on_resolve_many(
    *, ticket_ids: "Collection[int]", actor: User | None, now: datetime
) -> list[TicketClock]:
    """clocks_stop_on_resolve for many tickets resolved at once, written in bulk.

    Every running clock of the tickets stops as fulfilled at now, with the same
    events and time bands as one by one, in three statements whatever the count.
    Writes by bulk send no save signals: the caller tells who follows the
    tickets' figures.
    """
    clocks = list(
        TicketClock.objects.select_for_update()
        .select_related("profile")
        .filter(ticket_id__in=ticket_ids, stopped_at__isnull=True)
        .order_by("pk")
    )
    calendars = {}
    events = []
    for clock in clocks:
        if clock.profile_id not in calendars:
            calendars[clock.profile_id] = selectors.calendar_for_profile(
                profile=clock.profile
            )
        events += stop_changes(
            clock,
            now=now,
            actor=actor,
            reason=TicketClock.StopReason.FULFILLED,
            calendar=calendars[clock.profile_id],
        )
    bulk_update_by_value(clocks, STOP_FIELDS)
    ClockEvent.objects.bulk_create(events)
    return clocks


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
