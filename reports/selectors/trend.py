"""Received and resolved per day, week or month."""

from datetime import date, timedelta

from django.db.models import (
    Count,
    DateTimeField,
)
from django.db.models.functions import Trunc
from django.utils import timezone

from complaints.models import Ticket
from reports.selectors.scope import period_q, tickets_filtered
from reports.selectors.types import ReportFilter


def trend_granularity(*, filters: ReportFilter) -> str:
    days = (filters.end - filters.start).days
    if days <= 62:
        return "day"
    return "week" if days <= 370 else "month"


def _buckets(start: date, end: date, granularity: str) -> list[date]:
    if granularity == "week":
        start -= timedelta(days=start.weekday())
    elif granularity == "month":
        start = start.replace(day=1)
    buckets, current = [], start
    while current < end:
        buckets.append(current)
        if granularity == "day":
            current += timedelta(days=1)
        elif granularity == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return buckets


def report_trend(
    *, filters: ReportFilter
) -> tuple[str, list[tuple[date, dict[str, int], int]]]:
    """Received per bucket and kind, and resolved per bucket (two queries)."""
    granularity = trend_granularity(filters=filters)
    zone = timezone.get_current_timezone()
    tickets = tickets_filtered(filters=filters)

    def bucket(name: str) -> Trunc:
        return Trunc(name, granularity, output_field=DateTimeField(), tzinfo=zone)

    received = (
        tickets.filter(period_q("received_at", filters.start, filters.end))
        .annotate(bucket=bucket("received_at"))
        .values("bucket", "kind")
        .annotate(count=Count("pk"))
    )
    resolved = (
        tickets.filter(period_q("resolved_at", filters.start, filters.end))
        .annotate(bucket=bucket("resolved_at"))
        .values("bucket")
        .annotate(count=Count("pk"))
    )
    by_kind: dict[date, dict[str, int]] = {}
    for row in received:
        day = timezone.localtime(row["bucket"], zone).date()
        by_kind.setdefault(day, {})[row["kind"]] = row["count"]
    closed = {
        timezone.localtime(row["bucket"], zone).date(): row["count"] for row in resolved
    }
    first = timezone.localtime(filters.start, zone).date()
    last = timezone.localtime(filters.end, zone).date()
    return granularity, [
        (
            day,
            {kind: by_kind.get(day, {}).get(kind, 0) for kind in Ticket.Kind.values},
            closed.get(day, 0),
        )
        for day in _buckets(first, last, granularity)
    ]
