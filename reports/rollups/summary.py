"""The summary grain: the daily figures without the agent, by day and by month.

DailyFigure rows carry seven dimensions and the resolution's whole key
(outcome, root cause, rating, time bucket), so nearly every ticket has rows of
its own: a year at a million tickets summed millions of rows. A report that does
not filter by agent needs none of that detail. SummaryFigure holds the same
figures under every dimension but the agent, with the resolution key split into
its parts (summary_entries), by local day (span "d") and by whole month (span
"m", the sum of the month's day rows); a long period reads its whole months'
rows and the day rows of the partial months at its ends (reports.selectors.sums).

Derived from DailyFigure and kept exact with it under the fold lock
(reports.rollups.fold): every DailyFigure delta of a fold moves the day and
month rows it projects to by the same count (summary_deltas), and a rebuild
recomputes the day rows of its range from the corrected DailyFigure rows and
each touched month's rows from its day rows (summary_rebuild).

  rcv  received, key the time-to-acknowledge bucket (as DailyFigure)
  rcn  received (no key: the trend's per-day count)
  rch  received per local hour (day rows only: hourly spike rules)
  rsn  resolved (no key)
  rso  resolved, key the outcome
  rsc  resolved, key the root cause ("" none)
  rsr  resolved and rated, key the rating
  rst  resolved, key the time-to-resolve bucket
  rdn, rda, mov, due, bnd  as DailyFigure
The open flows (opn, ops) stay in DailyFigure only: the backlog per agent reads them.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import Q, Sum

from reports.models import DailyFigure, SummaryFigure
from reports.rollups.entries import DIMENSIONS

DAY = SummaryFigure.Span.DAY
MONTH = SummaryFigure.Span.MONTH
# DailyFigure's dimensions less the agent, in the same order.
SUMMARY_DIMENSIONS = tuple(name for name in DIMENSIONS if name != "agent_id")
_KEPT = tuple(DIMENSIONS.index(name) for name in SUMMARY_DIMENSIONS)
# Figures that have no summary rows; figures that have no month rows.
_NOT_SUMMED = frozenset({"opn", "ops"})
_DAYS_ONLY = frozenset({"rch"})
# (span, first day ISO, figure, summary dims, key) -> count
SummaryKey = tuple[str, str, str, tuple, str]


def summary_entries(figure: str, key: str) -> list[tuple[str, str]]:
    """The summary (figure, key) pairs one DailyFigure (figure, key) adds its count to."""
    if figure in _NOT_SUMMED:
        return []
    if figure == "res":
        outcome, cause, rating, bucket = key.split("|")
        pairs = [("rsn", ""), ("rso", outcome), ("rsc", cause), ("rst", bucket)]
        if rating:
            pairs.append(("rsr", rating))
        return pairs
    if figure == "rcv":
        return [("rcv", key), ("rcn", "")]
    return [(figure, key)]


def summary_source(figure: str) -> str:
    """The DailyFigure figure a summary figure comes from."""
    if figure in ("rcn", "rcv"):
        return "rcv"
    if figure.startswith("rs"):
        return "res"
    return figure


def summary_dims(dims: Iterable) -> tuple:
    """DailyFigure dimensions without the agent."""
    dims = tuple(dims)
    return tuple(dims[index] for index in _KEPT)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def summary_deltas(deltas: Counter) -> Counter:
    """What DailyFigure deltas (keyed as the fold's) add to the summary rows."""
    moved: Counter = Counter()
    for (day, figure, dims, key), count in deltas.items():
        if not count:
            continue
        narrow = summary_dims(dims)
        month = month_start(date.fromisoformat(day)).isoformat()
        for name, part in summary_entries(figure, key):
            moved[(DAY, day, name, narrow, part)] += count
            if name not in _DAYS_ONLY:
                moved[(MONTH, month, name, narrow, part)] += count
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


def period_q(first: date, before: date, *, months: bool = True) -> Q:
    """The summary rows that sum to the days [first, before): the whole months'
    month rows (when months) and the day rows of the rest."""
    inside = whole_months(first, before) if months else []
    if not inside:
        return Q(span=DAY, day__gte=first, day__lt=before)
    q = Q(span=MONTH, day__in=inside)
    if first < inside[0]:
        q |= Q(span=DAY, day__gte=first, day__lt=inside[0])
    end = next_month(inside[-1])
    if end < before:
        q |= Q(span=DAY, day__gte=end, day__lt=before)
    return q


def _fix(
    existing: dict[SummaryKey, tuple[int, int]], expected: Counter
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
    SummaryFigure.objects.filter(pk__in=stale).delete()
    SummaryFigure.objects.bulk_create(
        [
            SummaryFigure(
                span=span,
                day=date.fromisoformat(day),
                figure=figure,
                key=key,
                count=now,
                **dict(zip(SUMMARY_DIMENSIONS, dims, strict=True)),
            )
            for (span, day, figure, dims, key), _was, now in corrections
            if now
        ],
        batch_size=2000,
    )
    return corrections


def _existing(rows: Iterable[tuple]) -> dict[SummaryKey, tuple[int, int]]:
    existing = {}
    for pk, span, day, figure, *dims, key, count in rows:
        existing[(span, day.isoformat(), figure, tuple(dims), key)] = (pk, count)
    return existing


_FIELDS = ("pk", "span", "day", "figure", *SUMMARY_DIMENSIONS, "key", "count")


def _months(start: date | None, end: date | None) -> Iterator[tuple[date, date]]:
    """The months meeting the days [start, end), each as its day range in it."""
    if start is None or end is None:
        bounds = DailyFigure.objects.exclude(figure__in=_NOT_SUMMED).order_by("day")
        first = bounds.values_list("day", flat=True).first()
        last = bounds.values_list("day", flat=True).last()
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
    """Recompute the summary rows of the days [start, end) from DailyFigure; correct them.

    The caller holds the fold lock and has corrected DailyFigure. Day rows in
    the range come from DailyFigure's rows; every month meeting the range gets
    its month rows again from its day rows. None is open-ended; a full rebuild
    also removes rows of days with no DailyFigure row at all. Month by month,
    so memory holds one month. Returns the corrections.
    """
    corrections = []
    if start is None and end is None:
        rows = SummaryFigure.objects.all()
        months = list(_months(None, None))
        if months:
            rows = rows.filter(~Q(day__gte=months[0][0], day__lt=months[-1][2]))
        corrections += _fix(_existing(rows.values_list(*_FIELDS)), Counter())
    for month, first, before in _months(start, end):
        expected: Counter = Counter()
        for row in (
            DailyFigure.objects.filter(day__gte=first, day__lt=before)
            .exclude(figure__in=_NOT_SUMMED)
            .values_list("day", "figure", *DIMENSIONS, "key", "count")
        ):
            day, figure, *dims, key, count = row
            narrow = summary_dims(dims)
            for name, part in summary_entries(figure, key):
                expected[(DAY, day.isoformat(), name, narrow, part)] += count
        expected = Counter({row: n for row, n in expected.items() if n})
        corrections += _fix(
            _existing(
                SummaryFigure.objects.filter(
                    span=DAY, day__gte=first, day__lt=before
                ).values_list(*_FIELDS)
            ),
            expected,
        )
        corrections += _month_rows_fix(month)
    return corrections


def _month_rows_fix(month: date) -> list[tuple[SummaryKey, int, int]]:
    """Make the month's rows the sum of its day rows (one grouped query)."""
    expected: Counter = Counter()
    for row in (
        SummaryFigure.objects.filter(
            span=DAY, day__gte=month, day__lt=next_month(month)
        )
        .exclude(figure__in=_DAYS_ONLY)
        .values("figure", *SUMMARY_DIMENSIONS, "key")
        .annotate(total=Sum("count"))
        .order_by()
    ):
        if row["total"]:
            dims = tuple(row[name] for name in SUMMARY_DIMENSIONS)
            key = (MONTH, month.isoformat(), row["figure"], dims, row["key"])
            expected[key] = row["total"]
    return _fix(
        _existing(
            SummaryFigure.objects.filter(span=MONTH, day=month).values_list(*_FIELDS)
        ),
        expected,
    )
