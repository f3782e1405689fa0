"""Which tickets a report reads: the filters, the period and "open at an instant"."""

from datetime import datetime, time, timedelta

from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from complaints.models import StatusChange, Ticket
from reports.models import TransactionDay
from reports.selectors.types import RESOLVED, ReportFilter
from sla.models import TicketClock
from transactions.models import Transaction


def ticket_q(filters: ReportFilter, prefix: str = "") -> Q:
    """The filters as a Q on Ticket, or on a model reaching it through prefix."""
    q = Q()
    exact = {
        "kind": filters.kind,
        "category": filters.category,
        "channel": filters.channel,
        "language": filters.language,
        "queue_id": filters.queue_id,
        "assignee_id": filters.agent_id,
    }
    for name, value in exact.items():
        if value not in ("", None):
            q &= Q(**{f"{prefix}{name}": value})
    if filters.profile_id is not None:
        q &= Q(
            Exists(
                TicketClock.objects.filter(
                    ticket_id=OuterRef(f"{prefix}pk" if prefix else "pk"),
                    kind=TicketClock.Kind.RESOLVE,
                    profile_id=filters.profile_id,
                )
            )
        )
    return q


def tickets_filtered(*, filters: ReportFilter) -> QuerySet[Ticket]:
    """Tickets narrowed by the report's filters (not yet by the period)."""
    return Ticket.objects.filter(ticket_q(filters)).order_by()


def period_q(name: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def _reopened_ids() -> QuerySet[StatusChange]:
    return StatusChange.objects.filter(
        from_status=RESOLVED, to_status=Ticket.Status.INVESTIGATING
    ).values("ticket_id")


def open_at_q(instant: datetime) -> Q:
    """Received before the instant and not resolved as of it.

    A ticket never reopened is resolved as of an instant exactly when its
    resolved_at lies before it (the stamp is set once and never moves). Only the
    few reopened tickets (statuschange_reopen_idx, read once per query) need their
    history: the latest move before the instant.
    """
    latest = (
        StatusChange.objects.filter(ticket_id=OuterRef("pk"), created_at__lt=instant)
        .order_by("-created_at", "-pk")
        .values("to_status")[:1]
    )
    state = Case(
        When(
            pk__in=_reopened_ids(),
            then=Coalesce(Subquery(latest), Value(Ticket.Status.RECEIVED)),
        ),
        When(resolved_at__lt=instant, then=Value(RESOLVED)),
        default=Value(Ticket.Status.RECEIVED),
    )
    return Q(received_at__lt=instant) & ~Q(Exact(state, Value(RESOLVED)))


def report_end_instant(filters: ReportFilter, now: datetime) -> datetime:
    return min(filters.end, now)


def report_transactions(*, filters: ReportFilter) -> int:
    """Transactions that occurred in the period (all of them: no ticket filter applies).

    The period's whole local days from their counts (reports.rollups.
    transactions: one query); the ledger rows of a part-day at either end (a
    period ending now) are counted from the ledger.
    """
    zone = timezone.get_default_timezone()
    first = timezone.localtime(filters.start, zone).date()
    if datetime.combine(first, time.min, zone) < filters.start:
        first += timedelta(days=1)
    last = timezone.localtime(filters.end, zone).date()
    low = datetime.combine(first, time.min, zone)
    high = datetime.combine(last, time.min, zone)
    if low >= high:
        return Transaction.objects.filter(
            period_q("occurred_at", filters.start, filters.end)
        ).count()
    total = (
        TransactionDay.objects.filter(day__gte=first, day__lt=last).aggregate(
            total=Sum("count")
        )["total"]
        or 0
    )
    for start, end in ((filters.start, low), (high, filters.end)):
        if start < end:
            total += Transaction.objects.filter(
                period_q("occurred_at", start, end)
            ).count()
    return total
