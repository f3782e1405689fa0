"""The status machine: every edge, every guard, holds, and concurrent moves."""

import itertools
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from complaints import workflow
from complaints.errors import InvalidTransition, WorkflowError
from complaints.models import Notice, StatusChange, Ticket, TicketHold
from complaints.services import message_add, ticket_rate
from complaints.workflow import MOVERS, NOTICE_FOR, TRANSITIONS, Resolution
from tests.concurrency import run_at_once
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    SupervisorFactory,
    TicketFactory,
)

pytestmark = pytest.mark.django_db

# What a hold on the customer asks of them (workflow.ticket_hold needs it).
ASK = "Please send the bank receipt."

Status = Ticket.Status
UPHELD = Resolution(outcome=Ticket.Outcome.UPHELD)
ALLOWED = sorted(
    (current, target) for current, targets in TRANSITIONS.items() for target in targets
)
FORBIDDEN = sorted(
    (current, target)
    for current, target in itertools.product(Status, Status)
    if target not in TRANSITIONS[current]
)
ROLES: tuple[str | None, ...] = (None, *User.Role.values)


def _advance(ticket: Ticket, to_status: Status) -> Ticket:
    """Walk a filed ticket along the main path from where it is up to to_status."""
    staff = SupervisorFactory()
    path = [Status.RECEIVED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.RESOLVED]
    ticket.refresh_from_db()
    start = path.index(Status(ticket.status)) + 1
    for step in path[start : path.index(to_status) + 1]:
        workflow.ticket_transition(
            ticket=ticket,
            to_status=step,
            actor=staff,
            resolution=UPHELD if step == Status.RESOLVED else None,
        )
    ticket.refresh_from_db()
    return ticket


def _ticket_at(status: Status, customer: User | None = None) -> Ticket:
    ticket = TicketFactory(**({"customer": customer} if customer else {}))
    return _advance(ticket, status)


def _actor_for(role: str | None, ticket: Ticket) -> User | None:
    return {
        None: lambda: None,
        User.Role.CUSTOMER: lambda: ticket.customer,
        User.Role.AGENT: AgentFactory,
        User.Role.SUPERVISOR: SupervisorFactory,
        User.Role.MANAGER: ManagerFactory,
    }[role]()


def _state(ticket: Ticket) -> tuple:
    """Everything a refused move must leave as it was."""
    fresh = Ticket.objects.get(pk=ticket.pk)
    return (
        fresh.status,
        fresh.acknowledged_at,
        fresh.resolved_at,
        fresh.outcome,
        fresh.outcome_amount,
        fresh.rating,
        fresh.updated_at,
        StatusChange.objects.filter(ticket=ticket).count(),
        Notice.objects.filter(ticket=ticket).count(),
        TicketHold.objects.filter(ticket=ticket, ended_at__isnull=True).count(),
    )


def test_transitions_cover_every_status() -> None:
    assert set(TRANSITIONS) == set(Status)
    assert set(NOTICE_FOR) == set(Status)
    assert all(targets <= set(Status) for targets in TRANSITIONS.values())


def test_movers_name_exactly_the_allowed_edges() -> None:
    assert set(MOVERS) == set(ALLOWED)
    assert all(movers <= {None, *User.Role.values} for movers in MOVERS.values())


def test_transitions_hold_the_documented_path_and_reopen() -> None:
    assert (
        sorted(
            [
                (Status.RECEIVED, Status.ACKNOWLEDGED),
                (Status.ACKNOWLEDGED, Status.INVESTIGATING),
                (Status.INVESTIGATING, Status.RESOLVED),
                (Status.RESOLVED, Status.INVESTIGATING),
            ]
        )
        == ALLOWED
    )


