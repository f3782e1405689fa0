"""The periodic check with the clock moved forward: warn at 80 %, escalate at breach, once."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from complaints import clocks, workflow
from complaints.clocks import clock_extend, clocks_check
from complaints.models import Notice, Queue, Ticket
from complaints.tasks import check_sla_clocks
from config.errors import WorkflowError
from sla.models import ClockEvent, TicketClock
from sla.services import CheckResult, clock_pause
from tests.concurrency import run_at_once
from tests.factories import SupervisorFactory
from tests.sla.conftest import FileTicket, MovableNow

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)  # resolve by 11 Oct, 23:59:59


def _acknowledged(file_ticket: FileTicket, agent: User) -> Ticket:
    ticket = file_ticket(received_at=RECEIVED, profile="cn", assignee=agent)
    ticket.refresh_from_db()
    # Outside a test transaction the delivered acknowledgement already did it.
    if ticket.status == Ticket.Status.RECEIVED:
        workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    return ticket


def _events(ticket: Ticket) -> list[str]:
    return list(
        ClockEvent.objects.filter(
            clock__ticket=ticket, kind__in=["warn", "breach"]
        ).values_list("kind", flat=True)
    )


def test_warning_and_breach_each_happen_once_as_time_moves_on(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    ticket = _acknowledged(file_ticket, agent)
    clock = TicketClock.objects.get(ticket=ticket, kind="resolve")
    # 80 % of 26 Sep 10:00 → 11 Oct 23:59:59 is 8 Oct, 21:11:59.2.
    assert clock.warn_at == datetime(2025, 10, 8, 21, 11, 59, 200000, tzinfo=SHANGHAI)

    timeline = [
        (datetime(2025, 10, 8, 21, 0, tzinfo=SHANGHAI), (0, 0)),
        (datetime(2025, 10, 8, 21, 30, tzinfo=SHANGHAI), (1, 0)),
        (datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI), (0, 0)),
        (datetime(2025, 10, 11, 23, 59, tzinfo=SHANGHAI), (0, 0)),
        (datetime(2025, 10, 12, 0, 5, tzinfo=SHANGHAI), (0, 1)),
        (datetime(2025, 10, 12, 0, 10, tzinfo=SHANGHAI), (0, 0)),
        (datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI), (0, 0)),
    ]
    for instant, (warned, breached) in timeline:
        now.set(instant)
        result = clocks_check()
        assert (result.warned, result.breached) == (warned, breached), instant

    assert _events(ticket) == ["warn", "breach"]
    clock.refresh_from_db()
    assert clock.warned_at == datetime(2025, 10, 8, 21, 30, tzinfo=SHANGHAI)
    assert clock.breached_at == datetime(2025, 10, 12, 0, 5, tzinfo=SHANGHAI)


def test_beat_task_runs_the_check_at_the_current_time(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    ticket = _acknowledged(file_ticket, agent)
    now.set(datetime(2025, 10, 13, 9, 0, tzinfo=SHANGHAI))

    assert check_sla_clocks.delay().get() == {"warned": 0, "breached": 1}
    assert check_sla_clocks.delay().get() == {"warned": 0, "breached": 0}
    assert _events(ticket) == ["breach"]


def test_breach_is_never_recomputed_away(
    file_ticket: FileTicket, now: MovableNow, agent: User, supervisor: User
) -> None:
    ticket = _acknowledged(file_ticket, agent)
    now.set(datetime(2025, 10, 12, 9, 0, tzinfo=SHANGHAI))
    clocks_check()
    now.set(datetime(2025, 10, 12, 10, 0, tzinfo=SHANGHAI))

    with pytest.raises(WorkflowError, match="passed"):
        clock_extend(ticket=ticket, actor=supervisor, reason="Too late")
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="upheld"),
    )

    clock = TicketClock.objects.get(ticket=ticket, kind="resolve")
    assert clock.breached_at == datetime(2025, 10, 12, 9, 0, tzinfo=SHANGHAI)
    assert _events(ticket) == ["breach"]


def test_extension_rearms_the_warning_but_not_the_breach(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    ticket = _acknowledged(file_ticket, agent)
    now.set(datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI))
    assert clocks_check().warned == 1

    clock_extend(ticket=ticket, actor=agent, reason="Complex")
    now.set(datetime(2025, 10, 23, 9, 0, tzinfo=SHANGHAI))

    assert clocks_check().warned == 1
    assert _events(ticket) == ["warn", "warn"]


def test_paused_and_resolved_clocks_neither_warn_nor_breach(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    paused = _acknowledged(file_ticket, agent)
    now.set(datetime(2025, 10, 1, 9, 0, tzinfo=SHANGHAI))
    clock_pause(ticket=paused, reason="external_appraisal", actor=agent)
    now.set(datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI))

    assert clocks_check() == CheckResult(warned=0, breached=0)
    assert _events(paused) == []


def test_warning_goes_to_the_assignee_and_breach_to_the_queue_supervisors(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    ticket = _acknowledged(file_ticket, agent)
    queue = Queue.objects.create(name="Shanghai", slug="shanghai")
    own, other = SupervisorFactory(), SupervisorFactory()
    clock = TicketClock.objects.select_related("ticket").get(
        ticket=ticket, kind="resolve"
    )

    assert list(clocks.clock_notice_recipients(clock=clock, event_kind="warn")) == [
        agent
    ]
    assert list(clocks.clock_notice_recipients(clock=clock, event_kind="breach")) == [
        own,
        other,
    ]
    queue.agents.add(own)
    Ticket.objects.filter(pk=ticket.pk).update(queue=queue, assignee=None)
    clock.ticket.refresh_from_db()
    assert list(clocks.clock_notice_recipients(clock=clock, event_kind="breach")) == [
        own
    ]
    assert list(clocks.clock_notice_recipients(clock=clock, event_kind="warn")) == [own]


def test_warning_reaches_the_assignee_and_breach_the_supervisors_once(
    file_ticket: FileTicket,
    now: MovableNow,
    agent: User,
    supervisor: User,
    django_capture_on_commit_callbacks: Callable,
    mailoutbox: list,
) -> None:
    ticket = _acknowledged(file_ticket, agent)
    with django_capture_on_commit_callbacks(execute=True):
        for day in (9, 10, 12, 13):
            now.set(datetime(2025, 10, day, 9, 0, tzinfo=SHANGHAI))
            clocks_check()

    staff = Notice.objects.filter(ticket=ticket).exclude(recipient=ticket.customer)
    assert sorted(staff.values_list("kind", "recipient")) == sorted(
        [(Notice.Kind.SLA_WARNING, agent.pk), (Notice.Kind.SLA_BREACH, supervisor.pk)]
    )
    staff_mail = [m for m in mailoutbox if m.to != [ticket.customer.email]]
    assert sorted(m.to[0] for m in staff_mail) == sorted(
        [agent.email, supervisor.email]
    )
    assert all(ticket.reference in m.subject for m in staff_mail)
    assert all(f"/admin/complaints/ticket/{ticket.pk}/" in m.body for m in staff_mail)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_checks_record_one_breach(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    ticket = _acknowledged(file_ticket, agent)
    instant = now.set(datetime(2025, 10, 13, 9, 0, tzinfo=SHANGHAI))
    results = run_at_once([lambda: clocks_check(now=instant).breached] * 2)

    assert sorted(results) == [0, 1]
    assert _events(ticket) == ["breach"]
    assert TicketClock.objects.get(ticket=ticket, kind="resolve").breached_at == (
        instant
    )
