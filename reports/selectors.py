"""Report reads: every figure is an aggregate query over stored timestamps.

How the figures are computed (the page shows a short version of this):

- The period is [start, end) in the site time zone; figures about "now" use
  min(end, now) as the end instant, so a period that runs to the end of today
  counts nothing from the future.
- received: tickets whose received_at (first contact) lies in the period.
- resolved: tickets whose resolved_at lies in the period. A reopen clears
  resolved_at, so a reopened ticket counts once, at its latest resolution.
- open at an instant: received before it, and the latest StatusChange before it
  is not "resolved" (a ticket resolved now whose resolved_at is earlier is closed
  without reading its history). Correct for past instants too.
- time to acknowledge: acknowledged_at - received_at, tickets received in the
  period; time to resolve: resolved_at - received_at, tickets resolved in the
  period. Median and 90th percentile, interpolated as percentile_cont does.
- time bands: resolve clocks (sla.TicketClock) that stopped fulfilled in the
  period, by profile and the band stamped when they stopped.
- SLA breach rate per clock: clocks whose deadline (due_at) fell in the period
  and has passed; breached = breached_at recorded.
- outcomes, redress and satisfaction: tickets resolved in the period. Redress by
  currency sums Ticket.outcome_amount (the refund or compensation stated on
  resolution), not RefundDecision payments. Response rate = rated / resolved.
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

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Trunc
from django.db.models.lookups import Exact
from django.utils import timezone

from accounts.models import User
from complaints.models import Notice, Queue, StatusChange, Ticket
from reports.aggregates import Seconds, percentiles
from reports.models import SpikeAlert, SpikeRule
from sla.models import RegimeProfile, TicketClock
from transactions.models import Transaction

RESOLVED = Ticket.Status.RESOLVED
# Backlog age buckets in days: [lower, upper); None is open-ended.
AGE_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 1),
    (1, 3),
    (3, 7),
    (7, 15),
    (15, 30),
    (30, None),
)
UPHELD = (Ticket.Outcome.UPHELD, Ticket.Outcome.PARTIALLY_UPHELD)
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
    profile_id: int
    profile: str
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
    alerts: list[SpikeAlert] = field(default_factory=list)
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


def _ticket_q(filters: ReportFilter, prefix: str = "") -> Q:
    """The filters as a Q on Ticket, or on a model reaching it through prefix."""
    q = Q()
    exact = {
        "kind": filters.kind,
        "category": filters.category,
        "channel": filters.channel,
        "language": filters.language,
        "queue_id": filters.queue_id,
        "assignee_id": filters.agent_id,
    }
    for name, value in exact.items():
        if value not in ("", None):
            q &= Q(**{f"{prefix}{name}": value})
    if filters.profile_id is not None:
        q &= Q(
            Exists(
                TicketClock.objects.filter(
                    ticket_id=OuterRef(f"{prefix}pk" if prefix else "pk"),
                    kind=TicketClock.Kind.RESOLVE,
                    profile_id=filters.profile_id,
                )
            )
        )
    return q


def tickets_filtered(*, filters: ReportFilter) -> QuerySet[Ticket]:
    """Tickets narrowed by the report's filters (not yet by the period)."""
    return Ticket.objects.filter(_ticket_q(filters)).order_by()


