"""Clocks through the services: start per profile, extend, pause, resume, reopen."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from complaints import workflow
from complaints.clocks import clock_extend
from complaints.models import Notice, Queue, QueueRoute, Ticket
from complaints.services import message_add
from config.errors import WorkflowError
from sla.models import ClockEvent, ProfileAssignment, RegimeProfile, TicketClock
from sla.services import (
    clock_pause,
    clock_resume,
    ticket_clocks_start,
    ticket_profile_set,
)
from tests.factories import AgentFactory, SupervisorFactory, TicketFactory
from tests.sla.conftest import FileTicket, MovableNow

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")


def _due(ticket: Ticket, kind: str) -> date:
    clock = TicketClock.objects.get(ticket=ticket, kind=kind, stopped_at__isnull=True)
    local = clock.due_at.astimezone(ZoneInfo(clock.profile.calendar.timezone))
    assert local.time() == time(23, 59, 59)
    return local.date()


def _investigating(ticket: Ticket, agent: User) -> Ticket:
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    return ticket


@pytest.mark.parametrize(
    ("profile", "received", "ack", "interim", "resolve"),
    [
        pytest.param(
            "cn",
            datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI),
            date(2025, 9, 28),
            None,
            date(2025, 10, 11),
            id="cn-friday-before-national-day",
        ),
        pytest.param(
            "cn",
            datetime(2025, 9, 26, 18, 0, tzinfo=SHANGHAI),
            date(2025, 9, 29),
            None,
            date(2025, 10, 13),
            id="cn-friday-before-national-day-after-cutoff",
        ),
        pytest.param(
            "cn",
            datetime(2025, 9, 26, 9, 45, tzinfo=UTC),
            date(2025, 9, 29),
            None,
            date(2025, 10, 13),
            id="cn-cutoff-in-shanghai-time",
        ),
        pytest.param(
            "cn",
            datetime(2025, 9, 20, 10, 0, tzinfo=SHANGHAI),
            date(2025, 9, 23),
            None,
            date(2025, 10, 9),
            id="cn-weekend-receipt-rolls-off-holiday",
        ),
        pytest.param(
            "cn",
            datetime(2026, 9, 25, 10, 0, tzinfo=SHANGHAI),
            date(2026, 9, 29),
            None,
            date(2026, 10, 13),
            id="cn-2026-mid-autumn-friday",
        ),
        pytest.param(
            "baseline",
            datetime(2025, 9, 20, 10, 0, tzinfo=SHANGHAI),
            date(2025, 9, 23),
            None,
            date(2025, 10, 7),
            id="baseline-no-roll",
        ),
        pytest.param(
            "uk-payments",
            datetime(2025, 4, 17, 10, 0, tzinfo=LONDON),
            date(2025, 4, 22),
            None,
            date(2025, 5, 13),
            id="uk-payments-easter",
        ),
        pytest.param(
            "uk-payments",
            datetime(2025, 12, 24, 17, 30, tzinfo=LONDON),
            date(2025, 12, 30),
            None,
            date(2026, 1, 20),
            id="uk-payments-christmas-after-cutoff",
        ),
        pytest.param(
            "uk-other",
            datetime(2025, 3, 3, 9, 0, tzinfo=LONDON),
            date(2025, 3, 4),
            None,
            date(2025, 4, 28),
            id="uk-other-8-weeks",
        ),
        pytest.param(
            "us-reg-e",
            datetime(2025, 11, 26, 16, 0, tzinfo=NEW_YORK),
            date(2025, 11, 28),
            date(2025, 12, 11),
            date(2026, 1, 10),
            id="us-reg-e-thanksgiving",
        ),
        pytest.param(
            "us-reg-e",
            datetime(2025, 7, 3, 17, 5, tzinfo=NEW_YORK),
            date(2025, 7, 8),
            date(2025, 7, 21),
            date(2025, 8, 21),
            id="us-reg-e-independence-day-after-cutoff",
        ),
    ],
)
def test_filing_starts_the_profile_clocks_at_receipt(
    file_ticket: FileTicket,
    profile: str,
    received: datetime,
    ack: date,
    interim: date | None,
    resolve: date,
) -> None:
    ticket = file_ticket(received_at=received, profile=profile)

    assert _due(ticket, TicketClock.Kind.ACKNOWLEDGE) == ack
    assert _due(ticket, TicketClock.Kind.RESOLVE) == resolve
    if interim is None:
        assert not TicketClock.objects.filter(ticket=ticket, kind="interim").exists()
    else:
        assert _due(ticket, TicketClock.Kind.INTERIM) == interim
    ticket.refresh_from_db()
    resolve_clock = TicketClock.objects.get(ticket=ticket, kind="resolve")
    assert ticket.resolve_by == resolve_clock.due_at
    assert ClockEvent.objects.filter(clock__ticket=ticket, kind="start").count() == (
        3 if interim else 2
    )


def test_profile_comes_from_queue_then_category_then_kind_then_default(
    now: MovableNow,
) -> None:
    now.set(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    profiles = {p.code: p for p in RegimeProfile.objects.all()}
    assert TicketFactory().clocks.first().profile == profiles["baseline"]

    ProfileAssignment.objects.create(kind="complaint", profile=profiles["uk-other"])
    assert TicketFactory().clocks.first().profile == profiles["uk-other"]

    ProfileAssignment.objects.create(
        kind="complaint", category="transfer_failed", profile=profiles["us-reg-e"]
    )
    assert TicketFactory().clocks.first().profile == profiles["us-reg-e"]

    queue = Queue.objects.create(name="London", slug="london")
    QueueRoute.objects.create(kind="complaint", queue=queue)
    ProfileAssignment.objects.create(queue=queue, profile=profiles["uk-payments"])
    assert TicketFactory().clocks.first().profile == profiles["uk-payments"]


def test_starting_clocks_twice_keeps_the_first(file_ticket: FileTicket) -> None:
    ticket = file_ticket(received_at=datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    first = {clock.pk for clock in TicketClock.objects.filter(ticket=ticket)}
    assert {clock.pk for clock in ticket_clocks_start(ticket=ticket)} == first


def test_supervisor_overrides_the_profile_and_clocks_restart_from_receipt(
    file_ticket: FileTicket, supervisor: User, agent: User
) -> None:
    ticket = file_ticket(received_at=datetime(2025, 4, 17, 10, 0, tzinfo=LONDON))
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    uk = RegimeProfile.objects.get(code="uk-payments")

    with pytest.raises(WorkflowError):
        ticket_profile_set(ticket=ticket, profile=uk, actor=agent, reason="UK customer")
    clocks = ticket_profile_set(
        ticket=ticket, profile=uk, actor=supervisor, reason="UK customer"
    )

    assert [clock.kind for clock in clocks] == ["resolve"]
    assert _due(ticket, "resolve") == date(2025, 5, 13)
    old = TicketClock.objects.get(ticket=ticket, kind="resolve", cycle=1)
    assert old.stop_reason == TicketClock.StopReason.SUPERSEDED


# Extensions ---------------------------------------------------------------


def test_cn_extension_without_approval_queues_the_notice_first(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    ticket = file_ticket(
        received_at=datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI), profile="cn"
    )
    now.set(datetime(2025, 10, 9, 10, 0, tzinfo=SHANGHAI))

    clock = clock_extend(ticket=ticket, actor=agent, reason="Needs the bank's records")

    # 30 days from 26 Sep is Sun 26 Oct, which rolls to Mon 27 Oct.
    assert _due(ticket, "resolve") == date(2025, 10, 27)
    assert clock.extension_level == 1
    event = ClockEvent.objects.get(clock=clock, kind="extend")
    assert (event.actor, event.approver, event.reason) == (
        agent,
        None,
        "Needs the bank's records",
    )
    assert event.old_due_at.astimezone(SHANGHAI).date() == date(2025, 10, 11)
    assert event.new_due_at == clock.due_at
    assert event.notice is not None
    assert (event.notice.kind, event.notice.recipient) == (
        Notice.Kind.PROGRESS,
        ticket.customer,
    )
    ticket.refresh_from_db()
    assert ticket.resolve_by == clock.due_at


@pytest.mark.parametrize(
    ("approver_role", "allowed"),
    [
        pytest.param(None, False, id="no-approver"),
        pytest.param("agent", False, id="agent-cannot-approve"),
        pytest.param("supervisor", True, id="supervisor-approves"),
    ],
)
def test_cn_second_extension_needs_a_supervisor(
    file_ticket: FileTicket,
    now: MovableNow,
    agent: User,
    approver_role: str | None,
    allowed: bool,
) -> None:
    ticket = file_ticket(
        received_at=datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI), profile="cn"
    )
    now.set(datetime(2025, 10, 9, 10, 0, tzinfo=SHANGHAI))
    clock_extend(ticket=ticket, actor=agent, reason="Complex")
    approver = {
        None: None,
        "agent": AgentFactory(),
        "supervisor": SupervisorFactory(),
    }[approver_role]
    notices_before = Notice.objects.filter(ticket=ticket).count()

    if not allowed:
        with pytest.raises(WorkflowError, match="approval"):
            clock_extend(
                ticket=ticket, actor=agent, reason="Very complex", approver=approver
            )
        assert _due(ticket, "resolve") == date(2025, 10, 27)
        assert Notice.objects.filter(ticket=ticket).count() == notices_before
        return
    clock = clock_extend(
        ticket=ticket, actor=agent, reason="Very complex", approver=approver
    )
    # 60 days from 26 Sep 2025 is Tue 25 Nov.
    assert _due(ticket, "resolve") == date(2025, 11, 25)
    assert ClockEvent.objects.get(clock=clock, extension_level=2).approver == approver
    with pytest.raises(WorkflowError, match="no further extension"):
        clock_extend(ticket=ticket, actor=agent, reason="More", approver=approver)


@pytest.mark.parametrize(
    ("profile", "received", "approver_role", "expected"),
    [
        pytest.param(
            "uk-payments",
            datetime(2025, 4, 17, 10, 0, tzinfo=LONDON),
            "supervisor",
            date(2025, 6, 11),
            id="uk-holding-response-35bd",
        ),
        pytest.param(
            "us-reg-e",
            datetime(2025, 11, 26, 16, 0, tzinfo=NEW_YORK),
            "supervisor",
            date(2026, 2, 24),
            id="us-reg-e-90d",
        ),
        pytest.param(
            "baseline",
            datetime(2025, 9, 20, 10, 0, tzinfo=SHANGHAI),
            "supervisor",
            date(2025, 10, 22),
            id="baseline-30d",
        ),
    ],
)
def test_extension_with_approval_per_profile(
    file_ticket: FileTicket,
    now: MovableNow,
    agent: User,
    supervisor: User,
    profile: str,
    received: datetime,
    approver_role: str,
    expected: date,
) -> None:
    ticket = file_ticket(received_at=received, profile=profile)
    now.set(received + timedelta(days=5))
    with pytest.raises(WorkflowError):
        clock_extend(ticket=ticket, actor=agent, reason="Exceptional")

    clock_extend(ticket=ticket, actor=agent, reason="Exceptional", approver=supervisor)

    assert _due(ticket, "resolve") == expected


def test_uk_other_has_no_extension(file_ticket: FileTicket, agent: User) -> None:
    ticket = file_ticket(
        received_at=datetime(2025, 3, 3, 9, 0, tzinfo=LONDON), profile="uk-other"
    )
    with pytest.raises(WorkflowError, match="no further extension"):
        clock_extend(ticket=ticket, actor=agent, reason="Busy")


@pytest.mark.parametrize(
    ("actor_role", "reason", "when", "message"),
    [
        pytest.param("customer", "Complex", 5, "not allowed", id="customer"),
        pytest.param("agent", "  ", 5, "reason", id="blank-reason"),
        pytest.param("agent", "Complex", 20, "passed", id="after-the-deadline"),
    ],
)
def test_extension_refused_changes_nothing(
    file_ticket: FileTicket,
    now: MovableNow,
    customer: User,
    agent: User,
    actor_role: str,
    reason: str,
    when: int,
    message: str,
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    ticket = file_ticket(received_at=received, profile="cn")
    now.set(received + timedelta(days=when))
    actor = {"customer": customer, "agent": agent}[actor_role]

    with pytest.raises(WorkflowError, match=message):
        clock_extend(ticket=ticket, actor=actor, reason=reason)

    assert _due(ticket, "resolve") == date(2025, 10, 11)
    assert not ClockEvent.objects.filter(kind="extend").exists()
    assert not Notice.objects.filter(ticket=ticket, kind="progress").exists()


# Pauses -------------------------------------------------------------------


def test_waiting_on_the_customer_pauses_and_resume_moves_the_deadline(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    ticket = _investigating(file_ticket(received_at=received, profile="cn"), agent)
    now.set(datetime(2025, 10, 9, 10, 0, tzinfo=SHANGHAI))

    workflow.ticket_hold(
        ticket=ticket, waiting_on="customer", actor=agent, request="Send the receipt."
    )
    clock = TicketClock.objects.get(ticket=ticket, kind="resolve")
    assert clock.paused_at == now()
    now.set(datetime(2025, 10, 13, 15, 0, tzinfo=SHANGHAI))
    workflow.ticket_release(ticket=ticket, actor=agent)

    # 9 to 12 Oct (4 calendar days) are given back: 11 Oct + 4 = Wed 15 Oct.
    assert _due(ticket, "resolve") == date(2025, 10, 15)
    clock.refresh_from_db()
    assert clock.paused_at is None
    assert clock.paused_total == timedelta(days=4, hours=5)
    kinds = list(
        ClockEvent.objects.filter(clock=clock).values_list("kind", "pause_reason")
    )
    assert kinds == [("start", ""), ("pause", "customer"), ("resume", "")]
    ticket.refresh_from_db()
    assert ticket.resolve_by == clock.due_at


def test_hold_the_profile_does_not_allow_leaves_the_clock_running(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    received = datetime(2025, 4, 17, 10, 0, tzinfo=LONDON)
    ticket = _investigating(
        file_ticket(received_at=received, profile="uk-payments"), agent
    )
    now.set(received + timedelta(days=3))

    workflow.ticket_hold(
        ticket=ticket, waiting_on="customer", actor=agent, request="Send the receipt."
    )

    clock = TicketClock.objects.get(ticket=ticket, kind="resolve")
    assert clock.paused_at is None
    with pytest.raises(WorkflowError, match="does not stop the clock"):
        clock_pause(ticket=ticket, reason="customer", actor=agent)
    now.set(received + timedelta(days=5))
    workflow.ticket_release(ticket=ticket, actor=agent)
    assert _due(ticket, "resolve") == date(2025, 5, 13)


@pytest.mark.parametrize(
    ("reason", "allowed"),
    [
        pytest.param("external_appraisal", True, id="appraisal-allowed"),
        pytest.param("customer", True, id="customer-allowed"),
        pytest.param("third_party", False, id="third-party-not-allowed"),
    ],
)
def test_cn_pauses_only_for_the_reasons_it_allows(
    file_ticket: FileTicket, now: MovableNow, agent: User, reason: str, allowed: bool
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    ticket = file_ticket(received_at=received, profile="cn")
    now.set(received + timedelta(days=2))
    if not allowed:
        with pytest.raises(WorkflowError):
            clock_pause(ticket=ticket, reason=reason, actor=agent)
        assert not ClockEvent.objects.filter(kind="pause").exists()
        return
    clock_pause(ticket=ticket, reason=reason, actor=agent, note="Lab test")
    with pytest.raises(WorkflowError, match="already paused"):
        clock_pause(ticket=ticket, reason=reason, actor=agent)
    now.set(received + timedelta(days=12))
    clock_resume(ticket=ticket, actor=agent)
    # Paused 28 Sep to 8 Oct: 10 calendar days back, 11 Oct + 10 = Tue 21 Oct.
    assert _due(ticket, "resolve") == date(2025, 10, 21)
    with pytest.raises(WorkflowError, match="not paused"):
        clock_resume(ticket=ticket, actor=agent)


def test_business_day_clock_pause_over_a_holiday_gives_back_business_days(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    received = datetime(2025, 4, 14, 10, 0, tzinfo=LONDON)
    ticket = file_ticket(received_at=received, profile="uk-payments")
    RegimeProfile.objects.filter(code="uk-payments").update(pause_for_third_party=True)
    # Mon 14 Apr + 15 BD (Good Friday, Easter Monday, Early May off) = Thu 8 May.
    assert _due(ticket, "resolve") == date(2025, 5, 8)
    now.set(datetime(2025, 4, 17, 12, 0, tzinfo=LONDON))
    clock_pause(ticket=ticket, reason="third_party", actor=agent)
    now.set(datetime(2025, 4, 22, 9, 0, tzinfo=LONDON))
    clock_resume(ticket=ticket, actor=agent)
    # 17 Apr to 21 Apr holds one business day (Thu 17): the deadline moves one.
    assert _due(ticket, "resolve") == date(2025, 5, 9)


def test_extension_after_a_pause_keeps_the_days_given_back(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    ticket = file_ticket(received_at=received, profile="cn")
    now.set(datetime(2025, 9, 29, 10, 0, tzinfo=SHANGHAI))
    clock_pause(ticket=ticket, reason="customer", actor=agent)
    now.set(datetime(2025, 10, 2, 10, 0, tzinfo=SHANGHAI))
    clock_resume(ticket=ticket, actor=agent)
    assert _due(ticket, "resolve") == date(2025, 10, 14)

    clock_extend(ticket=ticket, actor=agent, reason="Complex")

    # 26 Sep + 30 + 3 paused days = Wed 29 Oct.
    assert _due(ticket, "resolve") == date(2025, 10, 29)


# Resolve and reopen ---------------------------------------------------------


def test_resolving_stops_every_clock_and_stamps_the_band(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    received = datetime(2025, 4, 17, 10, 0, tzinfo=LONDON)
    ticket = _investigating(
        file_ticket(received_at=received, profile="uk-payments"), agent
    )
    now.set(datetime(2025, 5, 20, 10, 0, tzinfo=LONDON))

    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="upheld"),
    )

    clocks = {clock.kind: clock for clock in TicketClock.objects.filter(ticket=ticket)}
    assert all(clock.stopped_at is not None for clock in clocks.values())
    assert clocks["resolve"].stopped_at == now()
    assert clocks["resolve"].band == "≤ 35 BD"
    # Resolved after the 13 May deadline: the breach is recorded even between checks.
    assert clocks["resolve"].breached_at == now()
    assert clocks["acknowledge"].breached_at is None


def test_reopen_starts_a_new_cycle_and_keeps_the_old_breach(
    file_ticket: FileTicket, now: MovableNow, agent: User, supervisor: User
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    ticket = _investigating(file_ticket(received_at=received, profile="cn"), agent)
    now.set(datetime(2025, 10, 20, 10, 0, tzinfo=SHANGHAI))
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="rejected"),
    )
    now.set(datetime(2025, 10, 24, 19, 0, tzinfo=SHANGHAI))

    workflow.ticket_transition(
        ticket=ticket, to_status="investigating", actor=supervisor
    )

    first, second = TicketClock.objects.filter(ticket=ticket, kind="resolve").order_by(
        "cycle"
    )
    assert first.breached_at is not None
    assert first.band == "≤ 30 d"
    assert (second.cycle, second.stopped_at, second.breached_at) == (2, None, None)
    # Reopened Fri 24 Oct after the cut-off: counts from Mon 27 Oct, + 15 = 11 Nov.
    assert _due(ticket, "resolve") == date(2025, 11, 11)
    assert ClockEvent.objects.get(clock=second, kind="reopen").actor == supervisor
    ticket.refresh_from_db()
    assert ticket.resolve_by == second.due_at


def test_acknowledging_fulfils_the_acknowledge_clock(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    ticket = file_ticket(received_at=received, profile="cn")
    now.set(received + timedelta(minutes=3))

    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)

    clock = TicketClock.objects.get(ticket=ticket, kind="acknowledge")
    assert (clock.stopped_at, clock.stop_reason, clock.breached_at) == (
        now(),
        TicketClock.StopReason.FULFILLED,
        None,
    )
    assert TicketClock.objects.get(ticket=ticket, kind="resolve").stopped_at is None


def test_the_customers_reply_ends_the_hold_and_restarts_the_clock(
    file_ticket: FileTicket, now: MovableNow, agent: User
) -> None:
    received = datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI)
    ticket = _investigating(file_ticket(received_at=received, profile="cn"), agent)
    now.set(datetime(2025, 10, 9, 10, 0, tzinfo=SHANGHAI))
    workflow.ticket_hold(
        ticket=ticket, waiting_on="customer", actor=agent, request="Send the receipt."
    )
    now.set(datetime(2025, 10, 13, 15, 0, tzinfo=SHANGHAI))

    message_add(ticket=ticket, author=ticket.customer, body="Here is my receipt.")

    hold = ticket.holds.get()
    assert (hold.ended_at, hold.ended_by) == (now(), ticket.customer)
    clock = TicketClock.objects.get(ticket=ticket, kind="resolve")
    assert clock.paused_at is None
    assert _due(ticket, "resolve") == date(2025, 10, 15)
