"""The report's figures as the pre-rollup queries computed them, over the tickets.

Kept as the reference the rollup figures are checked against
(tests/reports/test_rollups.py): the same figure from the tickets themselves.
Two figures count differently by design and have their reference here too:
reopens count moves to resolved (not distinct tickets), and backlog ages are
whole local days.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Trunc
from django.utils import timezone

from accounts.models import User
from complaints.models import StatusChange, Ticket
from reports.aggregates import Seconds, percentiles
from reports.rollups.buckets import bucket_of
from reports.rollups.entries import UPHELD
from reports.selectors.scope import (
    open_at_q,
    period_q,
    report_end_instant,
    ticket_q,
    tickets_filtered,
)
from reports.selectors.types import (
    AGE_BUCKETS,
    RATINGS,
    RESOLVED,
    AgentRow,
    BandRow,
    ReportFilter,
    share,
)
from sla.models import RegimeProfile, TicketClock


def report_counts(*, filters: ReportFilter, now: datetime) -> dict[str, object]:
    """Volumes, outcomes, satisfaction and backlog age in one aggregate query."""
    start, end = filters.start, filters.end
    at_end = report_end_instant(filters, now)
    resolved_in = period_q("resolved_at", start, end)
    open_end = open_at_q(at_end)
    aggregates: dict[str, object] = {
        "received": Count("pk", filter=period_q("received_at", start, end)),
        "resolved": Count("pk", filter=resolved_in),
        "open_start": Count("pk", filter=open_at_q(start)),
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
            period_q("received_at", filters.start, filters.end),
            acknowledged_at__isnull=False,
        ),
        Seconds(F("acknowledged_at"), F("received_at")),
    )
    resolve = percentiles(
        tickets.filter(period_q("resolved_at", filters.start, filters.end)),
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
            period_q("resolved_at", filters.start, filters.end),
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
        ticket_q(filters, "ticket__"),
        period_q("created_at", filters.start, filters.end),
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
            ticket_q(filters, "ticket__"),
            period_q("due_at", filters.start, report_end_instant(filters, now)),
        )
        # Without order_by() the Meta ordering by ticket joins every ticket.
        .order_by()
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
            ticket_q(filters, "ticket__"),
            period_q("stopped_at", filters.start, filters.end),
            kind=TicketClock.Kind.RESOLVE,
            stop_reason=TicketClock.StopReason.FULFILLED,
        )
        .order_by()
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
        .filter(period_q("resolved_at", filters.start, filters.end))
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
    """Workload and results per current assignee (three queries)."""
    start, end = filters.start, filters.end
    resolved_in = period_q("resolved_at", start, end)
    tickets = tickets_filtered(filters=filters).filter(assignee__isnull=False)
    # Grouped by the id alone: joining the names into 100,000 grouped rows cost
    # more than reading the few agents apart (bench/README.md).
    rows = (
        tickets.filter(received_at__lt=end)
        .exclude(status=RESOLVED, resolved_at__lt=start)
        .values("assignee_id")
        .annotate(
            open_end=Count("pk", filter=open_at_q(report_end_instant(filters, now))),
            resolved=Count("pk", filter=resolved_in),
            upheld=Count("pk", filter=resolved_in & Q(outcome__in=UPHELD)),
            rating_avg=Avg("rating", filter=resolved_in),
        )
        .filter(Q(open_end__gt=0) | Q(resolved__gt=0))
        .order_by()
    )
    medians = percentiles(
        tickets.filter(resolved_in),
        Seconds(F("resolved_at"), F("received_at")),
        fractions=(0.5,),
        group=("assignee_id",),
    )
    rows = list(rows)
    people = {
        person.pk: (person.username, str(person))
        for person in User.objects.filter(
            pk__in=[row["assignee_id"] for row in rows]
        ).only("pk", "username", "first_name", "last_name")
    }
    rows.sort(
        key=lambda row: (
            -row["resolved"],
            -row["open_end"],
            people[row["assignee_id"]][0],
        )
    )
    result = []
    for row in rows:
        median = medians.get((row["assignee_id"],), {}).get(0.5)
        result.append(
            AgentRow(
                agent_id=row["assignee_id"],
                name=people[row["assignee_id"]][1],
                open_end=row["open_end"],
                resolved=row["resolved"],
                median_resolve_seconds=None if median is None else round(median),
                upheld_share=share(row["upheld"], row["resolved"]),
                rating_avg=row["rating_avg"],
            )
        )
    return result


def _trend_granularity(*, filters: ReportFilter) -> str:
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
    granularity = _trend_granularity(filters=filters)
    zone = timezone.get_current_timezone()
    tickets = tickets_filtered(filters=filters)

    def bucket(name: str) -> Trunc:
        return Trunc(name, granularity, output_field=DateTimeField(), tzinfo=zone)

    received = (
        tickets.filter(period_q("received_at", filters.start, filters.end))
        .annotate(bucket=bucket("received_at"))
        .values("bucket", "kind")
        .annotate(count=Count("pk"))
    )
    resolved = (
        tickets.filter(period_q("resolved_at", filters.start, filters.end))
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


def within_one_bucket(estimate: int | None, exact: float | None) -> bool:
    """The rollup's percentile lies in the exact value's bucket or the next one."""
    if estimate is None or exact is None:
        return estimate is None and exact is None
    return abs(bucket_of(estimate) - bucket_of(exact)) <= 1


def report_resolution_moves(*, filters: ReportFilter) -> tuple[int, int]:
    """Moves to resolved in the period, and how many a reopen followed (as of now).

    The rollup counts moves, not distinct tickets: a ticket resolved twice in
    the period counts twice (the distinct count cannot be summed over days).
    """
    reopened_later = Exists(
        StatusChange.objects.filter(
            ticket_id=OuterRef("ticket_id"),
            from_status=RESOLVED,
            to_status=Ticket.Status.INVESTIGATING,
            created_at__gt=OuterRef("created_at"),
        )
    )
    totals = StatusChange.objects.filter(
        ticket_q(filters, "ticket__"),
        period_q("created_at", filters.start, filters.end),
        to_status=RESOLVED,
    ).aggregate(
        resolutions=Count("pk"),
        reopened=Count("pk", filter=Q(reopened_later)),
    )
    return totals["resolutions"], totals["reopened"]
