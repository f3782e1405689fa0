"""Keeping DailyFigure exact: mark changed tickets, fold them in, rebuild ranges.

A change to a ticket's figures appends a RollupPending row in the change's own
transaction (reports.rollups.marks); nothing shared is updated there. The fold
(beat every 15 s, and a task after every 200th mark) replaces
each pending ticket's stored contribution by its current one. Folds and
rebuilds hold one lock row (TicketRollup with ticket 0), so they run one at a
time and every DailyFigure row moves by exact deltas.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from complaints.models import StatusChange, Ticket
from reports.models import DailyFigure, RollupPending, TicketRollup
from reports.rollups.entries import DIMENSIONS, Contribution, Dims, contributions
from reports.rollups.grains import GRAINS, Grain
from reports.rollups.snapshots import (
    SNAPSHOT,
    open_snapshots_retake,
    open_snapshots_take,
    snapshot_deltas,
    snapshot_weeks,
)
from reports.rollups.spans import DAY, OF_MONTHS, WEEK, span_end, span_start
from reports.rollups.summary import (
    Tally,
    deltas_apply,
    span_rows_fix,
    summary_rebuild,
)
from reports.rollups.transactions import transaction_days_rebuild
from sla.models import TicketClock

LOCK_ID = 0
FOLD_BATCH = 500
REBUILD_CHUNK = 2000
# (day, figure, dims, key) -> count
RowKey = tuple[str, str, Dims, str]


def state_entries(groups: list) -> Iterator[tuple[RowKey, int]]:
    """The stored contribution of a ticket, as row keys and counts."""
    for dims, entries in groups:
        dims = tuple(dims)
        for day, figure, key, count in entries:
            yield (day, figure, dims, key), count


def _groups(contribution: Contribution | None) -> list:
    if contribution is None:
        return []
    dims, entries = contribution
    return [[list(dims), [list(entry) for entry in entries]]] if entries else []


def fold_lock() -> None:
    """Hold the fold lock until the transaction ends: one writer of the rollups."""
    TicketRollup.objects.get_or_create(ticket_id=LOCK_ID)
    TicketRollup.objects.select_for_update().get(ticket_id=LOCK_ID)


def pending_deltas() -> Counter[RowKey]:
    """What folding every pending ticket now would add to DailyFigure (reads only)."""
    ids = set(RollupPending.objects.values_list("ticket_id", flat=True))
    deltas: Counter[RowKey] = Counter()
    if not ids:
        return deltas
    for state in TicketRollup.objects.filter(ticket_id__in=ids):
        for row, count in state_entries(state.entries):
            deltas[row] -= count
    for contribution in contributions(ids).values():
        for row, count in state_entries(_groups(contribution)):
            deltas[row] += count
    return deltas


@transaction.atomic
def rollups_fold(*, batch: int = FOLD_BATCH) -> int:
    """Fold up to batch pending tickets into DailyFigure; how many tickets.

    Holds the fold lock; each ticket's old contribution is subtracted and its
    current one added, then its pending rows are deleted.
    """
    fold_lock()
    pending = list(
        RollupPending.objects.order_by("pk").values_list("pk", "ticket_id")[:batch]
    )
    if not pending:
        return 0
    ids = {ticket_id for _pk, ticket_id in pending}
    states = {
        state.ticket_id: state
        for state in TicketRollup.objects.filter(ticket_id__in=ids)
    }
    current = contributions(ids)
    deltas: Counter[RowKey] = Counter()
    changed, created = [], []
    for ticket_id in ids:
        groups = _groups(current.get(ticket_id))
        state = states.get(ticket_id)
        for row, count in state_entries(state.entries if state else []):
            deltas[row] -= count
        for row, count in state_entries(groups):
            deltas[row] += count
        if state is None:
            created.append(TicketRollup(ticket_id=ticket_id, entries=groups))
        else:
            state.entries = groups
            changed.append(state)
    deltas.update(snapshot_deltas(deltas, snapshot_weeks()))
    deltas_apply(deltas)
    TicketRollup.objects.bulk_create(created)
    TicketRollup.objects.bulk_update(changed, ["entries"])
    RollupPending.objects.filter(pk__in=[pk for pk, _ticket in pending]).delete()
    return len(ids)


def rollups_fold_all() -> int:
    """Fold until nothing is pending; how many tickets in all."""
    total = 0
    while folded := rollups_fold():
        total += folded
    return total


@dataclass(frozen=True)
class RebuildResult:
    tickets: int
    rows_checked: int
    rows_corrected: int
    corrections: list[tuple[RowKey, int, int]]  # row, was, is
    # The summary rows (reports.rollups.summary) corrected, and the first few.
    summary_corrected: int = 0
    summary_corrections: list = field(default_factory=list)


def _bounds(start: date | None, end: date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(day__gte=start)
    if end is not None:
        q &= Q(day__lt=end)
    return q


def _touching(start: date | None, end: date | None) -> Iterable[int]:
    """Tickets with any entry on a day in [start, end): by each stamp an entry uses."""
    if start is None and end is None:
        return Ticket.objects.order_by("pk").values_list("pk", flat=True).iterator()
    zone = timezone.get_default_timezone()
    low = datetime.combine(start or date(1, 1, 2), time.min, tzinfo=zone)
    high = datetime.combine(end or date(9999, 12, 30), time.min, tzinfo=zone)

    def within(name: str) -> Q:
        return Q(**{f"{name}__gte": low, f"{name}__lt": high})

    ids = set(
        Ticket.objects.filter(
            within("received_at") | within("resolved_at")
        ).values_list("pk", flat=True)
    )
    ids |= set(
        StatusChange.objects.filter(within("created_at")).values_list(
            "ticket_id", flat=True
        )
    )
    ids |= set(
        TicketClock.objects.filter(within("due_at") | within("stopped_at")).values_list(
            "ticket_id", flat=True
        )
    )
    return sorted(ids)


def _in_range(day: str, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start.isoformat()) and (
        end is None or day < end.isoformat()
    )


def _chunks(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for ticket_id in ids:
        chunk.append(ticket_id)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def rollups_rebuild(
    *, start: date | None = None, end: date | None = None, shown: int = 20
) -> RebuildResult:
    """Recompute DailyFigure for the days [start, end) from the tickets; correct it.

    None is open-ended: no bounds rebuild everything (and forget tickets that
    no longer exist). Pending changes are folded first; each ticket's stored
    contribution keeps its entries outside the range and takes the fresh ones
    inside it, so later folds stay exact. Returns how many rows differed, with
    the first few of them. The summary rows of the range follow from the
    corrected DailyFigure rows (reports.rollups.summary), counted apart.
    """
    fold_lock()
    while rollups_fold():
        pass
    expected: Counter[RowKey] = Counter()
    tickets = 0
    for chunk in _chunks(_touching(start, end), REBUILD_CHUNK):
        tickets += len(chunk)
        current = contributions(chunk)
        states = {
            s.ticket_id: s for s in TicketRollup.objects.filter(ticket_id__in=chunk)
        }
        changed, created = [], []
        for ticket_id in chunk:
            fresh = _groups(current.get(ticket_id))
            kept = [
                [dims, [e for e in entries if not _in_range(e[0], start, end)]]
                for dims, entries in (
                    states[ticket_id].entries if ticket_id in states else []
                )
            ]
            inside = [
                [dims, [e for e in entries if _in_range(e[0], start, end)]]
                for dims, entries in fresh
            ]
            groups = [group for group in kept + inside if group[1]]
            for row, count in state_entries(inside):
                expected[row] += count
            if ticket_id in states:
                states[ticket_id].entries = groups
                changed.append(states[ticket_id])
            else:
                created.append(TicketRollup(ticket_id=ticket_id, entries=groups))
        TicketRollup.objects.bulk_create(created, batch_size=1000)
        TicketRollup.objects.bulk_update(changed, ["entries"], batch_size=1000)
    if start is None and end is None:
        # An anti-join (NOT EXISTS): NOT IN over a million ids does not fit
        # PostgreSQL's hashed subplan and ran for hours at 1,000,000 tickets.
        TicketRollup.objects.exclude(ticket_id=LOCK_ID).exclude(
            Exists(Ticket.objects.filter(pk=OuterRef("ticket_id")))
        ).delete()
    existing = {}
    for row in (
        DailyFigure.objects.filter(_bounds(start, end))
        .exclude(figure=SNAPSHOT)
        .values_list("pk", "day", "figure", *DIMENSIONS, "key", "count")
    ):
        pk, day, figure, *dims, key, count = row
        existing[(day.isoformat(), figure, tuple(dims), key)] = (pk, count)
    corrections = []
    for row in set(existing) | set(expected):
        was = existing.get(row, (None, 0))[1]
        now = expected.get(row, 0)
        if was != now:
            corrections.append((row, was, now))
    corrections.sort()
    stale = [existing[row][0] for row, _was, now in corrections if row in existing]
    DailyFigure.objects.filter(pk__in=stale).delete()
    DailyFigure.objects.bulk_create(
        [
            DailyFigure(
                day=date.fromisoformat(day),
                figure=figure,
                key=key,
                count=now,
                **dict(zip(DIMENSIONS, dims, strict=True)),
            )
            for (day, figure, dims, key), _was, now in corrections
            if now
        ],
        batch_size=2000,
    )
    if start is None and end is None:
        open_snapshots_retake()
    else:
        # Later weeks' snapshots move with the flows just corrected.
        deltas_apply(
            snapshot_deltas(
                Counter({row: now - was for row, was, now in corrections}),
                snapshot_weeks(),
            )
        )
    # Snapshot rows are taken, not checked (as DailyFigure's above): a full
    # rebuild takes the weeks it had none for, which is no correction.
    summary = summary_rebuild(
        start=start, end=end, tally=Tally(shown=shown, skip=frozenset({SNAPSHOT}))
    )
    # The transactions per day, shown as summary rows of figure "txn".
    summary.add(
        ((DAY, day.isoformat(), "txn", (), ""), was, now)
        for day, was, now in transaction_days_rebuild(start=start, end=end)
    )
    return RebuildResult(
        tickets=tickets,
        rows_checked=len(set(existing) | set(expected)),
        rows_corrected=len(corrections),
        corrections=corrections[:shown],
        summary_corrected=summary.count,
        summary_corrections=summary.first,
    )


@transaction.atomic
def summary_rebuild_all(grains: Iterable[Grain] = GRAINS) -> int:
    """Recompute every row of the grains from DailyFigure under the fold lock; how
    many rows were corrected (a deploy that adds a grain, a check).

    A migration that adds a grain names the grains whose tables its schema has
    (a later migration's grain has none yet)."""
    fold_lock()
    return summary_rebuild(start=None, end=None, grains=grains).count


@transaction.atomic
def span_rows_rebuild_all(
    units: Iterable[str] = (WEEK, *OF_MONTHS), grains: Iterable[Grain] = GRAINS
) -> int:
    """Recompute every row of these spans of the grains (from their day or month
    rows) under the fold lock; how many rows were corrected (a deploy that
    adds a span). Month rows come before the quarters and years summed from them."""
    fold_lock()
    days = DailyFigure.objects.order_by("day").values_list("day", flat=True)
    first, last = days.first(), days.last()
    corrected = 0
    for unit in units if first else ():
        start = span_start(unit, first)
        while start <= last:
            for grain in grains:
                corrected += len(span_rows_fix(grain, unit, start))
            start = span_end(unit, start)
    return corrected


@transaction.atomic
def reconcile_window(*, days: int = 2, now: datetime | None = None) -> RebuildResult:
    """Rebuild the last few local days and take a new week's open snapshot (beat)."""
    today = timezone.localdate(now or timezone.now(), timezone.get_default_timezone())
    result = rollups_rebuild(
        start=today - timedelta(days=days - 1), end=today + timedelta(days=1)
    )
    # A new snapshot's rows go in whole, in DailyFigure and the grains.
    open_snapshots_take(now=now)
    return result
