"""What one ticket contributes to the daily figures, computed from its rows.

Every entry is (day, figure, key, count) under the ticket's dimensions (kind,
category, queue, channel, language, SLA profile of its latest resolve clock,
assignee). Days are local dates in the site time zone (settings.TIME_ZONE): a
deployment that changes its zone rebuilds the rollups.

  rcv  day received; key the time-to-acknowledge bucket, "-" unacknowledged
  rch  day received; key the local hour it was received in, as hours since
       local midnight ("00".."24", a DST day has 23 or 25): hourly spike rules
  res  day resolved (resolved_at); key "outcome|root cause|rating|bucket of
       time to resolve"
  rdn  day resolved, tickets with a refund or compensation; key its currency
  rda  the same, count = amount in 1e-8 units of the currency
  mov  day of each move to resolved; key "1" when a reopen followed it, else "0"
  opn  day a ticket became open (+1: filed, reopened) or closed (-1: resolved);
       key the day it was received, so the backlog at an instant is the sum of
       the days before it, by age
  due  day an SLA clock falls due; key "clock kind|1 if breached else 0"
  bnd  day a resolve clock stopped fulfilled; key "profile id|time band"
"""

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import timezone

from complaints.models import StatusChange, Ticket
from reports.models.rollups import DIMENSION_FIELDS
from reports.rollups.buckets import bucket_key
from sla.models import TicketClock

RESOLVED = Ticket.Status.RESOLVED
# The outcomes a report counts as upheld (its upheld share, per agent too).
UPHELD = (Ticket.Outcome.UPHELD, Ticket.Outcome.PARTIALLY_UPHELD)
AMOUNT_SCALE = Decimal(10) ** 8
# DailyFigure's dimensions: the grains' (reports.models.rollups), then the agent.
DIMENSIONS = (*DIMENSION_FIELDS, "agent_id")
Dims = tuple[str, str, int, str, str, int, int]
Entry = tuple[str, str, str, int]  # day (ISO), figure, key, count
# One ticket's contribution: its dimensions and its entries.
Contribution = tuple[Dims, list[Entry]]


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _day(moment: datetime) -> str:
    return local_day(moment).isoformat()


def hour_slot(moment: datetime) -> tuple[str, str]:
    """The local day of the local hour holding moment, and that hour's key (rch).

    The hour starts at the local clock's last full hour (as spike windows do);
    its key counts real hours since local midnight, unique across a DST change.
    """
    zone = timezone.get_default_timezone()
    local = timezone.localtime(moment, zone)
    hour = local.replace(minute=0, second=0, microsecond=0)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, fold=0)
    # Same-zone aware datetimes subtract as wall clocks: compare in UTC.
    hours = round(
        (hour.astimezone(UTC) - midnight.astimezone(UTC)).total_seconds() / 3600
    )
    return local.date().isoformat(), f"{hours:02d}"


def contributions(ticket_ids: Iterable[int]) -> dict[int, Contribution]:
    """Each existing ticket's dimensions and entries (three queries)."""
    ids = list(ticket_ids)
    if not ids:
        return {}
    tickets = Ticket.objects.filter(pk__in=ids).values(
        "pk",
        "kind",
        "category",
        "queue_id",
        "channel",
        "language",
        "assignee_id",
        "received_at",
        "acknowledged_at",
        "resolved_at",
        "outcome",
        "outcome_amount",
        "outcome_currency",
        "root_cause",
        "rating",
    )
    changes: dict[int, list[tuple[datetime, int, str, str]]] = {}
    for row in (
        StatusChange.objects.filter(ticket_id__in=ids)
        .order_by()
        .values_list("ticket_id", "created_at", "pk", "from_status", "to_status")
    ):
        changes.setdefault(row[0], []).append(row[1:])
    clocks: dict[int, list[dict]] = {}
    for row in (
        TicketClock.objects.filter(ticket_id__in=ids)
        .order_by()
        .values(
            "ticket_id",
            "kind",
            "cycle",
            "profile_id",
            "due_at",
            "breached_at",
            "stopped_at",
            "stop_reason",
            "band",
        )
    ):
        clocks.setdefault(row["ticket_id"], []).append(row)
    return {
        row["pk"]: _contribution(
            row, sorted(changes.get(row["pk"], [])), clocks.get(row["pk"], [])
        )
        for row in tickets
    }


