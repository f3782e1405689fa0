"""config.upserts: counter rows created by their first use and added to by the rest.

Run on SQLite by default and on PostgreSQL with DATABASE_URL set; the concurrent
test needs PostgreSQL's row locks.
"""

from datetime import UTC, datetime

import pytest
from django.db import transaction

from complaints.models import AgentLoad, TicketSequence
from config import upserts
from config.upserts import counter_add, counters_add, counters_hold
from knowledgebase.models import SearchMiss
from tests.concurrency import run_at_once
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def test_the_first_use_creates_the_row_and_later_ones_add_to_it():
    numbers = [
        counter_add(TicketSequence, key={"year": 2031}, counter="last_number")
        for _ in range(3)
    ]

    assert numbers == [1, 2, 3]
    assert TicketSequence.objects.get(year=2031).last_number == 3


def test_each_key_counts_on_its_own_and_a_delta_may_be_negative():
    first, second = AgentFactory(), AgentFactory()

    counter_add(AgentLoad, key={"agent": first.pk}, counter="open_tickets", delta=2)
    counter_add(AgentLoad, key={"agent": second.pk}, counter="open_tickets")
    value = counter_add(
        AgentLoad, key={"agent": first.pk}, counter="open_tickets", delta=-1
    )

    assert value == 1
    assert dict(AgentLoad.objects.values_list("agent_id", "open_tickets")) == {
        first.pk: 1,
        second.pk: 1,
    }


def test_many_rows_are_added_to_and_created_in_chunks(monkeypatch):
    agents = AgentFactory.create_batch(5)
    counter_add(AgentLoad, key={"agent": agents[0].pk}, counter="open_tickets", delta=4)
    monkeypatch.setattr(upserts, "COUNTERS_CHUNK", 2)

    written = counters_add(
        AgentLoad,
        rows=[({"agent": agent.pk}, n - 2) for n, agent in enumerate(agents)],
        counter="open_tickets",
    )

    assert written == 5
    assert dict(AgentLoad.objects.values_list("agent_id", "open_tickets")) == {
        agents[0].pk: 2,
        agents[1].pk: -1,
        agents[2].pk: 0,
        agents[3].pk: 1,
        agents[4].pk: 2,
    }
    assert counters_add(AgentLoad, rows=[], counter="open_tickets") == 0


def test_fields_set_on_creation_stay_and_fields_set_on_every_use_follow():
    for at in (MONDAY, TUESDAY):
        counter_add(
            SearchMiss,
            key={"query": "refund", "language": "en"},
            counter="count",
            on_create={"first_seen_at": at},
            on_every={"last_seen_at": at},
        )

    miss = SearchMiss.objects.get(query="refund", language="en")
    assert (miss.count, miss.first_seen_at, miss.last_seen_at) == (2, MONDAY, TUESDAY)


def test_counters_hold_lets_reads_and_counting_go_on_in_its_transaction():
    with transaction.atomic():
        counters_hold(TicketSequence)
        assert counter_add(TicketSequence, key={"year": 2032}, counter="last_number")
        assert TicketSequence.objects.filter(year=2032).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_are_all_counted_without_a_gap():
    def take() -> int:
        with transaction.atomic():
            return counter_add(
                TicketSequence, key={"year": 2033}, counter="last_number"
            )

    results = run_at_once([take] * 6)

    assert sorted(results) == [1, 2, 3, 4, 5, 6]
    assert TicketSequence.objects.get(year=2033).last_number == 6
