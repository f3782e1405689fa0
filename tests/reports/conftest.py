"""Reports fixtures: tickets with exact histories and a known October data set.

The known set is described in full in known_october's docstring; the tests check
every figure of it on the page, in the context and in the CSV.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from complaints.models import StatusChange, Ticket
from complaints.workflow import Resolution, ticket_transition
from reports.models import SpikeAlert, SpikeRule
from reports.selectors import ReportFilter
from sla.models import TicketClock
from tests.factories import (
    AgentFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)

SITE_ZONE = ZoneInfo("Asia/Shanghai")
FAR = datetime(2030, 1, 1, tzinfo=SITE_ZONE)


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant of 2026 in the site time zone."""
    return datetime(2026, month, day, hour, minute, tzinfo=SITE_ZONE)


OCTOBER = ReportFilter(start=at(10, 1), end=at(11, 1))


@pytest.fixture
def no_spike_rules(db: None) -> None:
    """Start without the shipped rules so each test states its own."""
    SpikeAlert.objects.all().delete()
    SpikeRule.objects.all().delete()


Step = tuple[str, datetime, Resolution | None]
FileTicket = Callable[..., Ticket]


@pytest.fixture
def file_ticket(db: None) -> FileTicket:
    """File a ticket, walk it through steps, then stamp every time exactly.

    steps: (to_status, at, resolution) in order; a move back from resolved is a
    reopen. The StatusChange rows, received_at, acknowledged_at and resolved_at
    get the given instants; every SLA clock is moved out of the way (due in 2030,
    the latest cycle of each running) so a test sets only the clocks it counts.
    """
    staff = SupervisorFactory(username="mover")

    def file(
        *,
        received: datetime,
        steps: tuple[Step, ...] = (),
        assignee: User | None = None,
        rating: int | None = None,
        **fields: object,
    ) -> Ticket:
        ticket = TicketFactory(**fields)
        for status, _moment, resolution in steps:
            ticket_transition(
                ticket=ticket, to_status=status, actor=staff, resolution=resolution
            )
        changes = list(
            StatusChange.objects.filter(ticket=ticket).order_by("created_at", "pk")
        )
        instants = [received, *(moment for _s, moment, _r in steps)]
        assert len(changes) == len(instants)
        for change, moment in zip(changes, instants, strict=True):
            StatusChange.objects.filter(pk=change.pk).update(created_at=moment)
        acknowledged = next((m for s, m, _r in steps if s == "acknowledged"), None)
        ticket.refresh_from_db()
        resolved = steps[-1][1] if ticket.status == Ticket.Status.RESOLVED else None
        Ticket.objects.filter(pk=ticket.pk).update(
            received_at=received,
            acknowledged_at=acknowledged,
            resolved_at=resolved,
            assignee=assignee,
            rating=rating,
        )
        clocks = TicketClock.objects.filter(ticket=ticket)
        clocks.update(due_at=FAR, warn_at=FAR, breached_at=None, band="")
        # Earlier cycles (before a reopen) stay stopped: one clock runs per kind.
        for kind in TicketClock.Kind.values:
            latest = clocks.filter(kind=kind).order_by("-cycle").first()
            if latest is not None:
                clocks.filter(pk=latest.pk).update(stopped_at=None, stop_reason="")
        ticket.refresh_from_db()
        return ticket

    return file


def clock_set(ticket: Ticket, kind: str, *, cycle: int = 1, **fields: object) -> None:
    changed = TicketClock.objects.filter(ticket=ticket, kind=kind, cycle=cycle).update(
        **fields
    )
    assert changed == 1


def resolution(
    outcome: str, *, amount: str = "", currency: str = "", cause: str = ""
) -> Resolution:
    return Resolution(
        outcome=outcome,
        amount=Decimal(amount) if amount else None,
        currency=currency,
        root_cause=cause,
    )


@dataclass
class KnownSet:
    ann: User
    bo: User
    tickets: dict[str, Ticket]
    alert: SpikeAlert


