"""The report's figures, summed from the daily rollups (reports.rollups).

No figure scans tickets: each is a grouped sum of rollup rows (the summary
rows without the agent where the figure allows, reports.rollups.grains) of the
period's local days and the filters, plus the changes still pending a fold
(reports.selectors.sums, read-only), so the figures are exact however recently a ticket
changed. Durations come from fixed log-spaced histograms (reports.rollups.
buckets): medians and 90th percentiles lie within one bucket (25 %) of the
exact value.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from complaints.models import Ticket
from reports.rollups.buckets import percentile
from reports.rollups.entries import AMOUNT_SCALE, local_day
from reports.rollups.grains import AGENT_BY, AGENT_DETAIL, AGENTS, Grain
from reports.selectors.scope import period_q, report_end_instant, ticket_q
from reports.selectors.sums import RollupSums
from reports.selectors.types import (
    AGE_BUCKETS,
    RATINGS,
    AgentRow,
    BandRow,
    share,
)
from sla.models import RegimeProfile, TicketClock


def _histogram(pairs: Iterable[tuple[str, int]]) -> dict[int, int]:
    histogram: Counter[int] = Counter()
    for bucket, count in pairs:
        histogram[int(bucket)] += count
    return dict(histogram)


def report_figures(
    *, sums: RollupSums, profiles: list[RegimeProfile]
) -> dict[str, object]:
    """Volumes, outcomes, satisfaction, durations, refunds, reopens, clocks and bands
    of the period from one grouped query of the summary rows (and the day's
    clocks not yet due)."""
    rows = sums.summary_sum(
        figures=("rcv", "rso", "rsc", "rsr", "rst", "rdn", "rda", "mov", "due", "bnd"),
        by=("figure", "key"),
        first=sums.first_day,
        before=sums.end_day,
    )
    by_figure: dict[str, list[tuple[str, int]]] = {}
    for (figure, key), count in rows.items():
        if count:
            by_figure.setdefault(figure, []).append((key, count))
    received = sum(count for _key, count in by_figure.get("rcv", []))
    ack = _histogram(
        (key, count) for key, count in by_figure.get("rcv", []) if key != "-"
    )
    outcomes = Counter(dict(by_figure.get("rso", [])))
    resolved = sum(outcomes.values())
    causes = Counter(dict(by_figure.get("rsc", [])))
    ratings = Counter({int(rating): n for rating, n in by_figure.get("rsr", [])})
    resolve_hist = _histogram(by_figure.get("rst", []))
    rated = sum(ratings.values())
    amounts = dict(by_figure.get("rda", []))
    refunds = [
        (
            currency,
            (Decimal(amounts.get(currency, 0)) / AMOUNT_SCALE).quantize(
                Decimal("0.00000001")
            ),
            count,
        )
        for currency, count in sorted(by_figure.get("rdn", []))
    ]
    moves = dict(by_figure.get("mov", []))
    causes_sorted = sorted(causes.items(), key=lambda item: (-item[1], item[0]))
    cause_rows, running = [], 0
    for cause, count in causes_sorted:
        running += count
        cause_rows.append((cause, count, running / resolved))
    return {
        "received": received,
        "resolved": resolved,
        "ack_seconds": _percentiles(ack),
        "resolve_seconds": _percentiles(resolve_hist),
        "outcomes": [(o, outcomes.get(o, 0)) for o in Ticket.Outcome.values],
        "rated": rated,
        "rating_avg": (sum(r * c for r, c in ratings.items()) / rated)
        if rated
        else None,
        "ratings": [(rating, ratings.get(rating, 0)) for rating in RATINGS],
        "refunds": refunds,
        "resolutions": moves.get("0", 0) + moves.get("1", 0),
        "reopened": moves.get("1", 0),
        "root_causes": cause_rows,
        "breaches": _breaches(sums, by_figure.get("due", [])),
        "bands": _bands(by_figure.get("bnd", []), profiles),
    }


def _percentiles(histogram: dict[int, int]) -> dict[float, int | None]:
    return {fraction: percentile(histogram, fraction) for fraction in (0.5, 0.9)}


def _breaches(
    sums: RollupSums, pairs: list[tuple[str, int]]
) -> list[tuple[str, int, int, float | None]]:
    """Per clock kind: clocks due in the period and already past, how many breached.

    The rollup counts whole days; clocks due later today (after now) are read
    from the clocks themselves and taken off: at most one day's clocks.
    """
    due: Counter[str] = Counter()
    breached: Counter[str] = Counter()
    for key, count in pairs:
        kind, was_breached = key.split("|")
        due[kind] += count
        if was_breached == "1":
            breached[kind] += count
    filters = sums.filters
    at_end = report_end_instant(filters, sums.now)
    if at_end < filters.end:
        for row in (
            TicketClock.objects.filter(
                ticket_q(filters, "ticket__"), period_q("due_at", at_end, filters.end)
            )
            .order_by()
            .values_list("kind", "breached_at")
        ):
            due[row[0]] -= 1
            if row[1] is not None:
                breached[row[0]] -= 1
    return [
        (kind, due[kind], breached[kind], share(breached[kind], due[kind]))
        for kind in TicketClock.Kind.values
        if due[kind] > 0
    ]


def _bands(
    pairs: list[tuple[str, int]], profiles: list[RegimeProfile]
) -> list[BandRow]:
    found: dict[int, dict[str, int]] = {}
    for key, count in pairs:
        profile_id, band = key.split("|", 1)
        found.setdefault(int(profile_id), {})[band] = count
    result = []
    for profile in profiles:
        counts = {label: n for label, n in found.get(profile.pk, {}).items() if n}
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


def report_open(*, sums: RollupSums) -> dict[str, object]:
    """Open at the period's start and end, the end's backlog by age, open per agent.

    The flows of every day before an instant sum to the tickets open at it;
    ages are whole local days from the day received to the end instant's day.
    """
    at_end = report_end_instant(sums.filters, sums.now)
    end_day = local_day(at_end - timedelta(microseconds=1)) + timedelta(days=1)
    start_rows = sums.open_flows(by=(), before=sums.first_day)
    end_rows = sums.open_flows(by=("key",), before=end_day)
    per_agent = sums.open_flows(
        by=("agent_id",), before=end_day, grain=agent_grain(sums.wanted)
    )
    last_day = end_day - timedelta(days=1)
    backlog: Counter[int] = Counter()
    for (received,), count in end_rows.items():
        if not count:
            continue
        age = (last_day - date.fromisoformat(received)).days
        for index, (lower, upper) in enumerate(AGE_BUCKETS):
            if age >= lower and (upper is None or age < upper):
                backlog[index] += count
    return {
        "open_start": start_rows.get((), 0),
        "open_end": sum(backlog.values()),
        "backlog": [
            (bucket, backlog.get(i, 0)) for i, bucket in enumerate(AGE_BUCKETS)
        ],
        "open_per_agent": Counter(
            {agent_id: n for (agent_id,), n in per_agent.items() if agent_id and n}
        ),
    }


def agent_grain(wanted: dict[str, object]) -> Grain:
    """The grain of the per-agent table and the open tickets per agent for these
    filters.

    Besides the agent (filtered or not): no dimension, the agent grain; one,
    the agent grain by that dimension; several, the agent grain by every
    dimension.
    """
    others = set(wanted) - {"agent_id"}
    if not others:
        return AGENTS
    if len(others) == 1:
        (name,) = others
        return AGENT_BY[name]
    return AGENT_DETAIL


def report_agents(*, sums: RollupSums, open_per_agent: Counter[int]) -> list[AgentRow]:
    """Workload and results per current assignee: one grouped query and the names.

    From the grain agent_grain picks for the report's filters.
    """
    rows = sums.summary_sum(
        figures=("ars", "aru", "arr"),
        by=("agent_id", "figure", "key"),
        first=sums.first_day,
        before=sums.end_day,
        grain=agent_grain(sums.wanted),
    )
    agents: dict[int, dict] = {}
    for (agent_id, figure, key), count in rows.items():
        if not agent_id or not count:
            continue
        agent = agents.setdefault(
            agent_id,
            {"resolved": 0, "upheld": 0, "rated": 0, "stars": 0, "hist": Counter()},
        )
        if figure == "ars":
            agent["resolved"] += count
            agent["hist"][int(key)] += count
        elif figure == "aru":
            agent["upheld"] += count
        else:
            agent["rated"] += count
            agent["stars"] += int(key) * count
    ids = {pk for pk, n in open_per_agent.items() if n > 0} | set(agents)
    # The name as User writes it everywhere (陈静, Jane Smith), not re-joined here.
    people = {
        person.pk: (person.username, str(person))
        for person in User.objects.filter(pk__in=ids).only(
            "pk", "username", "first_name", "last_name"
        )
    }
    result = []
    for agent_id in ids:
        if agent_id not in people:
            continue
        figures = agents.get(
            agent_id, {"resolved": 0, "upheld": 0, "rated": 0, "stars": 0, "hist": {}}
        )
        result.append(
            AgentRow(
                agent_id=agent_id,
                name=people[agent_id][1],
                open_end=open_per_agent.get(agent_id, 0),
                resolved=figures["resolved"],
                median_resolve_seconds=percentile(figures["hist"], 0.5),
                upheld_share=share(figures["upheld"], figures["resolved"]),
                rating_avg=(figures["stars"] / figures["rated"])
                if figures["rated"]
                else None,
            )
        )
    result.sort(key=lambda row: (-row.resolved, -row.open_end, people[row.agent_id][0]))
    return result


def report_trend_rows(
    *, sums: RollupSums, unit: str | None = None
) -> tuple[Counter[tuple], Counter[tuple]]:
    """Received per day and kind, resolved per day: one grouped query.

    With a unit (month, week), a whole one inside the period is one row dated
    its first day; the rest are day rows (a week row would straddle months).
    """
    rows = sums.summary_sum(
        figures=("rcn", "rsn"),
        by=("day", "figure", "kind"),
        first=sums.first_day,
        before=sums.end_day,
        units=(unit,) if unit else (),
    )
    received: Counter[tuple] = Counter()
    resolved: Counter[tuple] = Counter()
    for (day, figure, kind), count in rows.items():
        if figure == "rcn":
            received[(day, kind)] += count
        else:
            resolved[(day,)] += count
    return received, resolved


def today_local() -> date:
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())
