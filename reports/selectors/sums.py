"""Grouped sums of the daily rollups for one report's filters, pending changes added.

Every figure of a report (reports.selectors.figures, trend, spikes) is read
through RollupSums: the summary rows (reports.rollups.summary: no agent, whole
months in month rows) of the period and the filters, or DailyFigure rows when a
figure needs the agent, plus the changes still pending a fold (read-only), and
the open flows through the month snapshots (reports.rollups.snapshots).
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Q, Sum

from reports.models import DailyFigure, OpenSnapshotMonth, SummaryFigure
from reports.rollups.entries import DIMENSIONS, local_day
from reports.rollups.fold import pending_deltas
from reports.rollups.snapshots import FLOW, SNAPSHOT
from reports.rollups.summary import period_q, summary_entries, summary_source
from reports.selectors.types import ReportFilter

# Which row attribute each grouping name reads, for the pending changes.
_FIELDS = ("day", "figure", *DIMENSIONS, "key")


class RollupSums:
    """Grouped sums of DailyFigure for one report's filters, pending changes added."""

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
        self.snapshot_months: list[date] | None = None  # read once, when needed
        self._pending_summary: list[tuple[dict, int]] | None = None
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

    def sum(
        self,
        *,
        figures: Iterable[str],
        by: tuple[str, ...],
        first: date | None = None,
        before: date | None = None,
    ) -> Counter[tuple]:
        """SUM(count) of the figures' rows on days [first, before), grouped by `by`."""
        figures = tuple(figures)
        q = Q(figure__in=figures, **self.wanted)
        if first is not None:
            q &= Q(day__gte=first)
        if before is not None:
            q &= Q(day__lt=before)
        totals: Counter[tuple] = Counter()
        if not by:
            total = DailyFigure.objects.filter(q).aggregate(total=Sum("count"))
            totals[()] += total["total"] or 0
        for row in (
            ()
            if not by
            else (
                DailyFigure.objects.filter(q)
                .values(*by)
                .annotate(total=Sum("count"))
                # Groups that net to nothing (a ticket opened and closed) are left
                # in the database: the backlog is a few thousand of 100,000s.
                .exclude(total=0)
                .order_by()
            )
        ):
            totals[tuple(row[name] for name in by)] += row["total"]
        totals.update(
            self.pending_sum(figures=figures, by=by, first=first, before=before)
        )
        return totals

    def summary_sum(
        self,
        *,
        figures: Iterable[str],
        by: tuple[str, ...],
        first: date,
        before: date,
        months: bool = True,
    ) -> Counter[tuple]:
        """SUM(count) of summary figures on days [first, before), grouped by `by`.

        One query of the summary rows: the whole months' month rows (when
        months; a "day" in `by` is then the month's first day) and the other
        days' rows. Filtered by agent, the DailyFigure rows of those days are
        summed and split as the summary splits them (summary_entries).
        """
        figures = tuple(figures)
        if "agent_id" in self.wanted:
            wide = self.sum(
                figures=sorted({summary_source(name) for name in figures}),
                by=(*by, "figure", "key"),
                first=first,
                before=before,
            )
            totals: Counter[tuple] = Counter()
            for (*group, figure, key), count in wide.items():
                for name, part in summary_entries(figure, key):
                    if name in figures:
                        row = dict(zip(by, group, strict=True))
                        row.update(figure=name, key=part)
                        totals[tuple(row[field] for field in by)] += count
            return totals
        totals = Counter()
        for row in (
            SummaryFigure.objects.filter(
                period_q(first, before, months=months),
                figure__in=figures,
                **self.wanted,
            )
            .values(*by)
            .annotate(total=Sum("count"))
            .order_by()
        ):
            totals[tuple(row[name] for name in by)] += row["total"]
        totals.update(
            self.pending_sum(
                figures=figures,
                by=by,
                first=first,
                before=before,
                rows=self.pending_summary,
            )
        )
        return totals

    @property
    def pending_summary(self) -> list[tuple[dict, int]]:
        """The pending changes split into summary figures (day rows)."""
        if self._pending_summary is None:
            self._pending_summary = [
                ({**row, "figure": name, "key": part}, count)
                for row, count in self.pending
                for name, part in summary_entries(row["figure"], row["key"])
            ]
        return self._pending_summary

    def pending_sum(
        self,
        *,
        figures: Iterable[str],
        by: tuple[str, ...],
        first: date | None = None,
        before: date | None = None,
        rows: list[tuple[dict, int]] | None = None,
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

    def open_flows(self, *, before: date, by: tuple[str, ...]) -> Counter[tuple]:
        """The open flows of every day before `before`, grouped by `by`.

        Read from the latest open snapshot at or before that day plus the flows
        since it (reports.rollups.snapshots), and the pending flows the snapshot
        does not hold yet; without a snapshot, from every day's flows.
        """
        if self.snapshot_months is None:
            self.snapshot_months = list(
                OpenSnapshotMonth.objects.values_list("month", flat=True)
            )
        month = max((m for m in self.snapshot_months if m <= before), default=None)
        if month is None:
            return self.sum(figures=(FLOW,), by=by, before=before)
        totals = self.sum(figures=(FLOW,), by=by, first=month, before=before)
        # The snapshot's rows (one query; nothing of them is ever pending) ...
        totals.update(
            self.sum(
                figures=(SNAPSHOT,),
                by=by,
                first=month,
                before=month + timedelta(days=1),
            )
        )
        # ... and the pending flows of the days the snapshot sums.
        totals.update(self.pending_sum(figures=(FLOW,), by=by, before=month))
        return totals