@pytest.fixture
def known_october(file_ticket: FileTicket, no_spike_rules: None) -> KnownSet:
    """Eight tickets around October 2026 (site time), eight October transactions.

    T1 received 28 Sep, acknowledged, resolved 3 Oct upheld 100 CNY (system
       failure), rated 5, Ann; resolve clock due 12 Oct, met in band "≤ 15 d".
    T2 received 2 Oct 09:00, acknowledged 10:00, resolved 4 Oct rejected, reopened
       6 Oct, resolved 8 Oct partially upheld 50 CNY (system failure), rated 4,
       Ann; second resolve cycle due 21 Oct, met in band "≤ 3 d".
    T3 refund received 5 Oct 14:00, acknowledged 14:30, resolved 10 Oct 14:00
       upheld 20 USDT (customer input), unrated, Bo; due 20 Oct, met "≤ 15 d".
    T4 inquiry received 20 Oct 08:00, acknowledged 12:00 (its acknowledge clock
       due 21 Oct, met), investigating, Bo; resolve clock due 25 Oct, breached.
    T5 phone complaint received 30 Oct 20:00, not acknowledged, unassigned;
       acknowledge clock due 31 Oct 09:00, breached.
    T6 received and resolved in September (rejected), Ann: in no figure.
    T7 received 15 Sep, investigating since, Ann: open all October.
    T8 received 2 Nov: after the period.
    """
    ann = AgentFactory(username="ann", first_name="Ann")
    bo = AgentFactory(username="bo", first_name="Bo")
    kinds = Ticket.Kind
    tickets = {
        "T1": file_ticket(
            received=at(9, 28, 10),
            steps=(
                ("acknowledged", at(9, 28, 12), None),
                ("investigating", at(9, 29, 10), None),
                (
                    "resolved",
                    at(10, 3, 10),
                    resolution(
                        "upheld", amount="100", currency="CNY", cause="system_failure"
                    ),
                ),
            ),
            assignee=ann,
            rating=5,
        ),
        "T2": file_ticket(
            received=at(10, 2, 9),
            steps=(
                ("acknowledged", at(10, 2, 10), None),
                ("investigating", at(10, 2, 11), None),
                (
                    "resolved",
                    at(10, 4, 9),
                    resolution("rejected", cause="customer_input"),
                ),
                ("investigating", at(10, 6, 9), None),
                (
                    "resolved",
                    at(10, 8, 9),
                    resolution(
                        "partially_upheld",
                        amount="50",
                        currency="cny",
                        cause="system_failure",
                    ),
                ),
            ),
            assignee=ann,
            rating=4,
        ),
        "T3": file_ticket(
            kind=kinds.MISOPERATION_REFUND,
            received=at(10, 5, 14),
            steps=(
                ("acknowledged", at(10, 5, 14, 30), None),
                ("investigating", at(10, 6, 9), None),
                (
                    "resolved",
                    at(10, 10, 14),
                    resolution(
                        "upheld", amount="20", currency="USDT", cause="customer_input"
                    ),
                ),
            ),
            assignee=bo,
        ),
        "T4": file_ticket(
            kind=kinds.CANCELLED_TX_INQUIRY,
            received=at(10, 20, 8),
            steps=(
                ("acknowledged", at(10, 20, 12), None),
                ("investigating", at(10, 21, 9), None),
            ),
            assignee=bo,
        ),
        "T5": file_ticket(received=at(10, 30, 20), channel=Ticket.Channel.PHONE),
        "T6": file_ticket(
            received=at(9, 1, 10),
            steps=(
                ("acknowledged", at(9, 1, 11), None),
                ("investigating", at(9, 2, 10), None),
                ("resolved", at(9, 10, 10), resolution("rejected")),
            ),
            assignee=ann,
        ),
        "T7": file_ticket(
            received=at(9, 15, 10),
            steps=(
                ("acknowledged", at(9, 15, 11), None),
                ("investigating", at(9, 16, 10), None),
            ),
            assignee=ann,
        ),
        "T8": file_ticket(received=at(11, 2, 10)),
    }
    resolve, ack = TicketClock.Kind.RESOLVE, TicketClock.Kind.ACKNOWLEDGE
    fulfilled = TicketClock.StopReason.FULFILLED
    clock_set(
        tickets["T1"],
        resolve,
        due_at=at(10, 12),
        stopped_at=at(10, 3, 10),
        stop_reason=fulfilled,
        band="≤ 15 d",
    )
    clock_set(
        tickets["T2"],
        resolve,
        cycle=2,
        due_at=at(10, 21),
        stopped_at=at(10, 8, 9),
        stop_reason=fulfilled,
        band="≤ 3 d",
    )
    clock_set(
        tickets["T3"],
        resolve,
        due_at=at(10, 20),
        stopped_at=at(10, 10, 14),
        stop_reason=fulfilled,
        band="≤ 15 d",
    )
    clock_set(
        tickets["T4"],
        ack,
        due_at=at(10, 21),
        stopped_at=at(10, 20, 12),
        stop_reason=fulfilled,
    )
    clock_set(tickets["T4"], resolve, due_at=at(10, 25), breached_at=at(10, 25, 0, 5))
    clock_set(tickets["T5"], ack, due_at=at(10, 31, 9), breached_at=at(10, 31, 9, 5))
    for day in range(1, 9):
        TransactionFactory(occurred_at=at(10, day, 12))
    rule = SpikeRule.objects.create(
        name="Daily tickets per category",
        metric=SpikeRule.Metric.TICKETS_BY_CATEGORY,
        window=SpikeRule.Window.DAY,
        baseline_windows=7,
        threshold_ratio=Decimal(2),
        min_count=20,
    )
    alert = SpikeAlert.objects.create(
        rule=rule,
        key=Ticket.Category.TRANSFER_FAILED,
        window_start=at(10, 30),
        window_end=at(10, 31),
        count=24,
        baseline=Decimal("6.00"),
    )
    return KnownSet(ann=ann, bo=bo, tickets=tickets, alert=alert)
