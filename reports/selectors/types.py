"""The report's filters, rows and figures, and the constants they use."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from complaints.models import Ticket
from reports.models import SpikeAlert, SpikeRule
from reports.rollups.snapshots import BACKLOG_OLDEST

RESOLVED = Ticket.Status.RESOLVED
# Backlog age buckets in days: [lower, upper); None is open-ended.
AGE_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 1),
    (1, 3),
    (3, 7),
    (7, 15),
    (15, 30),
    (BACKLOG_OLDEST, None),
)
RATINGS = (1, 2, 3, 4, 5)
ALERTS_SHOWN = 50
RULES_WATCHED = 6


@dataclass(frozen=True)
class ReportFilter:
    """The period [start, end) and the optional narrowing of the ticket set."""

    start: datetime
    end: datetime
    kind: str = ""
    category: str = ""
    queue_id: int | None = None
    agent_id: int | None = None
    channel: str = ""
    profile_id: int | None = None
    language: str = ""


@dataclass(frozen=True)
class AgentRow:
    agent_id: int
    name: str
    open_end: int
    resolved: int
    median_resolve_seconds: int | None
    upheld_share: float | None
    rating_avg: float | None


@dataclass(frozen=True)
class BandRow:
    """A profile's closed clocks by time band (its name is shown in the reader's
    language, from profile_id: a cached report serves both)."""

    profile_id: int
    counts: list[tuple[str, int, float]]  # label, count, share of the profile's total
    total: int


@dataclass(frozen=True)
class Report:
    """Every figure of the reports page and export; built by report_build."""

    filters: ReportFilter
    end_instant: datetime
    received: int
    resolved: int
    open_start: int
    open_end: int
    ack_seconds: dict[float, int | None]
    resolve_seconds: dict[float, int | None]
    bands: list[BandRow]
    breaches: list[
        tuple[str, int, int, float | None]
    ]  # clock kind, due, breached, rate
    outcomes: list[tuple[str, int]]
    refunds: list[tuple[str, Decimal, int]]  # currency, total, tickets
    resolutions: int
    reopened: int
    rated: int
    rating_avg: float | None
    ratings: list[tuple[int, int]]
    backlog: list[tuple[tuple[int, int | None], int]]
    root_causes: list[
        tuple[str, int, float]
    ]  # cause ("" = not recorded), count, cumulative
    agents: list[AgentRow]
    transactions: int
    trend_granularity: str
    trend: list[tuple[date, dict[str, int], int]]  # bucket, received by kind, resolved
    # When the figures were computed: the page may show a cached copy.
    computed_at: datetime | None = None
    alerts: list[SpikeAlert] = field(default_factory=list)
    # Payouts the wallet core confirmed in the period: currency, total, payouts.
    payouts: list[tuple[str, Decimal, int]] = field(default_factory=list)
    watch: list[tuple[SpikeRule, list["SpikeMeasure"]]] = field(default_factory=list)

    @property
    def ack_median(self) -> int | None:
        return self.ack_seconds[0.5]

    @property
    def ack_p90(self) -> int | None:
        return self.ack_seconds[0.9]

    @property
    def resolve_median(self) -> int | None:
        return self.resolve_seconds[0.5]

    @property
    def resolve_p90(self) -> int | None:
        return self.resolve_seconds[0.9]

    @property
    def reopen_rate(self) -> float | None:
        return share(self.reopened, self.resolutions)

    @property
    def response_rate(self) -> float | None:
        return share(self.rated, self.resolved)

    @property
    def per_thousand_transactions(self) -> Decimal | None:
        if not self.transactions:
            return None
        return (Decimal(self.received) * 1000 / self.transactions).quantize(
            Decimal("0.01")
        )


@dataclass(frozen=True)
class SpikeMeasure:
    """One key's count in one window against the mean of the windows before it."""

    key: str
    label: str
    window_start: datetime
    window_end: datetime
    count: int
    baseline: Decimal
    crossed: bool


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
