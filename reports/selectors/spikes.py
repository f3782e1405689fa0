"""Spike rules: their windows, counts against the baseline, recent alerts."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    QuerySet,
)
from django.utils import timezone

from reports.models import SpikeAlert, SpikeRule
from reports.rollups.entries import hour_slot, local_day
from reports.selectors.scope import period_q
from reports.selectors.sums import RollupSums
from reports.selectors.types import (
    ALERTS_SHOWN,
    RULES_WATCHED,
    ReportFilter,
    SpikeMeasure,
)
from transactions.models import Transaction


def spike_alerts_recent(*, filters: ReportFilter) -> list[SpikeAlert]:
    """Alerts whose window overlaps the period, newest first, with their rule."""
    return list(
        SpikeAlert.objects.select_related("rule").filter(
            window_start__lt=filters.end, window_end__gt=filters.start
        )[:ALERTS_SHOWN]
    )


def spike_windows(
    *, rule: SpikeRule, now: datetime, count: int
) -> list[tuple[datetime, datetime]]:
    """count consecutive windows of the rule, oldest first, the last holding now.

    Days run from local midnight to midnight in the site time zone (23 or 25
    hours across a DST change); hours are counted in UTC from the local hour.
    """
    zone = timezone.get_current_timezone()
    local = timezone.localtime(now, zone)
    if rule.window == SpikeRule.Window.DAY:
        today = local.date()
        days = [today - timedelta(days=back) for back in range(count - 1, -1, -1)]
        return [
            (
                datetime.combine(day, time.min, tzinfo=zone),
                datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone),
            )
            for day in days
        ]
    hour = local.replace(minute=0, second=0, microsecond=0).astimezone(UTC)
    return [
        (hour - timedelta(hours=back), hour - timedelta(hours=back - 1))
        for back in range(count - 1, -1, -1)
    ]


_SPIKE_SOURCES: dict[str, tuple[QuerySet, str, str]] = {
    SpikeRule.Metric.TRANSACTIONS_BY_TYPE: (
        Transaction.objects.all(),
        "occurred_at",
        "type",
    ),
    SpikeRule.Metric.CANCELLATIONS_BY_TYPE: (
        Transaction.objects.filter(status=Transaction.Status.CANCELLED),
        "cancelled_at",
        "type",
    ),
}


def spike_measure(
    *, rule: SpikeRule, now: datetime, include_previous: bool = True
) -> list[SpikeMeasure]:
    """Count the rule's keys in the current window (and the previous, complete one)
    against the mean of the baseline windows before each: one aggregate query.

    Keys with nothing in any window are absent.
    """
    checked = 2 if include_previous else 1
    baseline = rule.baseline_windows
    windows = spike_windows(rule=rule, now=now, count=baseline + checked)
    if rule.metric == SpikeRule.Metric.TICKETS_BY_CATEGORY:
        counts_by_key = (
            _daily_receipts(windows, now)
            if rule.window == SpikeRule.Window.DAY
            else hourly_receipts(windows, now)
        )
    else:
        counts_by_key = _window_counts(rule, windows)
    measures = []
    for key, counts in counts_by_key.items():
        for index in range(baseline, len(windows)):
            mean = Decimal(sum(counts[index - baseline : index])) / baseline
            count = counts[index]
            measures.append(
                SpikeMeasure(
                    key=key,
                    label=rule.key_label(key),
                    window_start=windows[index][0],
                    window_end=windows[index][1],
                    count=count,
                    baseline=mean.quantize(Decimal("0.01")),
                    crossed=count >= rule.min_count
                    and count >= rule.threshold_ratio * mean,
                )
            )
    return measures


def _daily_receipts(
    windows: Sequence[tuple[datetime, datetime]], now: datetime
) -> dict[str, list[int]]:
    """Tickets received per category and local day, from the summary rollups (rcn)
    with the pending changes: one grouped query, no ticket scan."""
    days = [local_day(start) for start, _end in windows]
    sums = RollupSums(ReportFilter(start=windows[0][0], end=windows[-1][1]), now)
    totals = sums.summary_sum(
        figures=("rcn",),
        by=("day", "category"),
        first=days[0],
        before=days[-1] + timedelta(days=1),
        units=(),
    )
    position = {day: index for index, day in enumerate(days)}
    counts_by_key: dict[str, list[int]] = {}
    for (day, category), count in sorted(totals.items(), key=lambda i: i[0][1]):
        if count and day in position:
            counts = counts_by_key.setdefault(category, [0] * len(days))
            counts[position[day]] += count
    return counts_by_key


def hourly_receipts(
    windows: Sequence[tuple[datetime, datetime]], now: datetime
) -> dict[str, list[int]]:
    """Tickets received per category and local hour, from the rollups' hourly
    receipts (rch summary rows) with the pending changes: one grouped query, no ticket scan."""
    slots = [hour_slot(start) for start, _end in windows]
    days = sorted({date.fromisoformat(day) for day, _hour in slots})
    sums = RollupSums(ReportFilter(start=windows[0][0], end=windows[-1][1]), now)
    totals = sums.summary_sum(
        figures=("rch",),
        by=("day", "key", "category"),
        first=days[0],
        before=days[-1] + timedelta(days=1),
        units=(),
    )
    position = {slot: index for index, slot in enumerate(slots)}
    counts_by_key: dict[str, list[int]] = {}
    for (day, hour, category), count in sorted(totals.items(), key=lambda i: i[0][2]):
        index = position.get((str(day), hour))
        if count and index is not None:
            counts = counts_by_key.setdefault(category, [0] * len(slots))
            counts[index] += count
    return counts_by_key


def _window_counts(
    rule: SpikeRule, windows: Sequence[tuple[datetime, datetime]]
) -> dict[str, list[int]]:
    """Rows per key and window, counted in the transactions table: one
    aggregate query."""
    source, moment, key = _SPIKE_SOURCES[rule.metric]
    rows = (
        source.filter(period_q(moment, windows[0][0], windows[-1][1]))
        .values(key)
        .annotate(
            **{
                # The moment, never null inside a window: the index holds it,
                # the primary key it does not (an index-only scan).
                f"w{index}": Count(moment, filter=period_q(moment, start, end))
                for index, (start, end) in enumerate(windows)
            }
        )
        .order_by(key)
    )
    return {
        row[key]: [row[f"w{index}"] for index in range(len(windows))] for row in rows
    }


def spike_watch(*, now: datetime) -> list[tuple[SpikeRule, list[SpikeMeasure]]]:
    """The active rules with their current window per key (one query per rule)."""
    rules = list(SpikeRule.objects.filter(is_active=True)[:RULES_WATCHED])
    return [
        (
            rule,
            sorted(
                spike_measure(rule=rule, now=now, include_previous=False),
                key=lambda measure: (-measure.count, measure.label),
            ),
        )
        for rule in rules
    ]
