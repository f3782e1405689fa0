"""The report's figures: each an aggregate query over stored timestamps."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
)

from accounts.models import User
from complaints.models import StatusChange, Ticket
from reports.aggregates import Seconds, percentiles
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
    UPHELD,
    AgentRow,
    BandRow,
    ReportFilter,
    share,
)
from sla.models import RegimeProfile, TicketClock
from transactions.models import Transaction


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
    # The name as User writes it everywhere (陈静, Jane Smith), not re-joined here.
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


def report_transactions(*, filters: ReportFilter) -> int:
    """Transactions that occurred in the period (all of them: no ticket filter applies)."""
    return Transaction.objects.filter(
        period_q("occurred_at", filters.start, filters.end)
    ).count()
