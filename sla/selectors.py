"""SLA reads: which profile applies, calendars, clocks due, who hears of them."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from sla.calendars import BusinessCalendar, deadline
from sla.models import (
    CalendarDay,
    ProfileAssignment,
    RegimeProfile,
    TicketClock,
)
from sla.setup import SLA_SETUP, SlaSetup

if TYPE_CHECKING:
    from complaints.models import Ticket


def profile_for_ticket(
    *, ticket: "Ticket", setup: SlaSetup | None = None
) -> RegimeProfile | None:
    """The profile a new ticket runs under: its queue's, its kind and category's,
    its kind's, else the default profile. Inactive profiles are skipped.

    Reads the per-process SLA setup (sla.setup), or the one the caller already
    holds: no query when it is current.
    """
    setup = setup or SLA_SETUP.get()

    def rank(assignment: ProfileAssignment) -> int | None:
        if assignment.queue_id is not None:
            return 0 if assignment.queue_id == ticket.queue_id else None
        if assignment.kind != ticket.kind:
            return None
        if assignment.category == ticket.category:
            return 1
        return 2 if assignment.category == "" else None

    ranked = [
        (rank(assignment), assignment.pk, assignment)
        for assignment in setup.assignments
    ]
    matches = [item for item in ranked if item[0] is not None]
    if matches:
        return min(matches, key=lambda item: item[:2])[2].profile
    return setup.default_profile


def calendar_for_profile(
    *, profile: RegimeProfile, setup: SlaSetup | None = None
) -> BusinessCalendar:
    """The pure business-day calendar of a profile, with its holidays and make-up days.

    From the per-process SLA setup (or the one the caller already holds); a
    calendar it does not hold yet is read anew.
    """
    calendar = (setup or SLA_SETUP.get()).calendars.get(profile.calendar_id)
    if calendar is not None:
        return calendar
    overrides = dict(
        CalendarDay.objects.filter(calendar_id=profile.calendar_id).values_list(
            "date", "is_working_day"
        )
    )
    return profile.calendar.business_calendar(overrides)


def clock_running(*, ticket: "Ticket", kind: str) -> TicketClock | None:
    """The ticket's running clock of a kind, with its profile."""
    return (
        TicketClock.objects.select_related("profile")
        .filter(ticket_id=ticket.pk, kind=kind, stopped_at__isnull=True)
        .first()
    )


def clock_list_for_ticket(*, ticket: "Ticket") -> QuerySet[TicketClock]:
    """Every clock of a ticket, all cycles, with its profile: one query."""
    return (
        TicketClock.objects.filter(ticket_id=ticket.pk)
        .select_related("profile")
        .order_by("kind", "cycle")
    )


def clocks_to_breach(*, now: datetime) -> QuerySet[TicketClock]:
    """Running, unpaused clocks past due whose breach is not recorded yet."""
    return (
        TicketClock.objects.filter(
            stopped_at__isnull=True,
            paused_at__isnull=True,
            breached_at__isnull=True,
            due_at__lt=now,
        )
        .select_related("ticket", "ticket__assignee", "profile")
        .order_by("due_at", "pk")
    )


def clocks_to_warn(*, now: datetime) -> QuerySet[TicketClock]:
    """Running, unpaused clocks past their warning point and not yet due."""
    return (
        TicketClock.objects.filter(
            stopped_at__isnull=True,
            paused_at__isnull=True,
            warned_at__isnull=True,
            warn_at__lte=now,
            due_at__gte=now,
        )
        .select_related("ticket", "ticket__assignee", "profile")
        .order_by("warn_at", "pk")
    )


def clock_band(*, clock: TicketClock, calendar: BusinessCalendar, at: datetime) -> str:
    """The report time band of a clock that stopped at at, counted from its start.

    Bands are elapsed time from receipt, pauses included, as the FCA and CN
    returns count them; the first band whose limit at is within wins.
    """
    for band in clock.profile.time_bands:
        amount = band.get("amount")
        if amount is None:
            return band["label"]
        limit = deadline(
            calendar,
            received=clock.started_at,
            amount=amount,
            unit=band["unit"],
            roll=False,
        )
        if at <= limit:
            return band["label"]
    return ""


def clock_time_left(*, clock: TicketClock, now: datetime) -> timedelta | None:
    """Time until the deadline (negative once past); None for a stopped clock."""
    if clock.stopped_at is not None:
        return None
    reference = clock.paused_at or now
    return clock.due_at - reference
