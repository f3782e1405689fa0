"""Agents' open-ticket counts: kept by filing, reassignment, resolution and reopen."""

import logging

import pytest

from complaints.models import AgentLoad, Queue, QueueRoute, Ticket
from complaints.services import ticket_assign
from complaints.services.loads import agent_loads_recount
from complaints.workflow import Resolution, ticket_transition
from demo.volume_seed import volume_seed
from tests.concurrency import run_at_once
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    SupervisorFactory,
    TicketFactory,
)

pytestmark = pytest.mark.django_db


def _least_loaded_queue(agents: list) -> Queue:
    queue = Queue.objects.create(
        name="Complaints", slug="complaints", assignment=Queue.Assignment.LEAST_LOADED
    )
    queue.agents.set(agents)
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, category="", queue=queue)
    return queue


def _counts(*agents) -> list[int]:
    stored = dict(AgentLoad.objects.values_list("agent_id", "open_tickets"))
    return [stored.get(agent.pk, 0) for agent in agents]


def _open_counts(*agents) -> list[int]:
    return [Ticket.objects.open().filter(assignee=agent).count() for agent in agents]


def _move(ticket: Ticket, status: str, actor, **extra) -> None:
    ticket_transition(ticket=ticket, to_status=status, actor=actor, **extra)


def test_counts_follow_filing_reassignment_resolution_and_reopen():
    first, second = AgentFactory.create_batch(2)
    supervisor = SupervisorFactory()
    _least_loaded_queue([first, second])
    one, two, three = TicketFactory.create_batch(3)
    assert [one.assignee, two.assignee, three.assignee] == [first, second, first]
    assert _counts(first, second) == [2, 1]

    ticket_assign(ticket=one, assignee=second, actor=supervisor)
    assert _counts(first, second) == [1, 2]

    for status in ("acknowledged", "investigating"):
        _move(two, status, supervisor)
    _move(two, "resolved", supervisor, resolution=Resolution(outcome="upheld"))
    assert _counts(first, second) == [1, 1]

    # A resolved ticket changing hands moves no load; its reopen counts for the
    # assignee it has then.
    ticket_assign(ticket=two, assignee=first, actor=supervisor)
    assert _counts(first, second) == [1, 1]
    _move(two, "investigating", two.customer)
    assert _counts(first, second) == [2, 1]

    ticket_assign(ticket=three, assignee=None, actor=supervisor)
    assert _counts(first, second) == [1, 1]
    assert _counts(first, second) == _open_counts(first, second)
    assert agent_loads_recount() == 0


def test_the_pick_follows_the_counts_not_a_recount():
    first, second = AgentFactory.create_batch(2)
    _least_loaded_queue([first, second])
    AgentLoad.objects.create(agent=first, open_tickets=3)

    assert TicketFactory().assignee == second


def test_recount_corrects_drift_and_says_so(caplog):
    first, second = AgentFactory.create_batch(2)
    _least_loaded_queue([first, second])
    TicketFactory.create_batch(3)
    AgentLoad.objects.filter(agent=first).update(open_tickets=40)
    AgentLoad.objects.filter(agent=second).delete()

    with caplog.at_level(logging.WARNING, logger="complaints.services.loads"):
        assert agent_loads_recount() == 2

    assert _counts(first, second) == [2, 1]
    # Agent one held 40 where 2 tickets are open.
    assert "2 open tickets counted, 40 held" in caplog.text
    assert agent_loads_recount() == 0


def test_seeded_volume_arrives_counted():
    volume_seed(tickets=60, transactions=60, seed=7, analyze=False)

    assert AgentLoad.objects.exists()
    assert agent_loads_recount() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_and_resolutions_keep_exact_counts():
    agents = AgentFactory.create_batch(2)
    supervisor = SupervisorFactory()
    _least_loaded_queue(agents)
    customers = CustomerFactory.create_batch(6)
    earlier = [TicketFactory(customer=customer) for customer in customers[:3]]
    for ticket in earlier:
        ticket.refresh_from_db()  # delivering the acknowledgement may have moved it
        if ticket.status == Ticket.Status.RECEIVED:
            _move(ticket, "acknowledged", supervisor)
        _move(ticket, "investigating", supervisor)

    def file(customer) -> None:
        TicketFactory(customer=customer)

    def resolve(ticket) -> None:
        _move(ticket, "resolved", supervisor, resolution=Resolution(outcome="upheld"))

    results = run_at_once(
        [lambda c=c: file(c) for c in customers[3:]]
        + [lambda t=t: resolve(t) for t in earlier]
    )

    errors = [result for result in results if isinstance(result, BaseException)]
    assert errors == []
    assert Ticket.objects.open().count() == 3
    assert _counts(*agents) == _open_counts(*agents)
    assert sum(_counts(*agents)) == 3
