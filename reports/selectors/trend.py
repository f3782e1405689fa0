"""Received and resolved per day, week or month."""

from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

from complaints.models import Ticket
from reports.rollups.entries import local_day
from reports.rollups.spans import MONTH, WEEK
from reports.selectors.figures import report_trend_rows
from reports.selectors.types import ReportFilter

if TYPE_CHECKING:
    from reports.selectors.sums import RollupSums


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


def _bucket_of(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def report_trend(
    *, filters: ReportFilter, sums: "RollupSums"
) -> tuple[str, list[tuple[date, dict[str, int], int]]]:
    """Received per bucket and kind, and resolved per bucket, from the daily rollups."""
    granularity = trend_granularity(filters=filters)
    unit = {"week": WEEK, "month": MONTH}.get(granularity)
    received, resolved = report_trend_rows(sums=sums, unit=unit)
    by_kind: dict[date, Counter[str]] = {}
    for (day, kind), count in received.items():
        by_kind.setdefault(_bucket_of(day, granularity), Counter())[kind] += count
    closed: Counter[date] = Counter()
    for (day,), count in resolved.items():
        closed[_bucket_of(day, granularity)] += count
    first = local_day(filters.start)
    last = local_day(filters.end)
    return granularity, [
        (
            day,
            {kind: by_kind.get(day, Counter())[kind] for kind in Ticket.Kind.values},
            closed.get(day, 0),
        )
        for day in _buckets(first, last, granularity)
    ]