@pytest.mark.parametrize(
    ("current", "target", "role"),
    [
        (current, target, role)
        for (current, target) in ALLOWED
        for role in sorted(MOVERS[(current, target)], key=str)
    ],
)
def test_allowed_edge_moves_records_and_notifies(
    current: Status, target: Status, role: str | None
) -> None:
    ticket = _ticket_at(current)
    actor = _actor_for(role, ticket)
    notices_before = Notice.objects.filter(ticket=ticket).count()

    change = workflow.ticket_transition(
        ticket=ticket,
        to_status=target,
        actor=actor,
        note="moved in a test",
        resolution=UPHELD if target == Status.RESOLVED else None,
    )

    ticket.refresh_from_db()
    assert ticket.status == target
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        current,
        target,
        actor,
        "moved in a test",
    )
    assert StatusChange.objects.filter(ticket=ticket).last() == change
    queued = Notice.objects.filter(ticket=ticket).order_by("pk")[notices_before:]
    assert [notice.kind for notice in queued] == list(NOTICE_FOR[target])
    assert all(notice.status_change == change for notice in queued)


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_forbidden_edge_is_refused_and_changes_nothing(
    current: Status, target: Status
) -> None:
    ticket = _ticket_at(current)
    before = _state(ticket)

    with pytest.raises(InvalidTransition) as refused:
        workflow.ticket_transition(
            ticket=ticket,
            to_status=target,
            actor=SupervisorFactory(),
            resolution=UPHELD,
        )

    assert _state(ticket) == before
    assert str(Status(current).label) in refused.value.message
    assert str(Status(target).label) in refused.value.message


@pytest.mark.parametrize(
    ("current", "target", "role"),
    [
        (current, target, role)
        for (current, target), movers in MOVERS.items()
        for role in ROLES
        if role not in movers
    ],
)
def test_role_without_right_to_move_is_refused(
    current: Status, target: Status, role: str | None
) -> None:
    ticket = _ticket_at(current)
    actor = _actor_for(role, ticket)
    before = _state(ticket)

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=ticket, to_status=target, actor=actor, resolution=UPHELD
        )

    assert _state(ticket) == before


@pytest.mark.parametrize("role", [User.Role.MANAGER, User.Role.CUSTOMER])
def test_manager_and_customer_cannot_investigate_or_resolve(role: str) -> None:
    acknowledged = _ticket_at(Status.ACKNOWLEDGED)
    investigating = _ticket_at(Status.INVESTIGATING)

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=acknowledged,
            to_status=Status.INVESTIGATING,
            actor=_actor_for(role, acknowledged),
        )
    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=investigating,
            to_status=Status.RESOLVED,
            actor=_actor_for(role, investigating),
            resolution=UPHELD,
        )


def test_other_customer_cannot_reopen_someone_elses_ticket() -> None:
    ticket = _ticket_at(Status.RESOLVED)
    before = _state(ticket)

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=ticket, to_status=Status.INVESTIGATING, actor=CustomerFactory()
        )

    assert _state(ticket) == before


def test_deactivated_agent_cannot_move_tickets() -> None:
    ticket = _ticket_at(Status.ACKNOWLEDGED)
    agent = AgentFactory()
    User.objects.filter(pk=agent.pk).update(is_active=False)
    agent.refresh_from_db()

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=ticket, to_status=Status.INVESTIGATING, actor=agent
        )


def test_unknown_target_status_is_refused(agent: User) -> None:
    ticket = TicketFactory()
    before = _state(ticket)

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(ticket=ticket, to_status="closed", actor=agent)

    assert _state(ticket) == before


def test_system_acknowledgement_moves_received_ticket_once() -> None:
    ticket = TicketFactory()

    change = workflow.ticket_acknowledge_by_system(ticket_id=ticket.pk)
    again = workflow.ticket_acknowledge_by_system(ticket_id=ticket.pk)

    ticket.refresh_from_db()
    assert ticket.status == Status.ACKNOWLEDGED
    assert ticket.acknowledged_at is not None
    assert change is not None
    assert change.actor is None
    assert again is None
    assert (
        StatusChange.objects.filter(
            ticket=ticket, to_status=Status.ACKNOWLEDGED
        ).count()
        == 1
    )


def test_system_acknowledgement_is_noop_after_agent_acknowledged(agent: User) -> None:
    ticket = TicketFactory()
    workflow.ticket_transition(
        ticket=ticket, to_status=Status.ACKNOWLEDGED, actor=agent
    )

    assert workflow.ticket_acknowledge_by_system(ticket_id=ticket.pk) is None
    assert (
        StatusChange.objects.get(ticket=ticket, to_status="acknowledged").actor == agent
    )


