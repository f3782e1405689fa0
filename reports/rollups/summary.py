"""The grains' rows kept exact with DailyFigure: deltas, periods and rebuilds.

The grains (reports.rollups.grains) are derived from DailyFigure and kept exact
with it under the fold lock (reports.rollups.fold): every DailyFigure delta (a
fold's, a snapshot's) moves the day, week and month rows it projects to by the
same count (grain_deltas), and a rebuild recomputes the day rows of its range
from the corrected DailyFigure rows and each touched week's and month's rows
from their day rows (summary_rebuild). period_parts says which rows sum to a
period.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.db import models
from django.db.models import Q, Sum

from reports.models import DailyFigure
from reports.rollups.entries import DIMENSIONS
from reports.rollups.grains import DAY, GRAINS, MONTH, WEEK, Grain

# (span, first day ISO, figure, the grain's dims, key) -> count
SummaryKey = tuple[str, str, str, tuple, str]


def month_start(day: date) -> date:
    return day.replace(day=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def grain_deltas(grain: Grain, deltas: Counter) -> Counter:
    """What DailyFigure deltas (keyed as the fold's) add to the grain's rows."""
    moved: Counter = Counter()
    for (day, figure, dims, key), count in deltas.items():
        if not count:
            continue
        narrow = grain.project(dims)
        month = month_start(date.fromisoformat(day)).isoformat()
        monday = week_start(date.fromisoformat(day)).isoformat()
        for name, part in grain.entries(figure, key):
            moved[(DAY, day, name, narrow, part)] += count
            if name not in grain.without_months:
                moved[(MONTH, month, name, narrow, part)] += count
            if name not in grain.without_weeks:
                moved[(WEEK, monday, name, narrow, part)] += count
    return moved


def whole_months(first: date, before: date) -> list[date]:
    """The months lying wholly inside the days [first, before)."""
    months = []
    month = month_start(first)
    if month < first:
        month = next_month(month)
    while next_month(month) <= before:
        months.append(month)
        month = next_month(month)
    return months


def whole_weeks(first: date, before: date) -> list[date]:
    """The Mondays of the weeks lying wholly inside the days [first, before)."""
    monday = week_start(first)
    if monday < first:
        monday += timedelta(days=7)
    mondays = []
    while monday + timedelta(days=7) <= before:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def _span_end(unit: str, first: date) -> date:
    """The day after the month or week starting on first."""
    return next_month(first) if unit == MONTH else first + timedelta(days=7)


def period_parts(
    first: date, before: date, *, units: tuple[str, ...] = (MONTH, WEEK)
) -> list[Q]:
    """The grain's rows that sum to the days [first, before), as contiguous index
    ranges, coarsest unit first: the whole months' rows (units has MONTH), then
    the whole weeks' rows (WEEK) of what is left at either end, then the day
    rows of the rest. No units: day rows only."""
    return _parts(first, before, units) or [Q(span=DAY, day__gte=first, day__lt=before)]


def _parts(first: date, before: date, units: tuple[str, ...]) -> list[Q]:
    if first >= before:
        return []
    for position, unit in enumerate(units):
        inside = (whole_months if unit == MONTH else whole_weeks)(first, before)
        if inside:
            finer = units[position + 1 :]
            # By the spans' own first days (one index descent each), so an
            # equality on the next columns of the index (a kind filter)
            # narrows what each reads.
            return [
                Q(span=unit, day__in=inside),
                *_parts(first, inside[0], finer),
                *_parts(_span_end(unit, inside[-1]), before, finer),
            ]
    return [Q(span=DAY, day__gte=first, day__lt=before)]


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
    *, start: date | None, end: date | None, grains: Iterable[Grain] = GRAINS
) -> list[tuple[SummaryKey, int, int]]:
    """Recompute the grains' rows of the days [start, end) from DailyFigure; correct them.

    The caller holds the fold lock and has corrected DailyFigure. Day rows in
    the range come from DailyFigure's rows; every month meeting the range gets
    its month rows again from its day rows. None is open-ended; a full rebuild
    also removes rows of days with no DailyFigure row at all. Month by month,
    so memory holds one month. Returns the corrections (of both grains).
    """
    grains = tuple(grains)
    corrections = []
    months = list(_months(start, end))
    for grain in grains:
        if start is None and end is None:
            rows = grain.rows()
            if months:
                low, high = months[0][0], months[-1][2]
                rows = rows.exclude(day__gte=low, day__lt=high).exclude(
                    # The first week may start in the month before (its rows
                    # are fixed with the first month's).
                    span=WEEK,
                    day__gte=week_start(low),
                    day__lt=high,
                )
            corrections += _fix(grain, _existing(grain, rows), Counter())
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
            corrections += _fix(
                grain,
                _existing(grain, rows),
                Counter({row: n for row, n in expected[grain].items() if n}),
            )
            corrections += _month_rows_fix(grain, month)
            monday = week_start(first)
            while monday < before:
                corrections += week_rows_fix(grain, monday)
                monday += timedelta(days=7)
    return corrections


def week_rows_fix(grain: Grain, monday: date) -> list[tuple[SummaryKey, int, int]]:
    """Make the week's rows the sum of its day rows (one grouped query)."""
    expected: Counter = Counter()
    for row in (
        grain.rows()
        .filter(span=DAY, day__gte=monday, day__lt=monday + timedelta(days=7))
        .exclude(figure__in=grain.without_weeks)
        .values("figure", *grain.columns, "key")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        if row["total"]:
            dims = tuple(row[name] for name in grain.columns)
            key = (WEEK, monday.isoformat(), row["figure"], dims, row["key"])
            expected[key] = row["total"]
    rows = grain.rows().filter(span=WEEK, day=monday)
    return _fix(grain, _existing(grain, rows), expected)


def _month_rows_fix(grain: Grain, month: date) -> list[tuple[SummaryKey, int, int]]:
    """Make the month's rows the sum of its day rows (one grouped query)."""
    expected: Counter = Counter()
    for row in (
        grain.rows()
        .filter(span=DAY, day__gte=month, day__lt=next_month(month))
        .exclude(figure__in=grain.without_months)
        .values("figure", *grain.columns, "key")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        if row["total"]:
            dims = tuple(row[name] for name in grain.columns)
            key = (MONTH, month.isoformat(), row["figure"], dims, row["key"])
            expected[key] = row["total"]
    rows = grain.rows().filter(span=MONTH, day=month)
    return _fix(grain, _existing(grain, rows), expected)
