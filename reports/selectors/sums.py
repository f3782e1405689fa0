"""Grouped sums of the rollups for one report's filters, pending changes added.

Every figure of a report (reports.selectors.figures, trend, spikes) is read
through RollupSums: the rows of the coarsest grain that still holds every
dimension the filters name (reports.rollups.grains: the summary grain without
the agent, the agent grain with the agent alone, the agent grain by every
dimension with the agent and others; whole years, quarters, months and weeks
in their own rows, reports.rollups.spans); plus the changes still pending a
fold (read-only), and the open flows through the week snapshots
(reports.rollups.snapshots).
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Q, Sum

from reports.rollups.entries import DIMENSIONS, local_day
from reports.rollups.fold import pending_deltas
from reports.rollups.grains import AGENT_DETAIL, SUMMARY, Grain, summary_grain
from reports.rollups.snapshots import FLOW, SNAPSHOT, snapshot_weeks
from reports.rollups.spans import DAY, PERIOD_UNITS, WEEK, period_parts
from reports.selectors.types import ReportFilter

# Which row attribute each grouping name reads, for the pending changes.
_FIELDS = ("day", "figure", *DIMENSIONS, "key")
PendingRows = list[tuple[dict, int]]


def _union_grouped(parts: list, by: tuple[str, ...], grain: Grain) -> Counter[tuple]:
    """SUM(count) grouped by `by` of several QuerySets' rows of the grain, in one query.

    Each part is grouped on its own and the parts joined by UNION ALL, so each
    reads one range of its index alone; OR-ed into one filter, PostgreSQL
    combined bitmaps of the ranges and read the table's rows as well.
    """
    if not by:
        # A total: grouped by figure (a few rows), then added up.
        return Counter({(): sum(_union_grouped(parts, ("figure",), grain).values())})
    names, values = grain.grouped(by)
    grouped = [
        # Groups that net to nothing (opened and closed in the range) stay out.
        part.values(*names, **values)
        .annotate(total=Sum("count"))
        .exclude(total=0)
        .order_by()
        .values_list(*by, "total")
        for part in parts
    ]
    rows = grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]
    totals: Counter[tuple] = Counter()
    for *group, total in rows:
        totals[tuple(group)] += total
    return totals


class RollupSums:
    """Grouped sums of the rollups for one report's filters, pending changes added."""

    def __init__(self, filters: ReportFilter, now: datetime) -> None:
        self.filters = filters
        self.now = now
        self.first_day = local_day(filters.start)
        self.end_day = local_day(filters.end)  # exclusive
        exact = {
            "kind": filters.kind,
            "category": filters.category,
            "channel": filters.channel,
            "language": filters.language,
            "queue_id": filters.queue_id,
            "agent_id": filters.agent_id,
            "profile_id": filters.profile_id,
        }
        self.wanted = {k: v for k, v in exact.items() if v not in ("", None)}
        self.snapshot_weeks: list[date] | None = None  # read once, when needed
        self._pending_split: dict[Grain, PendingRows] = {}
        self.pending = [
            (dict(zip(_FIELDS, (day, figure, *dims, key), strict=True)), count)
            for (day, figure, dims, key), count in pending_deltas().items()
            if count
        ]
        self.pending = [
            (row, count)
            for row, count in self.pending
            if all(row[name] == value for name, value in self.wanted.items())
        ]

    def coarsest(self, grain: Grain, by: tuple[str, ...]) -> Grain:
        """The grain to read for these filters, grouped by `by`.

        The summary grain narrowed to the coarsest that keeps the dimensions
        the filters name and `by` groups by (one: the grain by that dimension,
        its text value read back as the dimension, Grain.grouped); a grain
        lacking a dimension the filters name (the agent) widened to
        AGENT_DETAIL, which keeps every one and every figure but the hourly
        receipts.
        """
        if grain is SUMMARY:
            grain = summary_grain(set(self.wanted) | (set(by) & set(DIMENSIONS)))
        if not self.serves(grain):
            return AGENT_DETAIL
        return grain

    def serves(self, grain: Grain) -> bool:
        """Whether the grain keeps every dimension the filters name."""
        return set(self.wanted) <= set(grain.dims)

    def summary_sum(
        self,
        *,
        figures: Iterable[str],
        by: tuple[str, ...],
        first: date,
        before: date,
        units: tuple[str, ...] = PERIOD_UNITS,
        grain: Grain = SUMMARY,
    ) -> Counter[tuple]:
        """SUM(count) of the grain's figures on days [first, before), grouped by `by`
        (at least one name).

        One query of the grain's rows: the whole spans of units inside the
        period (reports.rollups.spans.period_parts: years, quarters, months,
        weeks; a "day" in `by` is then the span's first day; no units: day
        rows only) and the other days' rows, of the grain coarsest() picks.
        """
        figures = tuple(figures)
        grain = self.coarsest(grain, by)
        totals = _union_grouped(
            [
                grain.rows().filter(
                    part, figure__in=figures, **grain.where(self.wanted)
                )
                for part in period_parts(first, before, units=units)
            ],
            by,
            grain,
        )
        totals.update(
            self.pending_sum(
                figures=figures,
                by=by,
                first=first,
                before=before,
                rows=self.pending_split(grain),
            )
        )
        return totals

    def pending_split(self, grain: Grain) -> PendingRows:
        """The pending changes split into the grain's figures (day rows)."""
        if grain not in self._pending_split:
            self._pending_split[grain] = [
                ({**row, "figure": name, "key": part}, count)
                for row, count in self.pending
                for name, part in grain.entries(row["figure"], row["key"])
            ]
        return self._pending_split[grain]

    def pending_sum(
        self,
        *,
        figures: Iterable[str],
        by: tuple[str, ...],
        first: date | None = None,
        before: date | None = None,
        rows: PendingRows | None = None,
    ) -> Counter[tuple]:
        """The changes still pending a fold, as sum() groups them (no query)."""
        figures = tuple(figures)
        first_iso = first.isoformat() if first else None
        before_iso = before.isoformat() if before else None
        totals: Counter[tuple] = Counter()
        for row, count in self.pending if rows is None else rows:
            if row["figure"] not in figures:
                continue
            if (first_iso and row["day"] < first_iso) or (
                before_iso and row["day"] >= before_iso
            ):
                continue
            key = tuple(
                date.fromisoformat(row[name]) if name == "day" else row[name]
                for name in by
            )
            totals[key] += count
        return totals

    def open_flows(
        self, *, before: date, by: tuple[str, ...], grain: Grain = SUMMARY
    ) -> Counter[tuple]:
        """The open flows of every day before `before`, grouped by `by`.

        One query: the latest open snapshot at or before that day plus the
        flows since it (reports.rollups.snapshots: at most six days' rows, or
        whole weeks' rows and days while the hourly reconciliation has yet to
        take the latest), from the rows of the grain coarsest() picks; then
        every pending flow before that day (none of them is in a snapshot yet).
        Without a snapshot, every day's flows.
        """
        if self.snapshot_weeks is None:
            self.snapshot_weeks = snapshot_weeks()
        week = max((w for w in self.snapshot_weeks if w <= before), default=None)
        grain = self.coarsest(grain, by)
        rows = grain.rows().filter(**grain.where(self.wanted))
        if week is None:
            parts = [Q(span=DAY, figure=FLOW, day__lt=before)]
        else:
            parts = [
                Q(figure=FLOW) & part
                for part in period_parts(week, before, units=(WEEK,))
            ] + [Q(span=DAY, figure=SNAPSHOT, day=week)]
        totals = _union_grouped([rows.filter(part) for part in parts], by, grain)
        totals.update(
            self.pending_sum(
                figures=(FLOW,), by=by, before=before, rows=self.pending_split(grain)
            )
        )
        return totals
