from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models.lookups import IsNull

from complaints.models.queues import Queue

if TYPE_CHECKING:
    from accounts.models import User


def _clock_flag(*, present: bool = True, **conditions: object) -> IsNull:
    """Whether the ticket has (present) or lacks an SLA clock matching conditions.

    A scalar LIMIT 1 subquery rather than EXISTS: PostgreSQL may run an EXISTS as
    one hashed scan of every matching clock before the LIMIT of a page applies; a
    probe per shown row stays constant at any table size (bench/README.md).
    """
    from sla.models import TicketClock  # sla's models import this module

    clocks = TicketClock.objects.filter(ticket=models.OuterRef("pk"), **conditions)
    return IsNull(models.Subquery(clocks.order_by().values("pk")[:1]), not present)


def _memberships(user: "User") -> models.QuerySet:
    """The agent's queue memberships (Queue.agents' rows)."""
    return Queue.agents.through.objects.filter(user_id=user.pk)


def ticket_visibility(user: "User", *, through: str = "") -> models.Q | None:
    """The condition on tickets (or rows reaching one through `through`) user may see.

    Customers see their own; agents the tickets of their queues, tickets assigned
    to them and unrouted tickets (the triage pool); supervisors and managers all
    of them (None: no condition). Rows that carry ticket data (notices, clocks,
    refund decisions) are scoped with the same condition, so no admin page shows
    an agent a ticket the ticket list hides.
    """
    prefix = f"{through}__" if through else ""
    if not user.is_authenticated or not user.is_active:
        return models.Q(pk__in=[])
    if user.role == user.Role.CUSTOMER:
        return models.Q(**{f"{prefix}customer": user})
    if user.role == user.Role.AGENT:
        member_of = _memberships(user).values("queue_id")
        return (
            models.Q(**{f"{prefix}queue__in": member_of})
            | models.Q(**{f"{prefix}assignee": user})
            | models.Q(**{f"{prefix}queue__isnull": True})
        )
    return None


# The scope key of a ticket in no queue (the triage pool); queues are keyed by
# their id and assignees by minus theirs.
UNROUTED_SCOPE_KEY = 0


def search_scope_keys(user: "User", *, using: str = "default") -> list[int] | None:
    """ticket_visibility in the keys a search entry's scope holds, or None.

    An agent's keys: each queue they belong to, UNROUTED_SCOPE_KEY, and minus
    their own id (the tickets assigned to them); an entry is in their scope when
    its scope overlaps these keys (migration 0026 writes the entry's side). None
    for everyone ticket_visibility does not narrow by queue: they search through
    the condition on the ticket alone. Read as a list (one query), so that the
    planner sees the keys: as a subquery it guessed 137 matches for a word
    98,244 entries hold and skipped the search's window (bench/README.md).
    """
    if not user.is_authenticated or user.role != user.Role.AGENT:
        return None
    member_of = _memberships(user).using(using)
    return [
        *member_of.values_list("queue_id", flat=True),
        UNROUTED_SCOPE_KEY,
        -user.pk,
    ]


class TicketQuerySet(models.QuerySet["Ticket"]):
    def open(self) -> "TicketQuerySet":
        return self.exclude(status=self.model.Status.RESOLVED)

    def with_sla_flags(self, *, paused: bool = True) -> "TicketQuerySet":
        """Annotate sla_breached (a clock recorded a missed deadline) and sla_paused
        (a running clock stands still), as Ticket.is_breached and list columns need.

        paused False leaves out sla_paused (the case page shows only the breach).
        """
        flags = {"sla_breached": _clock_flag(breached_at__isnull=False)}
        if paused:
            flags["sla_paused"] = _clock_flag(
                stopped_at__isnull=True, paused_at__isnull=False
            )
        return self.annotate(**flags)

    def breached(self, *, now: datetime) -> "TicketQuerySet":
        """Tickets whose SLA is breached: Ticket.is_breached, in SQL."""
        return self.filter(
            _clock_flag(breached_at__isnull=False)
            | (
                models.Q(resolve_by__lt=now)
                & ~models.Q(status=self.model.Status.RESOLVED)
            )
        )

    def within_sla(self, *, now: datetime) -> "TicketQuerySet":
        """Open tickets that are not breached (the complement of breached, open)."""
        return self.open().filter(
            _clock_flag(present=False, breached_at__isnull=False),
            ~models.Q(resolve_by__lt=now),
        )

    def visible_to(self, user: "User") -> "TicketQuerySet":
        """Scope tickets to what a user may see (ticket_visibility)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        condition = ticket_visibility(user)
        return self if condition is None else self.filter(condition)
