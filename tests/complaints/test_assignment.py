"""Automatic assignment on receipt: least-loaded and round-robin within the queue."""

import pytest

from complaints.models import Queue, QueueRoute, Ticket
from tests.factories import AgentFactory, SupervisorFactory, TicketFactory
from tests.tickets import ticket_resolve

pytestmark = pytest.mark.django_db


def _queue(assignment: str, agents: list) -> Queue:
    queue = Queue.objects.create(
        name=assignment, slug=assignment, assignment=assignment
    )
    queue.agents.set(agents)
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, category="", queue=queue)
    return queue


def test_new_ticket_goes_to_the_least_loaded_active_agent():
    busy, idle, away = AgentFactory.create_batch(3)
    away.is_active = False
    away.save()
    queue = _queue(Queue.Assignment.LEAST_LOADED, [busy, idle, away])
    assert TicketFactory().assignee == busy  # lowest id of equals
    ticket = TicketFactory()
    assert ticket.queue == queue
    assert ticket.assignee == idle
    assert Ticket.objects.get(pk=ticket.pk).assignee == idle


def test_least_loaded_picks_only_from_the_queues_own_agents():
    outsider, member = AgentFactory.create_batch(2)  # the outsider has the lower id
    Queue.objects.create(name="Other", slug="other").agents.set([outsider])
    _queue(Queue.Assignment.LEAST_LOADED, [member])
    assert [TicketFactory().assignee for _ in range(2)] == [member, member]


def test_resolved_tickets_do_not_count_as_load():
    first, second = AgentFactory.create_batch(2)
    _queue(Queue.Assignment.LEAST_LOADED, [first, second])
    old = TicketFactory()
    assert old.assignee == first
    ticket_resolve(old)
    assert TicketFactory().assignee == first


def test_round_robin_takes_turns():
    first, second = AgentFactory.create_batch(2)
    _queue(Queue.Assignment.ROUND_ROBIN, [first, second])
    picks = [TicketFactory().assignee for _ in range(3)]
    assert picks == [first, second, first]


def test_manual_queues_and_supervisors_get_nothing_automatically():
    _queue(Queue.Assignment.MANUAL, [AgentFactory()])
    assert TicketFactory().assignee is None
    Queue.objects.update(assignment=Queue.Assignment.LEAST_LOADED)
    Queue.objects.get().agents.set([SupervisorFactory()])
    assert TicketFactory().assignee is None


def test_unrouted_ticket_stays_unassigned():
    AgentFactory()
    assert TicketFactory().assignee is None
