"""Coarser grains of the daily figures, by day and by month: summary and agent.

DailyFigure rows carry seven dimensions and the resolution's whole key
(outcome, root cause, rating, time bucket), so nearly every ticket has rows of
its own: a year at a million tickets summed millions of rows. Two coarser copies
serve the reports that need less:
- SummaryFigure (SUMMARY): every dimension but the agent, the resolution key
  split into its parts (summary_entries); figures, trend, backlog and spike
  receipts of every report not filtered by agent.
- AgentFigure (AGENTS): the agent alone (agent_entries); the per-agent table and
  the open tickets per agent of reports filtered by nothing but the agent.
- AgentDetailFigure (AGENT_DETAIL): every dimension, the resolutions' keys split
  as the agent grain's; the per-agent table of reports filtered by other
  dimensions (one row per agent and key, not per ticket, leaves the database).
Each has rows by local day (span "d") and by whole month (span "m", the sum of
the month's day rows), the summary's trend figures also by week (span "w",
Monday to Sunday); a long period reads its whole months' (or weeks') rows and
the day rows of the partial ones at its ends (reports.selectors.sums).

Derived from DailyFigure and kept exact with it under the fold lock
(reports.rollups.fold): every DailyFigure delta (a fold's, a snapshot's) moves
the day and month rows it projects to by the same count (grain_deltas), and a
rebuild recomputes the day rows of its range from the corrected DailyFigure
rows and each touched month's rows from its day rows (summary_rebuild).

Summary figures:
  rcv  received, key the time-to-acknowledge bucket (as DailyFigure)
  rcn  received (no key: the trend's per-day count)
  rch  received per local hour (day rows only: hourly spike rules)
  rsn  resolved (no key)
  rso  resolved, key the outcome
  rsc  resolved, key the root cause ("" none)
  rsr  resolved and rated, key the rating
  rst  resolved, key the time-to-resolve bucket
  rdn, rda, mov, due, bnd, opn, ops  as DailyFigure (opn, ops in day rows only)
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Q, Sum

from reports.models import AgentDetailFigure, AgentFigure, DailyFigure, SummaryFigure
from reports.rollups.entries import DIMENSIONS

DAY = SummaryFigure.Span.DAY
WEEK = SummaryFigure.Span.WEEK
MONTH = SummaryFigure.Span.MONTH
OPEN_FIGURES = frozenset({"opn", "ops"})
# (span, first day ISO, figure, the grain's dims, key) -> count
SummaryKey = tuple[str, str, str, tuple, str]
Pairs = list[tuple[str, str]]


def summary_entries(figure: str, key: str) -> Pairs:
    """The summary (figure, key) pairs one DailyFigure (figure, key) adds its count to."""
    if figure == "res":
        outcome, cause, rating, bucket = key.split("|")
        pairs = [("rsn", ""), ("rso", outcome), ("rsc", cause), ("rst", bucket)]
        if rating:
            pairs.append(("rsr", rating))
        return pairs
    if figure == "rcv":
        return [("rcv", key), ("rcn", "")]
    return [(figure, key)]


def agent_entries(figure: str, key: str) -> Pairs:
    """The agent grain's (figure, key) pairs of one DailyFigure (figure, key).

    ars resolved, key the time-to-resolve bucket; aro resolved, key the outcome;
    arr resolved and rated, key the rating; opn and ops the open flows and
    snapshots, without the day received.
    """
    return _agent_pairs(figure, key, opened=True)


def agent_detail_entries(figure: str, key: str) -> Pairs:
    """agent_entries without the open flows (read from DailyFigure when filtered)."""
    return _agent_pairs(figure, key, opened=False)


def _agent_pairs(figure: str, key: str, *, opened: bool) -> Pairs:
    if figure == "res":
        outcome, _cause, rating, bucket = key.split("|")
        pairs = [("ars", bucket), ("aro", outcome)]
        if rating:
            pairs.append(("arr", rating))
        return pairs
    if opened and figure in OPEN_FIGURES:
        return [(figure, "")]
    return []


# Summary figures with no key: each DailyFigure row of their source adds its
# whole count to them, whatever its key.
KEYLESS = frozenset({"rcn", "rsn"})


def summary_source(figure: str) -> str:
    """The DailyFigure figure a summary or agent figure comes from."""
    if figure in ("rcn", "rcv"):
        return "rcv"
    if figure.startswith(("rs", "ar")):
        return "res"
    return figure


@dataclass(frozen=True)
class Grain:
    """A coarser copy of DailyFigure: which dimensions it keeps, how keys split."""

    model: type[models.Model]
    dims: tuple[str, ...]
    entries: Callable[[str, str], Pairs]
    # Figures kept in day rows only: hourly receipts, and the open flows and
    # snapshots (read from a month's snapshot onwards, never summed by month).
    days_only: frozenset[str]
    # Figures that also have week rows (Monday to Sunday): the weekly trend's.
    weekly: frozenset[str] = frozenset()

    def project(self, dims: Iterable) -> tuple:
        dims = tuple(dims)
        return tuple(dims[DIMENSIONS.index(name)] for name in self.dims)


SUMMARY = Grain(
    model=SummaryFigure,
    dims=tuple(name for name in DIMENSIONS if name != "agent_id"),
    entries=summary_entries,
    days_only=frozenset({"rch"}) | OPEN_FIGURES,
    weekly=frozenset({"rcn", "rsn"}),
)
AGENTS = Grain(
    model=AgentFigure,
    dims=("agent_id",),
    entries=agent_entries,
    days_only=OPEN_FIGURES,
)
AGENT_DETAIL = Grain(
    model=AgentDetailFigure,
    dims=DIMENSIONS,
    entries=agent_detail_entries,
    days_only=frozenset(),
)
GRAINS = (SUMMARY, AGENTS, AGENT_DETAIL)
SUMMARY_DIMENSIONS = SUMMARY.dims


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
            if name not in grain.days_only:
                moved[(MONTH, month, name, narrow, part)] += count
            if name in grain.weekly:
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


def period_parts(first: date, before: date, *, unit: str | None = MONTH) -> list[Q]:
    """The grain's rows that sum to the days [first, before), as contiguous index
    ranges: the whole months' (unit MONTH) or weeks' (WEEK) rows and the day
    rows of the rest at either end; unit None, day rows only."""
    if unit == MONTH:
        inside = whole_months(first, before)
        end = next_month(inside[-1]) if inside else None
    elif unit == WEEK:
        inside = whole_weeks(first, before)
        end = inside[-1] + timedelta(days=7) if inside else None
    else:
        inside, end = [], None
    if not inside:
        return [Q(span=DAY, day__gte=first, day__lt=before)]
    # By the spans' own first days (one index descent each), so an equality on
    # the next columns of the index (a kind filter) narrows what each reads.
    parts = [Q(span=unit, day__in=inside)]
    if first < inside[0]:
        parts.append(Q(span=DAY, day__gte=first, day__lt=inside[0]))
    if end < before:
        parts.append(Q(span=DAY, day__gte=end, day__lt=before))
    return parts


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
                **dict(zip(grain.dims, dims, strict=True)),
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
        "pk", "span", "day", "figure", *grain.dims, "key", "count"
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
    *, start: date | None, end: date | None
) -> list[tuple[SummaryKey, int, int]]:
    """Recompute the grains' rows of the days [start, end) from DailyFigure; correct them.

    The caller holds the fold lock and has corrected DailyFigure. Day rows in
    the range come from DailyFigure's rows; every month meeting the range gets
    its month rows again from its day rows. None is open-ended; a full rebuild
    also removes rows of days with no DailyFigure row at all. Month by month,
    so memory holds one month. Returns the corrections (of both grains).
    """
    corrections = []
    months = list(_months(start, end))
    for grain in GRAINS:
        if start is None and end is None:
            rows = grain.model.objects.all()
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
        expected = {grain: Counter() for grain in GRAINS}
        for row in DailyFigure.objects.filter(
            day__gte=first, day__lt=before
        ).values_list("day", "figure", *DIMENSIONS, "key", "count"):
            day, figure, *dims, key, count = row
            for grain in GRAINS:
                narrow = grain.project(dims)
                for name, part in grain.entries(figure, key):
                    expected[grain][(DAY, day.isoformat(), name, narrow, part)] += count
        for grain in GRAINS:
            rows = grain.model.objects.filter(span=DAY, day__gte=first, day__lt=before)
            corrections += _fix(
                grain,
                _existing(grain, rows),
                Counter({row: n for row, n in expected[grain].items() if n}),
            )
            corrections += _month_rows_fix(grain, month)
            if grain.weekly:
                monday = week_start(first)
                while monday < before:
                    corrections += _week_rows_fix(grain, monday)
                    monday += timedelta(days=7)
    return corrections


def _week_rows_fix(grain: Grain, monday: date) -> list[tuple[SummaryKey, int, int]]:
    """Make the week's rows of the weekly figures the sum of its day rows."""
    expected: Counter = Counter()
    for row in (
        grain.model.objects.filter(
            span=DAY,
            day__gte=monday,
            day__lt=monday + timedelta(days=7),
            figure__in=grain.weekly,
        )
        .values("figure", *grain.dims, "key")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        if row["total"]:
            dims = tuple(row[name] for name in grain.dims)
            key = (WEEK, monday.isoformat(), row["figure"], dims, row["key"])
            expected[key] = row["total"]
    rows = grain.model.objects.filter(span=WEEK, day=monday)
    return _fix(grain, _existing(grain, rows), expected)


def _month_rows_fix(grain: Grain, month: date) -> list[tuple[SummaryKey, int, int]]:
    """Make the month's rows the sum of its day rows (one grouped query)."""
    expected: Counter = Counter()
    for row in (
        grain.model.objects.filter(span=DAY, day__gte=month, day__lt=next_month(month))
        .exclude(figure__in=grain.days_only)
        .values("figure", *grain.dims, "key")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        if row["total"]:
            dims = tuple(row[name] for name in grain.dims)
            key = (MONTH, month.isoformat(), row["figure"], dims, row["key"])
            expected[key] = row["total"]
    rows = grain.model.objects.filter(span=MONTH, day=month)
    return _fix(grain, _existing(grain, rows), expected)