def test_system_cannot_investigate(agent: User) -> None:
    ticket = _ticket_at(Status.ACKNOWLEDGED)

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=ticket, to_status=Status.INVESTIGATING, actor=None
        )


@pytest.mark.parametrize(
    "resolution",
    [
        None,
        Resolution(outcome=""),
        Resolution(outcome="won"),
        Resolution(outcome=Ticket.Outcome.UPHELD, amount=Decimal("-1"), currency="CNY"),
        Resolution(outcome=Ticket.Outcome.UPHELD, amount=Decimal("10")),
        Resolution(
            outcome=Ticket.Outcome.UPHELD, amount=Decimal("1e20"), currency="CNY"
        ),
        Resolution(
            outcome=Ticket.Outcome.UPHELD, amount=Decimal("1.123456789"), currency="CNY"
        ),
        Resolution(outcome=Ticket.Outcome.UPHELD, root_cause="bad luck"),
    ],
    ids=[
        "none",
        "no-outcome",
        "unknown-outcome",
        "negative",
        "amount-without-currency",
        "too-large",
        "too-precise",
        "unknown-root-cause",
    ],
)
def test_resolve_without_valid_resolution_is_refused(
    agent: User, resolution: Resolution | None
) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    before = _state(ticket)

    with pytest.raises(WorkflowError) as refused:
        workflow.ticket_transition(
            ticket=ticket, to_status=Status.RESOLVED, actor=agent, resolution=resolution
        )

    assert refused.value.message
    assert _state(ticket) == before


def test_resolve_stores_outcome_and_queues_resolution_then_satisfaction(
    agent: User,
) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)

    change = workflow.ticket_transition(
        ticket=ticket,
        to_status=Status.RESOLVED,
        actor=agent,
        resolution=Resolution(
            outcome=Ticket.Outcome.PARTIALLY_UPHELD,
            amount=Decimal("35.50"),
            currency="cny",
            summary="  Fee refunded.  ",
            root_cause=Ticket.RootCause.FEES_FX,
        ),
    )

    fresh = Ticket.objects.get(pk=ticket.pk)
    assert fresh.status == Status.RESOLVED
    assert fresh.outcome == Ticket.Outcome.PARTIALLY_UPHELD
    assert fresh.outcome_amount == Decimal("35.50")
    assert fresh.outcome_currency == "CNY"
    assert fresh.resolution_summary == "Fee refunded."
    assert fresh.root_cause == Ticket.RootCause.FEES_FX
    assert fresh.resolved_at is not None
    assert ticket.status == Status.RESOLVED  # the caller's instance is refreshed
    assert list(
        Notice.objects.filter(status_change=change)
        .order_by("pk")
        .values_list("kind", flat=True)
    ) == [Notice.Kind.RESOLUTION, Notice.Kind.SATISFACTION_REQUEST]


def test_resolve_without_amount_stores_no_currency(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)

    workflow.ticket_transition(
        ticket=ticket,
        to_status=Status.RESOLVED,
        actor=agent,
        resolution=Resolution(outcome=Ticket.Outcome.REJECTED, currency="CNY"),
    )

    ticket.refresh_from_db()
    assert (ticket.outcome, ticket.outcome_amount, ticket.outcome_currency) == (
        Ticket.Outcome.REJECTED,
        None,
        "",
    )


def test_acknowledge_stamps_acknowledged_at(agent: User) -> None:
    ticket = TicketFactory()

    workflow.ticket_transition(
        ticket=ticket, to_status=Status.ACKNOWLEDGED, actor=agent
    )

    ticket.refresh_from_db()
    assert ticket.acknowledged_at is not None
    assert ticket.resolved_at is None


def _resolved_days_ago(days: int) -> Ticket:
    ticket = _ticket_at(Status.RESOLVED)
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - timedelta(days=days)
    )
    ticket.refresh_from_db()
    return ticket


