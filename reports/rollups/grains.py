"""The coarser grains of the daily figures: which dimensions each keeps, how keys split.

DailyFigure rows carry seven dimensions and the resolution's whole key
(outcome, root cause, rating, time bucket), so nearly every ticket has rows of
its own: a year at a million tickets summed millions of rows. Coarser copies
serve the reports that need less:
- SummaryFigure (SUMMARY): every dimension but the agent, the resolution key
  split into its parts (summary_entries); figures, trend, backlog and spike
  receipts of every report not filtered by agent.
- SummaryDimensionFigure (SUMMARY_BY[name], SUMMARY_TOTAL): the summary with
  one dimension kept, or none; the same figures of reports filtered by that
  dimension alone, or by nothing (reports.selectors.sums picks the coarsest).
- AgentFigure (AGENTS): the agent alone (agent_entries); the per-agent table and
  the open tickets per agent of reports filtered by nothing but the agent.
- AgentDimensionFigure (AGENT_BY[name], one grain per dimension but the agent):
  the agent and that one dimension, with the agent grain's figures (keys split,
  open flows without the day received); the per-agent table and the open
  tickets per agent of reports filtered by that dimension, alone or with the
  agent.
- AgentDetailFigure (AGENT_DETAIL): every dimension, the agent included, with
  the summary's figures (but the hourly receipts) and the agent grain's
  resolutions; every figure of a report filtered by the agent and another
  dimension, and the per-agent table of reports filtered by several
  dimensions besides the agent (one row per agent and key, not per ticket,
  leaves the database).
Each has rows by local day and by whole week, month, quarter and year
(reports.rollups.spans); a period reads the fewest whole spans that cover it
(reports.rollups.spans.period_parts).

Derived from DailyFigure and kept exact with it by reports.rollups.summary.

Summary figures:
  rcv  received, key the time-to-acknowledge bucket (as DailyFigure)
  rcn  received (no key: the trend's per-day count)
  rch  received per local hour (day rows only: hourly spike rules)
  rsn  resolved (no key)
  rso  resolved, key the outcome
  rsc  resolved, key the root cause ("" none)
  rsr  resolved and rated, key the rating
  rst  resolved, key the time-to-resolve bucket
  rdn, rda, mov, due, bnd, opn, ops  as DailyFigure (the open flows opn in day
      and week rows only: read from a week's snapshot onwards; the snapshots
      ops and the hourly rch in day rows only)
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import F
from django.db.models.functions import Cast

from reports.models import (
    AgentDetailFigure,
    AgentDimensionFigure,
    AgentFigure,
    DailyFigure,
    SummaryDimensionFigure,
    SummaryFigure,
)
from reports.rollups.entries import DIMENSIONS, UPHELD
from reports.rollups.spans import MONTH, OF_MONTHS, WEEK

OPEN_FIGURES = frozenset({"opn", "ops"})
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

    ars resolved, key the time-to-resolve bucket; aru resolved (partially)
    upheld (no key: the table shows the upheld share, not every outcome, so a
    row per outcome is not kept); arr resolved and rated, key the rating; opn
    and ops the open flows and snapshots, without the day received.
    """
    return _agent_pairs(figure, key, opened=True)


def agent_detail_entries(figure: str, key: str) -> Pairs:
    """The summary's pairs but the hourly receipts (spike rules never filter by
    agent), and the agent grain's resolutions (ars, aru, arr)."""
    pairs = [pair for pair in summary_entries(figure, key) if pair[0] != "rch"]
    return pairs + _agent_pairs(figure, key, opened=False)


def _agent_pairs(figure: str, key: str, *, opened: bool) -> Pairs:
    if figure == "res":
        outcome, _cause, rating, bucket = key.split("|")
        pairs = [("ars", bucket)]
        if outcome in UPHELD:
            pairs.append(("aru", ""))
        if rating:
            pairs.append(("arr", rating))
        return pairs
    if opened and figure in OPEN_FIGURES:
        return [(figure, "")]
    return []


