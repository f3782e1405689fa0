"""The grains' rows kept exact with DailyFigure: deltas, periods and rebuilds.

The grains (reports.rollups.grains) are derived from DailyFigure and kept exact
with it under the fold lock (reports.rollups.fold): every DailyFigure delta (a
fold's, a snapshot's) moves the day row it projects to and the rows of every
span holding that day (reports.rollups.spans) by the same count
(grain_deltas), and a rebuild recomputes the day rows of its range from the
corrected DailyFigure rows, each touched week's and month's rows from their day
rows and each touched quarter's and year's from their month rows
(summary_rebuild).
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Sum

from config.upserts import counters_add
from reports.models import DailyFigure
from reports.rollups.entries import DIMENSIONS
from reports.rollups.grains import GRAINS, Grain
from reports.rollups.spans import (
    DAY,
    MONTH,
    OF_MONTHS,
    WEEK,
    month_start,
    next_month,
    span_end,
    span_start,
)

# (span, first day ISO, figure, the grain's dims, key) -> count
SummaryKey = tuple[str, str, str, tuple, str]


@dataclass
class Tally:
    """How many rows a rebuild corrected, and the first few of them.

    Not the list: a first rebuild at 1,000,000 tickets (the volume seeder's)
    corrects every row of every grain, tens of millions, which held 20 GB.
    """

    shown: int = 20
    skip: frozenset[str] = frozenset()  # figures not counted
    count: int = 0
    first: list = field(default_factory=list)

    def add(self, changes: Iterable[tuple[SummaryKey, int, int]]) -> None:
        for change in changes:
            if change[0][2] in self.skip:
                continue
            self.count += 1
            if len(self.first) < self.shown:
                self.first.append(change)


def grain_deltas(grain: Grain, deltas: Counter) -> Counter:
    """What DailyFigure deltas (keyed as the fold's) add to the grain's rows."""
    moved: Counter = Counter()
    for (day, figure, dims, key), count in deltas.items():
        if not count:
            continue
        narrow = grain.project(dims)
        when = date.fromisoformat(day)
        for name, part in grain.entries(figure, key):
            for unit in (DAY, *grain.spans(name)):
                first = span_start(unit, when).isoformat()
                moved[(unit, first, name, narrow, part)] += count
    return moved


def deltas_apply(deltas: Counter) -> None:
    """Add deltas (keyed (day ISO, figure, dims, key), as the fold's) to
    DailyFigure and the grains' rows they project to (grain_deltas), under the
    fold lock: a fold's, a rebuild's corrections of later snapshots, a new
    snapshot's rows."""
    # One statement per table (and thousand rows), rows in key order.
    counters_add(
        DailyFigure,
        rows=(
            (
                {
                    "day": date.fromisoformat(day),
                    "figure": figure,
                    **dict(zip(DIMENSIONS, dims, strict=True)),
                    "key": key,
                },
                count,
            )
            for (day, figure, dims, key), count in sorted(deltas.items())
            if count
        ),
        counter="count",
    )
    for grain in GRAINS:
        counters_add(
            grain.model,
            rows=(
                (
                    {
                        "span": span,
                        **grain.fixed,
                        "day": date.fromisoformat(day),
                        "figure": figure,
                        **dict(zip(grain.columns, dims, strict=True)),
                        "key": key,
                    },
                    count,
                )
                for (span, day, figure, dims, key), count in sorted(
                    grain_deltas(grain, deltas).items()
                )
                if count
            ),
            counter="count",
        )


def _fix(
    grain: Grain, existing: dict[SummaryKey, tuple[int, int]], expected: Counter
) -> list[tuple[SummaryKey, int, int]]:
    """Make the rows read as existing (key -> pk, count) hold expected; the changes."""
    corrections = []
    for row in set(existing) | set(expected):
        was = existing.get(row, (None, 0))[1]
        now = expected.get(row, 0)
        if was != now:
            corrections.append((row, was, now))
    corrections.sort()
    stale = [existing[row][0] for row, _was, _now in corrections if row in existing]
    grain.model.objects.filter(pk__in=stale).delete()
    grain.model.objects.bulk_create(
        [
            grain.model(
                span=span,
                day=date.fromisoformat(day),
                figure=figure,
                key=key,
                count=now,
                **grain.fixed,
                **dict(zip(grain.columns, dims, strict=True)),
            )
            for (span, day, figure, dims, key), _was, now in corrections
            if now
        ],
        batch_size=2000,
    )
    return corrections


def _existing(grain: Grain, rows: models.QuerySet) -> dict[SummaryKey, tuple[int, int]]:
    existing = {}
    for pk, span, day, figure, *dims, key, count in rows.values_list(
        "pk", "span", "day", "figure", *grain.columns, "key", "count"
    ):
        existing[(span, day.isoformat(), figure, tuple(dims), key)] = (pk, count)
    return existing


def _months(start: date | None, end: date | None) -> Iterator[tuple[date, date, date]]:
    """The months meeting the days [start, end), each with its day range in it."""
    if start is None or end is None:
        days = DailyFigure.objects.order_by("day").values_list("day", flat=True)
        first, last = days.first(), days.last()
        if first is None:
            return
        start = start or first
        end = end or next_month(month_start(last))
    month = month_start(start)
    while month < end:
        following = next_month(month)
        yield month, max(start, month), min(end, following)
        month = following


def summary_rebuild(
    *,
    start: date | None,
    end: date | None,
    grains: Iterable[Grain] = GRAINS,
    tally: Tally | None = None,
) -> Tally:
    """Recompute the grains' rows of the days [start, end) from DailyFigure; correct them.

    The caller holds the fold lock and has corrected DailyFigure. Day rows in
    the range come from DailyFigure's rows; every week and month meeting the
    range gets its rows again from its day rows, then every quarter and year
    from its month rows. None is open-ended; a full rebuild also removes rows
    of days with no DailyFigure row at all. Month by month, so memory holds
    one month. Returns the tally of corrections (of every grain).
    """
    grains = tuple(grains)
    tally = tally or Tally()
    months = list(_months(start, end))
    for grain in grains:
        if start is None and end is None:
            rows = grain.rows()
            if months:
                low, high = months[0][0], months[-1][2]
                rows = rows.exclude(day__gte=low, day__lt=high)
                # The first week, quarter and year may start before the first
                # month (their rows are fixed with the first month's).
                for unit in (WEEK, *OF_MONTHS):
                    rows = rows.exclude(
                        span=unit, day__gte=span_start(unit, low), day__lt=high
                    )
            tally.add(_fix(grain, _existing(grain, rows), Counter()))
    for month, first, before in months:
        expected = {grain: Counter() for grain in grains}
        for row in DailyFigure.objects.filter(
            day__gte=first, day__lt=before
        ).values_list("day", "figure", *DIMENSIONS, "key", "count"):
            day, figure, *dims, key, count = row
            for grain in grains:
                narrow = grain.project(dims)
                for name, part in grain.entries(figure, key):
                    expected[grain][(DAY, day.isoformat(), name, narrow, part)] += count
        for grain in grains:
            rows = grain.rows().filter(span=DAY, day__gte=first, day__lt=before)
            tally.add(
                _fix(
                    grain,
                    _existing(grain, rows),
                    Counter({row: n for row, n in expected[grain].items() if n}),
                )
            )
            tally.add(span_rows_fix(grain, MONTH, month))
            monday = span_start(WEEK, first)
            while monday < before:
                tally.add(span_rows_fix(grain, WEEK, monday))
                monday = span_end(WEEK, monday)
    for unit in OF_MONTHS:  # once every month row is right
        for first in sorted({span_start(unit, month) for month, _f, _b in months}):
            for grain in grains:
                tally.add(span_rows_fix(grain, unit, first))
    return tally


def span_rows_fix(
    grain: Grain, unit: str, first: date
) -> list[tuple[SummaryKey, int, int]]:
    """Make the rows of the span of this unit starting on first the sum of its
    day rows (a week, a month) or month rows (a quarter, a year): one grouped
    query."""
    source = MONTH if unit in OF_MONTHS else DAY
    expected: Counter = Counter()
    for row in (
        grain.rows()
        .filter(span=source, day__gte=first, day__lt=span_end(unit, first))
        .exclude(figure__in=grain.without(unit))
        .values("figure", *grain.columns, "key")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        if row["total"]:
            dims = tuple(row[name] for name in grain.columns)
            key = (unit, first.isoformat(), row["figure"], dims, row["key"])
            expected[key] = row["total"]
    rows = grain.rows().filter(span=unit, day=first)
    return _fix(grain, _existing(grain, rows), expected)