def test_customer_reopens_within_thirty_days() -> None:
    ticket = _resolved_days_ago(29)

    change = workflow.ticket_transition(
        ticket=ticket, to_status=Status.INVESTIGATING, actor=ticket.customer
    )

    ticket.refresh_from_db()
    assert ticket.status == Status.INVESTIGATING
    assert change.actor == ticket.customer
    assert Notice.objects.filter(
        status_change=change, kind=Notice.Kind.PROGRESS
    ).exists()


def test_customer_cannot_reopen_after_thirty_days() -> None:
    ticket = _resolved_days_ago(31)
    before = _state(ticket)

    with pytest.raises(WorkflowError) as refused:
        workflow.ticket_transition(
            ticket=ticket, to_status=Status.INVESTIGATING, actor=ticket.customer
        )

    assert "30" in refused.value.message
    assert _state(ticket) == before


def test_customer_reopen_window_follows_setting(
    settings: pytest.FixtureRequest,
) -> None:
    settings.WALLETDESK_REOPEN_WINDOW_DAYS = 7
    ticket = _resolved_days_ago(8)

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=ticket, to_status=Status.INVESTIGATING, actor=ticket.customer
        )


def test_supervisor_may_reopen_after_the_customer_window(supervisor: User) -> None:
    ticket = _resolved_days_ago(90)

    workflow.ticket_transition(
        ticket=ticket, to_status=Status.INVESTIGATING, actor=supervisor
    )

    ticket.refresh_from_db()
    assert ticket.status == Status.INVESTIGATING


def test_reopen_clears_outcome_and_rating() -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    workflow.ticket_transition(
        ticket=ticket,
        to_status=Status.RESOLVED,
        actor=SupervisorFactory(),
        resolution=Resolution(
            outcome=Ticket.Outcome.UPHELD, amount=Decimal("5"), currency="CNY"
        ),
    )
    ticket_rate(ticket=ticket, customer=ticket.customer, rating=2, comment="slow")

    workflow.ticket_transition(
        ticket=ticket, to_status=Status.INVESTIGATING, actor=ticket.customer
    )

    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (
        fresh.outcome,
        fresh.outcome_amount,
        fresh.outcome_currency,
        fresh.resolved_at,
        fresh.rating,
        fresh.rating_comment,
        fresh.rated_at,
    ) == ("", None, "", None, None, "", None)


def test_reopened_ticket_can_be_resolved_and_rated_again() -> None:
    ticket = _ticket_at(Status.RESOLVED)
    ticket_rate(ticket=ticket, customer=ticket.customer, rating=1)
    workflow.ticket_transition(
        ticket=ticket, to_status=Status.INVESTIGATING, actor=ticket.customer
    )
    workflow.ticket_transition(
        ticket=ticket,
        to_status=Status.RESOLVED,
        actor=AgentFactory(),
        resolution=UPHELD,
    )

    ticket_rate(ticket=ticket, customer=ticket.customer, rating=5)

    ticket.refresh_from_db()
    assert ticket.rating == 5


# Holds


def test_hold_only_while_investigating(agent: User) -> None:
    for status in (Status.RECEIVED, Status.ACKNOWLEDGED, Status.RESOLVED):
        ticket = _ticket_at(status)
        with pytest.raises(WorkflowError):
            workflow.ticket_hold(
                ticket=ticket,
                waiting_on=TicketHold.WaitingOn.CUSTOMER,
                actor=agent,
                request=ASK,
            )
    assert not TicketHold.objects.exists()


def test_hold_keeps_status_investigating_for_the_customer(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)

    hold = workflow.ticket_hold(
        ticket=ticket,
        waiting_on=TicketHold.WaitingOn.THIRD_PARTY,
        actor=agent,
        note="asked the bank",
    )

    ticket.refresh_from_db()
    assert ticket.status == Status.INVESTIGATING
    assert ticket.customer_status_label == Status.INVESTIGATING.label
    assert (hold.started_by, hold.ended_at, hold.note) == (
        agent,
        None,
        "asked the bank",
    )