def _between(name: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def _open_at(instant: datetime) -> Q:
    latest = (
        StatusChange.objects.filter(ticket_id=OuterRef("pk"), created_at__lt=instant)
        .order_by("-created_at", "-pk")
        .values("to_status")[:1]
    )
    # CASE stops at the first match: tickets resolved before the instant and not
    # reopened since never read their history.
    state = Case(
        When(Q(status=RESOLVED, resolved_at__lt=instant), then=Value(RESOLVED)),
        default=Coalesce(Subquery(latest), Value(Ticket.Status.RECEIVED)),
    )
    return Q(received_at__lt=instant) & ~Q(Exact(state, Value(RESOLVED)))


def _end_instant(filters: ReportFilter, now: datetime) -> datetime:
    return min(filters.end, now)


def report_counts(*, filters: ReportFilter, now: datetime) -> dict[str, object]:
    """Volumes, outcomes, satisfaction and backlog age in one aggregate query."""
    start, end = filters.start, filters.end
    at_end = _end_instant(filters, now)
    resolved_in = _between("resolved_at", start, end)
    open_end = _open_at(at_end)
    aggregates: dict[str, object] = {
        "received": Count("pk", filter=_between("received_at", start, end)),
        "resolved": Count("pk", filter=resolved_in),
        "open_start": Count("pk", filter=_open_at(start)),
        "open_end": Count("pk", filter=open_end),
        "rated": Count("pk", filter=resolved_in & Q(rating__isnull=False)),
        "rating_avg": Avg("rating", filter=resolved_in),
    }
    for rating in RATINGS:
        aggregates[f"rating_{rating}"] = Count(
            "pk", filter=resolved_in & Q(rating=rating)
        )
    for outcome in Ticket.Outcome.values:
        aggregates[f"outcome_{outcome}"] = Count(
            "pk", filter=resolved_in & Q(outcome=outcome)
        )
    for index, (lower, upper) in enumerate(AGE_BUCKETS):
        age = Q(received_at__lte=at_end - timedelta(days=lower))
        if upper is not None:
            age &= Q(received_at__gt=at_end - timedelta(days=upper))
        aggregates[f"age_{index}"] = Count("pk", filter=open_end & age)
    # Tickets resolved before the period and not reopened since take part in no
    # figure; leaving them out keeps the scan to the period and the backlog.
    scope = (
        tickets_filtered(filters=filters)
        .filter(received_at__lt=end)
        .exclude(status=RESOLVED, resolved_at__lt=start)
    )
    return scope.aggregate(**aggregates)


def report_durations(
    *, filters: ReportFilter
) -> tuple[dict[float, int | None], dict[float, int | None]]:
    """Median and p90 seconds to acknowledge and to resolve (two queries)."""
    tickets = tickets_filtered(filters=filters)
    ack = percentiles(
        tickets.filter(
            _between("received_at", filters.start, filters.end),
            acknowledged_at__isnull=False,
        ),
        Seconds(F("acknowledged_at"), F("received_at")),
    )
    resolve = percentiles(
        tickets.filter(_between("resolved_at", filters.start, filters.end)),
        Seconds(F("resolved_at"), F("received_at")),
    )
    return _rounded(ack.get(None)), _rounded(resolve.get(None))


def _rounded(values: dict[float, float | None] | None) -> dict[float, int | None]:
    values = values or {}
    return {
        fraction: None if values.get(fraction) is None else round(values[fraction])
        for fraction in (0.5, 0.9)
    }


def report_refunds(*, filters: ReportFilter) -> list[tuple[str, Decimal, int]]:
    """Refund or compensation stated on tickets resolved in the period, per currency."""
    rows = (
        tickets_filtered(filters=filters)
        .filter(
            _between("resolved_at", filters.start, filters.end),
            outcome_amount__isnull=False,
        )
        .values("outcome_currency")
        .annotate(total=Sum("outcome_amount"), tickets=Count("pk"))
        .order_by("outcome_currency")
    )
    return [(row["outcome_currency"], row["total"], row["tickets"]) for row in rows]


def report_reopens(*, filters: ReportFilter) -> tuple[int, int]:
    """Tickets resolved in the period, and how many of them were reopened later."""
    reopened_later = Exists(
        StatusChange.objects.filter(
            ticket_id=OuterRef("ticket_id"),
            from_status=RESOLVED,
            to_status=Ticket.Status.INVESTIGATING,
            created_at__gt=OuterRef("created_at"),
        )
    )
    totals = StatusChange.objects.filter(
        _ticket_q(filters, "ticket__"),
        _between("created_at", filters.start, filters.end),
        to_status=RESOLVED,
    ).aggregate(
        resolutions=Count("ticket_id", distinct=True),
        reopened=Count("ticket_id", distinct=True, filter=Q(reopened_later)),
    )
    return totals["resolutions"], totals["reopened"]


def report_breaches(
    *, filters: ReportFilter, now: datetime
) -> list[tuple[str, int, int, float | None]]:
    """Per clock kind: clocks due in the period (and past), how many breached."""
    rows = (
        TicketClock.objects.filter(
            _ticket_q(filters, "ticket__"),
            _between("due_at", filters.start, _end_instant(filters, now)),
        )
        .values("kind")
        .annotate(
            due=Count("pk"), breached=Count("pk", filter=Q(breached_at__isnull=False))
        )
    )
    found = {row["kind"]: (row["due"], row["breached"]) for row in rows}
    return [
        (kind, *found[kind], share(found[kind][1], found[kind][0]))
        for kind in TicketClock.Kind.values
        if kind in found
    ]


def report_bands(
    *, filters: ReportFilter, profiles: list[RegimeProfile]
) -> list[BandRow]:
    """Resolve clocks fulfilled in the period, by profile and time band."""
    rows = (
        TicketClock.objects.filter(
            _ticket_q(filters, "ticket__"),
            _between("stopped_at", filters.start, filters.end),
            kind=TicketClock.Kind.RESOLVE,
            stop_reason=TicketClock.StopReason.FULFILLED,
        )
        .values("profile_id", "band")
        .annotate(count=Count("pk"))
    )
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["profile_id"], {})[row["band"]] = row["count"]
    result = []
    for profile in profiles:
        counts = found.get(profile.pk)
        if not counts:
            continue
        total = sum(counts.values())
        labels = [band["label"] for band in profile.time_bands]
        labels += sorted(label for label in counts if label not in labels)
        result.append(
            BandRow(
                profile_id=profile.pk,
                profile=profile.name,
                counts=[
                    (label, counts.get(label, 0), counts.get(label, 0) / total)
                    for label in labels
                ],
                total=total,
            )
        )
    return result


