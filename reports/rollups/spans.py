"""The spans a grain's rows hold, and which of them sum to a period.

A grain (reports.rollups.grains) has rows by local day (span "d") and, for the
figures summed over days, by whole week ("w", Monday to Sunday), month ("m"),
quarter ("q") and year ("y"), each dated its first day and holding the sum of
its day rows. A period reads its whole years' rows, then the whole quarters',
months' and weeks' rows of what is left at either end, then the day rows of the
rest (period_parts): at most a few dozen spans whatever its length, each with
at most one row per combination of dimension values and key. So what a report
reads grows with its length and its filters' values, not with the tickets.
"""

from datetime import date, timedelta

from django.db.models import Q

from reports.models import SummaryFigure

DAY = SummaryFigure.Span.DAY
WEEK = SummaryFigure.Span.WEEK
MONTH = SummaryFigure.Span.MONTH
QUARTER = SummaryFigure.Span.QUARTER
YEAR = SummaryFigure.Span.YEAR
# The spans summed from month rows (reports.rollups.summary), finest first.
OF_MONTHS = (QUARTER, YEAR)
# What a report's figures read, coarsest first.
PERIOD_UNITS = (YEAR, QUARTER, MONTH, WEEK)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def span_start(unit: str, day: date) -> date:
    """The first day of the span of this unit holding the day."""
    if unit == WEEK:
        return week_start(day)
    if unit == MONTH:
        return month_start(day)
    if unit == QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if unit == YEAR:
        return date(day.year, 1, 1)
    return day


def span_end(unit: str, first: date) -> date:
    """The day after the span of this unit starting on first."""
    if unit == WEEK:
        return first + timedelta(days=7)
    if unit in (MONTH, QUARTER, YEAR):
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[unit]
        for _ in range(months):
            first = next_month(first)
        return first
    return first + timedelta(days=1)


def whole_spans(unit: str, first: date, before: date) -> list[date]:
    """The first days of the spans of this unit lying wholly inside [first, before)."""
    start = span_start(unit, first)
    if start < first:
        start = span_end(unit, start)
    starts = []
    while span_end(unit, start) <= before:
        starts.append(start)
        start = span_end(unit, start)
    return starts


def period_parts(
    first: date, before: date, *, units: tuple[str, ...] = PERIOD_UNITS
) -> list[Q]:
    """The grain's rows that sum to the days [first, before), one contiguous
    index range or list per span: the whole spans of the first of units
    (coarsest first) inside the period, then those of the next unit in what is
    left at either end, and so on; then the day rows of the rest. No units:
    day rows only."""
    spans: dict[str, list[date]] = {}
    days: list[tuple[date, date]] = []
    _split(first, before, units, spans, days)
    # By the spans' own first days (one index descent each), so an equality
    # on the next columns of the index (a kind filter) narrows what each reads.
    parts = [Q(span=unit, day__in=sorted(starts)) for unit, starts in spans.items()]
    if len(days) == 1:
        ((low, high),) = days
        parts.append(Q(span=DAY, day__gte=low, day__lt=high))
    elif days:  # a few days at either end, in one list
        parts.append(
            Q(
                span=DAY,
                day__in=[
                    low + timedelta(days=n)
                    for low, high in days
                    for n in range((high - low).days)
                ],
            )
        )
    return parts or [Q(span=DAY, day__gte=first, day__lt=before)]


def _split(
    first: date,
    before: date,
    units: tuple[str, ...],
    spans: dict[str, list[date]],
    days: list[tuple[date, date]],
) -> None:
    """Add the whole spans and the day ranges that sum to [first, before)."""
    if first >= before:
        return
    for position, unit in enumerate(units):
        inside = whole_spans(unit, first, before)
        if inside:
            spans.setdefault(unit, []).extend(inside)
            finer = units[position + 1 :]
            _split(first, inside[0], finer, spans, days)
            _split(span_end(unit, inside[-1]), before, finer, spans, days)
            return
    days.append((first, before))
