"""Weekly snapshots of the open flows: the backlog at an instant in one week's rows.

The opn rows (reports.rollups.entries) are the flows of tickets becoming open
(+1) or closed (-1) on a day, keyed by the day they were received; the tickets
open at an instant are the sum of every day's flows before it, which grows with
the history (at 100,000 tickets, 480 of a new 30-day report's 600 ms). A
snapshot holds that sum for the days before a week (Monday): DailyFigure rows of
figure "ops" on the Monday, by dimensions and day received, with groups that
net to zero left out, so only the tickets open then remain (the backlog's size),
and the same rows projected into every grain (day rows only). The backlog
before a day is the latest snapshot at or before it plus at most six days of
flows (reports.selectors.sums.RollupSums.open_flows). By month, the flows read
after a snapshot grew with the day of the month: at 1,000,000 tickets a report
ending late in a month read the backlog in 17-34 ms, one ending on its 2nd in
11-14.

A snapshot keeps the day received of tickets received within BACKLOG_OLDEST
days before its Monday; older ones share one key, the latest day that old
(snapshot_key). Every report reading a week's snapshot ends on that Monday or
later, so such a ticket is in the backlog's last bucket ("30 days or more")
whatever day it was received: at 1,000,000 tickets 87 % of a snapshot's rows
were of such days, one row per day received and dimensions.

Exact under the fold lock (reports.rollups.fold): every change of an opn row, a
fold's delta or a rebuild's correction, moves the snapshots of later weeks by
the same count (snapshot_deltas); a week's snapshot is taken once, from the
previous one and the flows between them (open_snapshots_take: by the hourly
reconciliation, and by rollups_rebuild, which retakes them all after a full
rebuild).
"""

from bisect import bisect_right
from collections import Counter
from datetime import date, datetime, timedelta

from django.db.models import Min, Sum
from django.utils import timezone

from reports.models import DailyFigure, OpenSnapshotWeek
from reports.rollups.entries import DIMENSIONS
from reports.rollups.grains import GRAINS
from reports.rollups.spans import DAY, WEEK, span_end, week_start
from reports.rollups.summary import deltas_apply

FLOW = "opn"
SNAPSHOT = "ops"
# The backlog's last bucket: tickets open this many whole days or more.
BACKLOG_OLDEST = 30


def snapshot_oldest(week: date) -> str:
    """The latest day (ISO) whose tickets are BACKLOG_OLDEST days old or more at
    every instant from the week's start on (a report's last day is the day
    before it at the earliest)."""
    return (week - timedelta(days=BACKLOG_OLDEST + 1)).isoformat()


def snapshot_key(week: date, key: str) -> str:
    """The key the snapshot of week keeps for tickets received on day key (ISO):
    the day itself, or snapshot_oldest for the days before it."""
    return max(key, snapshot_oldest(week))


def snapshot_weeks() -> list[date]:
    return list(OpenSnapshotWeek.objects.values_list("week", flat=True))


def snapshot_deltas(deltas: Counter, weeks: list[date]) -> Counter:
    """What the opn changes among deltas add to the snapshots of later weeks.

    deltas and the result are keyed (day ISO, figure, dims, key), as the fold's.
    A fold's flows are of recent days, so only the weeks after each are walked.
    """
    weeks = sorted(weeks)
    stamps = [week.isoformat() for week in weeks]
    moved: Counter = Counter()
    for (day, figure, dims, key), count in deltas.items():
        if figure != FLOW or not count:
            continue
        for position in range(bisect_right(stamps, day), len(weeks)):
            week = weeks[position]
            moved[(stamps[position], SNAPSHOT, dims, snapshot_key(week, key))] += count
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


def _collapsed(totals: Counter, week: date) -> Counter:
    """The totals keyed as the snapshot of week keeps them (snapshot_key)."""
    collapsed: Counter = Counter()
    for (*dims, key), count in totals.items():
        collapsed[(*dims, snapshot_key(week, key))] += count
    return collapsed


def _snapshot(week: date) -> Counter:
    return Counter(
        {
            _row_key(row): row["count"]
            for row in DailyFigure.objects.filter(figure=SNAPSHOT, day=week).values(
                *DIMENSIONS, "key", "count"
            )
        }
    )


def _write(week: date, totals: Counter) -> None:
    """The snapshot's rows in DailyFigure and every grain (day rows: no span
    longer than a day sums snapshots), added as any other deltas."""
    deltas_apply(
        Counter(
            {
                (week.isoformat(), SNAPSHOT, tuple(dims), key): count
                for (*dims, key), count in totals.items()
            }
        )
    )


def open_snapshots_take(*, now: datetime | None = None) -> list[date]:
    """Take the snapshot of every week up to the current one that has none.

    The caller holds the fold lock. Weeks run from the one after the first
    flow's; a missing one is the latest snapshot before it plus the flows since
    (only that snapshot is read). Returns the weeks taken.
    """
    current = week_start(
        timezone.localdate(now or timezone.now(), timezone.get_default_timezone())
    )
    first_flow = DailyFigure.objects.filter(figure=FLOW).aggregate(first=Min("day"))[
        "first"
    ]
    if first_flow is None:
        return []
    existing = set(snapshot_weeks())
    taken: list[date] = []
    previous: date | None = None
    totals: Counter | None = None  # the snapshot of `previous`, once read
    week = span_end(WEEK, week_start(first_flow))
    while week <= current:
        if week in existing:
            previous, totals = week, None
        else:
            if totals is None:
                totals = _snapshot(previous) if previous else Counter()
            totals.update(_flows(first=previous, before=week))
            totals = _collapsed(totals, week)
            _write(week, totals)
            OpenSnapshotWeek.objects.create(week=week)
            taken.append(week)
            previous = week
        week = span_end(WEEK, week)
    return taken


def open_snapshots_retake(*, now: datetime | None = None) -> list[date]:
    """Drop every snapshot, in DailyFigure and the grains, and take them again
    from the flows (a full rebuild, a deploy that changed how they are kept)."""
    DailyFigure.objects.filter(figure=SNAPSHOT).delete()
    for grain in GRAINS:
        grain.rows().filter(span=DAY, figure=SNAPSHOT).delete()
    OpenSnapshotWeek.objects.all().delete()
    return open_snapshots_take(now=now)