def report_root_causes(*, filters: ReportFilter) -> list[tuple[str, int, float]]:
    """Root causes of tickets resolved in the period, most frequent first (Pareto)."""
    rows = list(
        tickets_filtered(filters=filters)
        .filter(_between("resolved_at", filters.start, filters.end))
        .values("root_cause")
        .annotate(count=Count("pk"))
        .order_by("-count", "root_cause")
    )
    total = sum(row["count"] for row in rows)
    result, running = [], 0
    for row in rows:
        running += row["count"]
        result.append((row["root_cause"], row["count"], running / total))
    return result


def report_agents(*, filters: ReportFilter, now: datetime) -> list[AgentRow]:
    """Workload and results per current assignee (two queries)."""
    start, end = filters.start, filters.end
    resolved_in = _between("resolved_at", start, end)
    tickets = tickets_filtered(filters=filters).filter(assignee__isnull=False)
    rows = (
        tickets.filter(received_at__lt=end)
        .exclude(status=RESOLVED, resolved_at__lt=start)
        .values(
            "assignee_id",
            "assignee__username",
            "assignee__first_name",
            "assignee__last_name",
        )
        .annotate(
            open_end=Count("pk", filter=_open_at(_end_instant(filters, now))),
            resolved=Count("pk", filter=resolved_in),
            upheld=Count("pk", filter=resolved_in & Q(outcome__in=UPHELD)),
            rating_avg=Avg("rating", filter=resolved_in),
        )
        .filter(Q(open_end__gt=0) | Q(resolved__gt=0))
        .order_by("-resolved", "-open_end", "assignee__username")
    )
    medians = percentiles(
        tickets.filter(resolved_in),
        Seconds(F("resolved_at"), F("received_at")),
        fractions=(0.5,),
        group=("assignee_id",),
    )
    result = []
    for row in rows:
        name = " ".join(
            part for part in (row["assignee__first_name"], row["assignee__last_name"])
        ).strip()
        median = medians.get((row["assignee_id"],), {}).get(0.5)
        result.append(
            AgentRow(
                agent_id=row["assignee_id"],
                name=name or row["assignee__username"],
                open_end=row["open_end"],
                resolved=row["resolved"],
                median_resolve_seconds=None if median is None else round(median),
                upheld_share=share(row["upheld"], row["resolved"]),
                rating_avg=row["rating_avg"],
            )
        )
    return result


def report_transactions(*, filters: ReportFilter) -> int:
    """Transactions that occurred in the period (all of them: no ticket filter applies)."""
    return Transaction.objects.filter(
        _between("occurred_at", filters.start, filters.end)
    ).count()


def trend_granularity(*, filters: ReportFilter) -> str:
    days = (filters.end - filters.start).days
    if days <= 62:
        return "day"
    return "week" if days <= 370 else "month"


def _buckets(start: date, end: date, granularity: str) -> list[date]:
    if granularity == "week":
        start -= timedelta(days=start.weekday())
    elif granularity == "month":
        start = start.replace(day=1)
    buckets, current = [], start
    while current < end:
        buckets.append(current)
        if granularity == "day":
            current += timedelta(days=1)
        elif granularity == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return buckets


def report_trend(
    *, filters: ReportFilter
) -> tuple[str, list[tuple[date, dict[str, int], int]]]:
    """Received per bucket and kind, and resolved per bucket (two queries)."""
    granularity = trend_granularity(filters=filters)
    zone = timezone.get_current_timezone()
    tickets = tickets_filtered(filters=filters)

    def bucket(name: str) -> Trunc:
        return Trunc(name, granularity, output_field=DateTimeField(), tzinfo=zone)

    received = (
        tickets.filter(_between("received_at", filters.start, filters.end))
        .annotate(bucket=bucket("received_at"))
        .values("bucket", "kind")
        .annotate(count=Count("pk"))
    )
    resolved = (
        tickets.filter(_between("resolved_at", filters.start, filters.end))
        .annotate(bucket=bucket("resolved_at"))
        .values("bucket")
        .annotate(count=Count("pk"))
    )
    by_kind: dict[date, dict[str, int]] = {}
    for row in received:
        day = timezone.localtime(row["bucket"], zone).date()
        by_kind.setdefault(day, {})[row["kind"]] = row["count"]
    closed = {
        timezone.localtime(row["bucket"], zone).date(): row["count"] for row in resolved
    }
    first = timezone.localtime(filters.start, zone).date()
    last = timezone.localtime(filters.end, zone).date()
    return granularity, [
        (
            day,
            {kind: by_kind.get(day, {}).get(kind, 0) for kind in Ticket.Kind.values},
            closed.get(day, 0),
        )
        for day in _buckets(first, last, granularity)
    ]