def test_only_one_hold_at_a_time(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    workflow.ticket_hold(
        ticket=ticket,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
        actor=agent,
        request=ASK,
    )

    with pytest.raises(WorkflowError):
        workflow.ticket_hold(
            ticket=ticket, waiting_on=TicketHold.WaitingOn.THIRD_PARTY, actor=agent
        )

    assert TicketHold.objects.filter(ticket=ticket).count() == 1


def test_new_hold_after_release(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    workflow.ticket_hold(
        ticket=ticket,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
        actor=agent,
        request=ASK,
    )

    released = workflow.ticket_release(ticket=ticket, actor=agent)
    workflow.ticket_hold(
        ticket=ticket, waiting_on=TicketHold.WaitingOn.THIRD_PARTY, actor=agent
    )

    assert released.ended_at is not None
    assert released.ended_by == agent
    assert TicketHold.objects.filter(ticket=ticket).count() == 2


def test_release_without_hold_is_refused(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)

    with pytest.raises(WorkflowError):
        workflow.ticket_release(ticket=ticket, actor=agent)


@pytest.mark.parametrize("role", [User.Role.CUSTOMER, User.Role.MANAGER])
def test_customer_and_manager_cannot_hold_or_release(role: str, agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    actor = _actor_for(role, ticket)

    with pytest.raises(WorkflowError):
        workflow.ticket_hold(
            ticket=ticket,
            waiting_on=TicketHold.WaitingOn.CUSTOMER,
            actor=actor,
            request=ASK,
        )
    workflow.ticket_hold(
        ticket=ticket,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
        actor=agent,
        request=ASK,
    )
    with pytest.raises(WorkflowError):
        workflow.ticket_release(ticket=ticket, actor=actor)
    assert TicketHold.objects.get(ticket=ticket).ended_at is None


def test_hold_with_unknown_waiting_on_is_refused(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)

    with pytest.raises(WorkflowError):
        workflow.ticket_hold(ticket=ticket, waiting_on="the moon", actor=agent)


def test_customer_reply_ends_a_hold_on_the_customer(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    workflow.ticket_hold(
        ticket=ticket,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
        actor=agent,
        request=ASK,
    )

    message_add(ticket=ticket, author=ticket.customer, body="Here is the receipt.")

    hold = TicketHold.objects.get(ticket=ticket)
    assert hold.ended_at is not None
    assert hold.ended_by == ticket.customer


def test_customer_reply_keeps_a_hold_on_a_third_party(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    workflow.ticket_hold(
        ticket=ticket, waiting_on=TicketHold.WaitingOn.THIRD_PARTY, actor=agent
    )

    message_add(ticket=ticket, author=ticket.customer, body="Any news?")

    assert TicketHold.objects.get(ticket=ticket).ended_at is None


def test_resolve_ends_the_open_hold(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    workflow.ticket_hold(
        ticket=ticket, waiting_on=TicketHold.WaitingOn.THIRD_PARTY, actor=agent
    )

    workflow.ticket_transition(
        ticket=ticket, to_status=Status.RESOLVED, actor=agent, resolution=UPHELD
    )

    hold = TicketHold.objects.get(ticket=ticket)
    assert hold.ended_at == Ticket.objects.get(pk=ticket.pk).resolved_at
    assert hold.ended_by == agent


def test_refused_resolve_keeps_the_hold(agent: User) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    workflow.ticket_hold(
        ticket=ticket, waiting_on=TicketHold.WaitingOn.THIRD_PARTY, actor=agent
    )

    with pytest.raises(WorkflowError):
        workflow.ticket_transition(
            ticket=ticket, to_status=Status.RESOLVED, actor=agent
        )

    assert TicketHold.objects.get(ticket=ticket).ended_at is None


# allowed_next


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (Status.RECEIVED, User.Role.AGENT, [Status.ACKNOWLEDGED]),
        (Status.RECEIVED, User.Role.SUPERVISOR, [Status.ACKNOWLEDGED]),
        (Status.RECEIVED, User.Role.CUSTOMER, []),
        (Status.RECEIVED, User.Role.MANAGER, []),
        (Status.RECEIVED, None, [Status.ACKNOWLEDGED]),
        (Status.ACKNOWLEDGED, User.Role.AGENT, [Status.INVESTIGATING]),
        (Status.ACKNOWLEDGED, User.Role.CUSTOMER, []),
        (Status.ACKNOWLEDGED, User.Role.MANAGER, []),
        (Status.INVESTIGATING, User.Role.AGENT, [Status.RESOLVED]),
        (Status.INVESTIGATING, User.Role.SUPERVISOR, [Status.RESOLVED]),
        (Status.INVESTIGATING, User.Role.CUSTOMER, []),
        (Status.INVESTIGATING, User.Role.MANAGER, []),
        (Status.RESOLVED, User.Role.CUSTOMER, [Status.INVESTIGATING]),
        (Status.RESOLVED, User.Role.SUPERVISOR, [Status.INVESTIGATING]),
        (Status.RESOLVED, User.Role.AGENT, []),
        (Status.RESOLVED, User.Role.MANAGER, []),
    ],
)
def test_allowed_next_per_role(
    status: Status, role: str | None, expected: list[Status]
) -> None:
    ticket = _ticket_at(status)

    assert workflow.allowed_next(ticket, _actor_for(role, ticket)) == expected


def test_allowed_next_offers_no_late_reopen_to_the_customer() -> None:
    ticket = _resolved_days_ago(31)

    assert workflow.allowed_next(ticket, ticket.customer) == []


def test_allowed_next_offers_nothing_to_another_customer() -> None:
    ticket = _ticket_at(Status.RESOLVED)

    assert workflow.allowed_next(ticket, CustomerFactory()) == []


def test_allowed_next_offers_nothing_to_anonymous_visitors() -> None:
    from django.contrib.auth.models import AnonymousUser

    ticket = _ticket_at(Status.RESOLVED)

    assert workflow.allowed_next(ticket, AnonymousUser()) == []


# Concurrency (row locks; SQLite has none)


def _race(
    attempts: list[Callable[[], object]], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Run the attempts at the same moment, each in its own thread and connection.

    The winner's transaction is slowed down after its check, so a loser that did not
    wait on the row lock would pass the check too.
    """
    queue_notice = workflow.notices.notice_queue

    def slow_notice_queue(**kwargs: object) -> Notice:
        time.sleep(0.3)
        return queue_notice(**kwargs)

    monkeypatch.setattr(workflow.notices, "notice_queue", slow_notice_queue)
    outcomes = [
        "refused"
        if isinstance(result, InvalidTransition)
        else repr(result)
        if isinstance(result, BaseException)
        else "moved"
        for result in run_at_once(attempts)
    ]
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_start_of_investigation_moves_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticket = _ticket_at(Status.ACKNOWLEDGED)
    agents = [AgentFactory(), SupervisorFactory()]

    def start(actor: User) -> Callable[[], object]:
        return lambda: workflow.ticket_transition(
            ticket=Ticket.objects.get(pk=ticket.pk),
            to_status=Status.INVESTIGATING,
            actor=actor,
        )

    outcomes = _race([start(actor) for actor in agents], monkeypatch)

    assert outcomes == ["moved", "refused"]
    assert (
        StatusChange.objects.filter(
            ticket=ticket, to_status=Status.INVESTIGATING
        ).count()
        == 1
    )
    assert Notice.objects.filter(ticket=ticket, kind=Notice.Kind.PROGRESS).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_resolve_moves_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ticket = _ticket_at(Status.INVESTIGATING)
    outcomes_by_agent = {
        AgentFactory(): Ticket.Outcome.UPHELD,
        SupervisorFactory(): Ticket.Outcome.REJECTED,
    }

    def resolve(actor: User, outcome: str) -> Callable[[], object]:
        return lambda: workflow.ticket_transition(
            ticket=Ticket.objects.get(pk=ticket.pk),
            to_status=Status.RESOLVED,
            actor=actor,
            resolution=Resolution(outcome=outcome),
        )

    outcomes = _race(
        [resolve(actor, outcome) for actor, outcome in outcomes_by_agent.items()],
        monkeypatch,
    )

    assert outcomes == ["moved", "refused"]
    winner = StatusChange.objects.get(ticket=ticket, to_status=Status.RESOLVED)
    assert Ticket.objects.get(pk=ticket.pk).outcome == outcomes_by_agent[winner.actor]
    assert (
        Notice.objects.filter(ticket=ticket, kind=Notice.Kind.RESOLUTION).count() == 1
    )
