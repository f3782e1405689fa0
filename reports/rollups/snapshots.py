"""Monthly snapshots of the open flows: the backlog at an instant in one month's rows.

The opn rows (reports.rollups.entries) are the flows of tickets becoming open
(+1) or closed (-1) on a day, keyed by the day they were received; the tickets
open at an instant are the sum of every day's flows before it, which grows with
the history (at 100,000 tickets, 480 of a new 30-day report's 600 ms). A
snapshot holds that sum for the days before a month: DailyFigure rows of figure
"ops" on the month's first day, by dimensions and day received, with groups that
net to zero left out, so only the tickets open then remain (the backlog's size).
The backlog before a day is the latest snapshot at or before it plus at most a
month of flows (reports.selectors.sums.RollupSums.open_flows).

A snapshot keeps the day received of tickets received within BACKLOG_OLDEST
days before its month; older ones share one key, the latest day that old
(snapshot_key). Every report reading a month's snapshot ends on that month's
first day or later, so such a ticket is in the backlog's last bucket ("30 days
or more") whatever day it was received: at 1,000,000 tickets 87 % of a
snapshot's rows were of such days, one row per day received and dimensions.

Exact under the fold lock (reports.rollups.fold): every change of an opn row, a
fold's delta or a rebuild's correction, moves the snapshots of later months by
the same count (snapshot_deltas); a month's snapshot is taken once, from the
previous one and the flows between them (open_snapshots_take: by the hourly
reconciliation, and by rollups_rebuild, which retakes them all after a full
rebuild).
"""

from collections import Counter
from datetime import date, datetime, timedelta

from django.db.models import Min, Sum
from django.utils import timezone

from reports.models import DailyFigure, OpenSnapshotMonth
from reports.rollups.entries import DIMENSIONS
from reports.rollups.grains import GRAINS
from reports.rollups.spans import DAY, month_start, next_month

FLOW = "opn"
SNAPSHOT = "ops"
# The backlog's last bucket: tickets open this many whole days or more.
BACKLOG_OLDEST = 30


def snapshot_oldest(month: date) -> str:
    """The latest day (ISO) whose tickets are BACKLOG_OLDEST days old or more at
    every instant from the month's start on (a report's last day is the day
    before it at the earliest)."""
    return (month - timedelta(days=BACKLOG_OLDEST + 1)).isoformat()


def snapshot_key(month: date, key: str) -> str:
    """The key the snapshot of month keeps for tickets received on day key (ISO):
    the day itself, or snapshot_oldest for the days before it."""
    return max(key, snapshot_oldest(month))


def snapshot_months() -> list[date]:
    return list(OpenSnapshotMonth.objects.values_list("month", flat=True))


def snapshot_deltas(deltas: Counter, months: list[date]) -> Counter:
    """What the opn changes among deltas add to the snapshots of later months.

    deltas and the result are keyed (day ISO, figure, dims, key), as the fold's.
    """
    moved: Counter = Counter()
    for (day, figure, dims, key), count in deltas.items():
        if figure != FLOW or not count:
            continue
        for month in months:
            if month.isoformat() > day:
                moved[
                    (month.isoformat(), SNAPSHOT, dims, snapshot_key(month, key))
                ] += count
    return moved


def _row_key(row: dict) -> tuple:
    return (*(row[name] for name in DIMENSIONS), row["key"])


def _flows(*, first: date | None, before: date) -> Counter:
    rows = DailyFigure.objects.filter(figure=FLOW, day__lt=before)
    if first is not None:
        rows = rows.filter(day__gte=first)
    return Counter(
        {
            _row_key(row): row["total"]
            for row in rows.values(*DIMENSIONS, "key")
            .annotate(total=Sum("count"))
            .order_by()
        }
    )


def _collapsed(totals: Counter, month: date) -> Counter:
    """The totals keyed as the snapshot of month keeps them (snapshot_key)."""
    collapsed: Counter = Counter()
    for (*dims, key), count in totals.items():
        collapsed[(*dims, snapshot_key(month, key))] += count
    return collapsed


def _snapshot(month: date) -> Counter:
    return Counter(
        {
            _row_key(row): row["count"]
            for row in DailyFigure.objects.filter(figure=SNAPSHOT, day=month).values(
                *DIMENSIONS, "key", "count"
            )
        }
    )


def open_snapshots_take(*, now: datetime | None = None) -> list[date]:
    """Take the snapshot of every month up to the current one that has none.

    The caller holds the fold lock. Months run from the one after the first
    flow's; a missing one is the latest snapshot before it plus the flows since
    (only that snapshot is read). Returns the months taken.
    """
    current = month_start(
        timezone.localdate(now or timezone.now(), timezone.get_default_timezone())
    )
    first_flow = DailyFigure.objects.filter(figure=FLOW).aggregate(first=Min("day"))[
        "first"
    ]
    if first_flow is None:
        return []
    months = []
    month = next_month(month_start(first_flow))
    while month <= current:
        months.append(month)
        month = next_month(month)
    existing = set(snapshot_months())
    taken: list[date] = []
    previous: date | None = None
    totals: Counter | None = None  # the snapshot of `previous`, once read
    for month in months:
        if month in existing:
            previous, totals = month, None
            continue
        if totals is None:
            totals = _snapshot(previous) if previous else Counter()
        totals.update(_flows(first=previous, before=month))
        totals = _collapsed(totals, month)
        DailyFigure.objects.bulk_create(
            [
                DailyFigure(
                    day=month,
                    figure=SNAPSHOT,
                    key=key,
                    count=count,
                    **dict(zip(DIMENSIONS, dims, strict=True)),
                )
                for (*dims, key), count in sorted(totals.items())
                if count
            ],
            batch_size=2000,
        )
        OpenSnapshotMonth.objects.create(month=month)
        taken.append(month)
        previous = month
    return taken


def snapshot_keys_collapse() -> int:
    """Key the rows of every snapshot taken as snapshot_key does now (a deploy
    that collapsed the old days), in DailyFigure and each grain; how many rows
    went. The caller holds the fold lock."""
    tables = [(DailyFigure.objects.all(), DIMENSIONS, {})]
    tables += [
        (grain.rows().filter(span=DAY), grain.columns, {**grain.fixed, "span": DAY})
        for grain in GRAINS
    ]
    removed = 0
    for month in snapshot_months():
        oldest = snapshot_oldest(month)
        for rows, columns, fixed in tables:
            # The agent grain's snapshots keep no day ("").
            old = rows.filter(figure=SNAPSHOT, day=month, key__lte=oldest).exclude(
                key=""
            )
            totals: Counter = Counter()
            for *dims, count in old.values_list(*columns, "count"):
                totals[tuple(dims)] += count
            kept = [
                old.model(
                    day=month,
                    figure=SNAPSHOT,
                    key=oldest,
                    count=count,
                    **fixed,
                    **dict(zip(columns, dims, strict=True)),
                )
                for dims, count in totals.items()
                if count
            ]
            removed += old.delete()[0] - len(kept)
            old.model.objects.bulk_create(kept, batch_size=2000)
    return removed


def open_snapshots_retake(*, now: datetime | None = None) -> list[date]:
    """Drop every snapshot and take them again from the flows (a full rebuild)."""
    DailyFigure.objects.filter(figure=SNAPSHOT).delete()
    OpenSnapshotMonth.objects.all().delete()
    return open_snapshots_take(now=now)