def report_profiles() -> list[RegimeProfile]:
    """Every regime profile, for the filter and the time-band table."""
    return list(RegimeProfile.objects.order_by("name"))


def report_queues() -> list[Queue]:
    return list(Queue.objects.order_by("name"))


def report_agents_choices() -> list[User]:
    """People who work tickets, for the agent filter."""
    return list(
        User.objects.filter(role__in=[User.Role.AGENT, User.Role.SUPERVISOR]).order_by(
            "first_name", "username"
        )
    )


def spike_alerts_recent(*, filters: ReportFilter) -> list[SpikeAlert]:
    """Alerts whose window overlaps the period, newest first, with their rule."""
    return list(
        SpikeAlert.objects.select_related("rule").filter(
            window_start__lt=filters.end, window_end__gt=filters.start
        )[:ALERTS_SHOWN]
    )


def spike_alert_for_notice(*, notice: Notice) -> SpikeAlert | None:
    """The alert a spike notice tells of, with its rule."""
    return SpikeAlert.objects.select_related("rule").filter(notices=notice).first()


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
    SpikeRule.Metric.TICKETS_BY_CATEGORY: (
        Ticket.objects.all(),
        "received_at",
        "category",
    ),
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
    source, moment, key = _SPIKE_SOURCES[rule.metric]
    rows = (
        source.filter(_between(moment, windows[0][0], windows[-1][1]))
        .values(key)
        .annotate(
            **{
                f"w{index}": Count("pk", filter=_between(moment, start, end))
                for index, (start, end) in enumerate(windows)
            }
        )
        .order_by(key)
    )
    measures = []
    for row in rows:
        counts = [row[f"w{index}"] for index in range(len(windows))]
        for index in range(baseline, len(windows)):
            mean = Decimal(sum(counts[index - baseline : index])) / baseline
            count = counts[index]
            measures.append(
                SpikeMeasure(
                    key=row[key],
                    label=rule.key_label(row[key]),
                    window_start=windows[index][0],
                    window_end=windows[index][1],
                    count=count,
                    baseline=mean.quantize(Decimal("0.01")),
                    crossed=count >= rule.min_count
                    and count >= rule.threshold_ratio * mean,
                )
            )
    return measures


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


def report_build(
    *,
    filters: ReportFilter,
    profiles: list[RegimeProfile],
    now: datetime | None = None,
) -> Report:
    """Compute every figure of the reports page: a fixed number of queries.

    profiles is the list the filter form already loaded (for band order).
    """
    now = now or timezone.now()
    counts = report_counts(filters=filters, now=now)
    ack, resolve = report_durations(filters=filters)
    resolutions, reopened = report_reopens(filters=filters)
    granularity, trend = report_trend(filters=filters)
    return Report(
        filters=filters,
        end_instant=_end_instant(filters, now),
        received=counts["received"],
        resolved=counts["resolved"],
        open_start=counts["open_start"],
        open_end=counts["open_end"],
        ack_seconds=ack,
        resolve_seconds=resolve,
        bands=report_bands(filters=filters, profiles=profiles),
        breaches=report_breaches(filters=filters, now=now),
        outcomes=[
            (outcome, counts[f"outcome_{outcome}"]) for outcome in Ticket.Outcome.values
        ],
        refunds=report_refunds(filters=filters),
        resolutions=resolutions,
        reopened=reopened,
        rated=counts["rated"],
        rating_avg=counts["rating_avg"],
        ratings=[(rating, counts[f"rating_{rating}"]) for rating in RATINGS],
        backlog=[
            (bucket, counts[f"age_{index}"]) for index, bucket in enumerate(AGE_BUCKETS)
        ],
        root_causes=report_root_causes(filters=filters),
        agents=report_agents(filters=filters, now=now),
        transactions=report_transactions(filters=filters),
        trend_granularity=granularity,
        trend=trend,
        alerts=spike_alerts_recent(filters=filters),
        watch=spike_watch(now=now),
    )
