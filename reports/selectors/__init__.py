"""Report reads: every figure is an aggregate query over stored timestamps.

How the figures are computed (the page shows a short version of this):

- The period is [start, end) in the site time zone; figures about "now" use
  min(end, now) as the end instant, so a period that runs to the end of today
  counts nothing from the future.
- received: tickets whose received_at (first contact) lies in the period.
- resolved: tickets whose resolved_at lies in the period. A reopen clears
  resolved_at, so a reopened ticket counts once, at its latest resolution.
- open at an instant: received before it, and the latest StatusChange before it
  is not "resolved". For a ticket never reopened that is resolved_at < instant,
  read from the ticket row; only reopened tickets read their history. Correct
  for past instants too.
- time to acknowledge: acknowledged_at - received_at, tickets received in the
  period; time to resolve: resolved_at - received_at, tickets resolved in the
  period. Median and 90th percentile, interpolated as percentile_cont does.
- time bands: resolve clocks (sla.TicketClock) that stopped fulfilled in the
  period, by profile and the band stamped when they stopped.
- SLA breach rate per clock: clocks whose deadline (due_at) fell in the period
  and has passed; breached = breached_at recorded.
- outcomes, redress and satisfaction: tickets resolved in the period. Redress by
  currency sums Ticket.outcome_amount (the refund or compensation stated on
  resolution), not what was paid. Response rate = rated / resolved.
- confirmed payouts by currency: refund payouts the wallet core confirmed
  (wallet_actions, state confirmed), by the instant it confirmed (answered_at)
  in the period, on tickets matching the filters; apart from the decided
  amounts above (a decision may be paid later, in parts, or not at all).
- reopen rate: of the tickets with a change to resolved in the period, the share
  reopened (resolved -> investigating) afterwards, as of now.
- backlog age: tickets open at the end instant, by time since received_at.
- root causes: tickets resolved in the period, by Ticket.root_cause, most
  frequent first, with the cumulative share (Pareto).
- per agent (current assignee): open at the end instant, resolved in the
  period, median time to resolve, upheld share ((partially) upheld / resolved),
  average rating of those resolved.
- tickets per 1,000 transactions: received / transactions that occurred in the
  period x 1000 (transactions are not narrowed by the ticket filters).
"""

from reports.selectors.build import (
    report_build,
    report_get,
    report_refresh,
)
from reports.selectors.choices import (
    report_agents_choices,
    report_profiles,
    report_queues,
)
from reports.selectors.figures import (
    report_agents,
    report_figures,
    report_open,
)
from reports.selectors.scope import (
    open_at_q,
    period_q,
    report_end_instant,
    report_transactions,
    ticket_q,
    tickets_filtered,
)
from reports.selectors.spikes import (
    spike_alerts_recent,
    spike_measure,
    spike_watch,
    spike_windows,
)
from reports.selectors.sums import RollupSums
from reports.selectors.trend import (
    report_trend,
    trend_granularity,
)
from reports.selectors.types import (
    AGE_BUCKETS,
    ALERTS_SHOWN,
    RATINGS,
    RESOLVED,
    RULES_WATCHED,
    AgentRow,
    BandRow,
    Report,
    ReportFilter,
    SpikeMeasure,
    share,
)

__all__ = [
    "AGE_BUCKETS",
    "ALERTS_SHOWN",
    "RATINGS",
    "RESOLVED",
    "RULES_WATCHED",
    "AgentRow",
    "BandRow",
    "Report",
    "ReportFilter",
    "RollupSums",
    "SpikeMeasure",
    "open_at_q",
    "period_q",
    "report_agents",
    "report_agents_choices",
    "report_build",
    "report_end_instant",
    "report_figures",
    "report_get",
    "report_open",
    "report_profiles",
    "report_queues",
    "report_refresh",
    "report_transactions",
    "report_trend",
    "share",
    "spike_alerts_recent",
    "spike_measure",
    "spike_watch",
    "spike_windows",
    "ticket_q",
    "tickets_filtered",
    "trend_granularity",
]