def _contribution(
    ticket: dict, changes: list[tuple[datetime, int, str, str]], clocks: list[dict]
) -> Contribution:
    resolve_clocks = [c for c in clocks if c["kind"] == TicketClock.Kind.RESOLVE]
    profile_id = (
        max(resolve_clocks, key=lambda c: c["cycle"])["profile_id"]
        if resolve_clocks
        else 0
    )
    dims: Dims = (
        ticket["kind"],
        ticket["category"],
        ticket["queue_id"] or 0,
        ticket["channel"],
        ticket["language"],
        profile_id,
        ticket["assignee_id"] or 0,
    )
    entries: Counter[tuple[str, str, str]] = Counter()
    received_at = ticket["received_at"]
    received = _day(received_at)
    acknowledged_at = ticket["acknowledged_at"]
    ack = (
        "-"
        if acknowledged_at is None
        else bucket_key((acknowledged_at - received_at).total_seconds())
    )
    entries[(received, "rcv", ack)] += 1
    day, hour = hour_slot(received_at)
    entries[(day, "rch", hour)] += 1
    resolved_at = ticket["resolved_at"]
    if resolved_at is not None:
        day = _day(resolved_at)
        seconds = (resolved_at - received_at).total_seconds()
        rating = "" if ticket["rating"] is None else str(ticket["rating"])
        key = (
            f"{ticket['outcome']}|{ticket['root_cause']}|{rating}|{bucket_key(seconds)}"
        )
        entries[(day, "res", key)] += 1
        if ticket["outcome_amount"] is not None:
            currency = ticket["outcome_currency"]
            entries[(day, "rdn", currency)] += 1
            entries[(day, "rda", currency)] += int(
                ticket["outcome_amount"] * AMOUNT_SCALE
            )
    reopens = [
        created
        for created, _pk, old, new in changes
        if old == RESOLVED and new != RESOLVED
    ]
    for created, _pk, _old, new in changes:
        if new == RESOLVED:
            later = any(reopen > created for reopen in reopens)
            entries[(_day(created), "mov", "1" if later else "0")] += 1
    _open_flow(entries, received_at, received, resolved_at, changes, bool(reopens))
    for clock in clocks:
        breached = "1" if clock["breached_at"] is not None else "0"
        entries[(_day(clock["due_at"]), "due", f"{clock['kind']}|{breached}")] += 1
        if (
            clock["kind"] == TicketClock.Kind.RESOLVE
            and clock["stopped_at"] is not None
            and clock["stop_reason"] == TicketClock.StopReason.FULFILLED
        ):
            key = f"{clock['profile_id']}|{clock['band']}"
            entries[(_day(clock["stopped_at"]), "bnd", key)] += 1
    return dims, [
        (day, figure, key, count)
        for (day, figure, key), count in sorted(entries.items())
        if count
    ]


def _open_flow(
    entries: Counter[tuple[str, str, str]],
    received_at: datetime,
    received: str,
    resolved_at: datetime | None,
    changes: list[tuple[datetime, int, str, str]],
    reopened: bool,
) -> None:
    """+1 when the ticket opens, -1 when it closes, as the report reads "open".

    Open at an instant: received before it and not resolved as of it. A ticket
    never reopened is resolved from resolved_at on; a reopened one follows its
    history (its latest move before the instant).
    """
    if reopened:
        moments = [(created, new == RESOLVED) for created, _pk, _old, new in changes]
    else:
        moments = [] if resolved_at is None else [(resolved_at, True)]
    times = sorted({received_at, *(moment for moment, _ in moments)})
    was_open = False
    for time in times:
        resolved = False
        for moment, to_resolved in moments:
            if moment <= time:
                resolved = to_resolved
        is_open = received_at <= time and not resolved
        if is_open != was_open:
            entries[(_day(time), "opn", received)] += 1 if is_open else -1
        was_open = is_open