@dataclass(frozen=True)
class Grain:
    """A coarser copy of DailyFigure: which dimensions it keeps, how keys split."""

    model: type[models.Model]
    dims: tuple[str, ...]
    entries: Callable[[str, str], Pairs]
    # Figures without month, quarter or year rows: hourly receipts, and the
    # open flows and snapshots (read from a week's snapshot onwards, never
    # summed over months).
    without_months: frozenset[str] = frozenset()
    # Figures without week rows (Monday to Sunday): hourly receipts (read by
    # the hour of a few days) and the snapshots (a count at an instant, never
    # summed over days).
    without_weeks: frozenset[str] = frozenset()
    # A grain by one dimension (AgentDimensionFigure, SummaryDimensionFigure)
    # shares its table with the others: its rows name the dimension and hold
    # its value as text in "value"; NO_DIMENSION's rows keep none.
    dimension: str = ""

    def without(self, unit: str) -> frozenset[str]:
        """The figures with no rows of this span (week, month, quarter, year)."""
        return self.without_weeks if unit == WEEK else self.without_months

    def spans(self, figure: str) -> tuple[str, ...]:
        """The spans longer than a day with rows of this figure."""
        return tuple(
            unit
            for unit in (WEEK, MONTH, *OF_MONTHS)
            if figure not in self.without(unit)
        )

    @property
    def columns(self) -> tuple[str, ...]:
        """The model fields that hold dims, in dims' order."""
        return tuple("value" if name == self.dimension else name for name in self.dims)

    @property
    def fixed(self) -> dict[str, str]:
        """The fields every row of the grain has the same value in."""
        if not self.dimension:
            return {}
        if self.dimension in self.dims:
            return {"dimension": self.dimension}
        return {"dimension": self.dimension, "value": ""}  # no dimension kept

    def project(self, dims: Iterable) -> tuple:
        """The grain's column values of a DailyFigure row's dimensions."""
        dims = tuple(dims)
        return tuple(
            self._stored(name, dims[DIMENSIONS.index(name)]) for name in self.dims
        )

    def _stored(self, name: str, value: object) -> object:
        return str(value) if name == self.dimension else value

    def rows(self) -> models.QuerySet:
        """The grain's rows in its model's table."""
        return self.model.objects.filter(**self.fixed)

    def grouped(self, by: Iterable[str]) -> tuple[list[str], dict[str, object]]:
        """values() arguments grouping the grain's rows by DailyFigure's names `by`:
        the kept dimension's text "value" read back under its own name and type."""
        by = tuple(by)
        if not self.dimension or self.dimension not in by:
            return list(by), {}
        field = DailyFigure._meta.get_field(self.dimension)
        value = (
            F("value")
            if isinstance(field, models.CharField)
            else Cast("value", output_field=field.__class__())
        )
        return [name for name in by if name != self.dimension], {self.dimension: value}

    def where(self, wanted: dict[str, object]) -> dict[str, object]:
        """Filters on DailyFigure's dimensions as lookups on the grain's fields."""
        return {
            ("value" if name == self.dimension else name): self._stored(name, value)
            for name, value in wanted.items()
        }


SUMMARY = Grain(
    model=SummaryFigure,
    dims=tuple(name for name in DIMENSIONS if name != "agent_id"),
    entries=summary_entries,
    without_months=frozenset({"rch"}) | OPEN_FIGURES,
    without_weeks=frozenset({"rch", "ops"}),
)
AGENTS = Grain(
    model=AgentFigure,
    dims=("agent_id",),
    entries=agent_entries,
    without_months=OPEN_FIGURES,
    without_weeks=frozenset({"ops"}),
)
AGENT_DETAIL = Grain(
    model=AgentDetailFigure,
    dims=DIMENSIONS,
    entries=agent_detail_entries,
    without_months=SUMMARY.without_months,
    without_weeks=SUMMARY.without_weeks,
)
AGENT_BY = {
    name: Grain(
        model=AgentDimensionFigure,
        dims=("agent_id", name),
        entries=agent_entries,
        without_months=AGENTS.without_months,
        without_weeks=AGENTS.without_weeks,
        dimension=name,
    )
    for name in DIMENSIONS
    if name != "agent_id"
}
NO_DIMENSION = "*"
SUMMARY_BY = {
    name: Grain(
        model=SummaryDimensionFigure,
        dims=(name,),
        entries=summary_entries,
        without_months=SUMMARY.without_months,
        without_weeks=SUMMARY.without_weeks,
        dimension=name,
    )
    for name in SUMMARY.dims
}
SUMMARY_TOTAL = Grain(
    model=SummaryDimensionFigure,
    dims=(),
    entries=summary_entries,
    without_months=SUMMARY.without_months,
    without_weeks=SUMMARY.without_weeks,
    dimension=NO_DIMENSION,
)
GRAINS = (
    SUMMARY,
    SUMMARY_TOTAL,
    *SUMMARY_BY.values(),
    AGENTS,
    AGENT_DETAIL,
    *AGENT_BY.values(),
)


def summary_grain(names: Iterable[str]) -> Grain:
    """The coarsest grain with the summary's figures that keeps every dimension named.

    None: SUMMARY_TOTAL; one: SUMMARY_BY's; the agent among them: AGENT_DETAIL;
    else SUMMARY.
    """
    names = set(names)
    if not names:
        return SUMMARY_TOTAL
    if len(names) == 1 and (name := next(iter(names))) in SUMMARY_BY:
        return SUMMARY_BY[name]
    if "agent_id" in names:
        return AGENT_DETAIL
    return SUMMARY


SUMMARY_DIMENSIONS = SUMMARY.dims
