"""Percentiles: percentile_cont on PostgreSQL, the window-function fallback anywhere."""

from datetime import timedelta

import pytest
from django.db.models import F

from complaints.models import Ticket
from reports.aggregates import PercentileCont, Seconds, percentiles
from tests.factories import AgentFactory, TicketFactory
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db

HOURS = (1, 2, 3, 4, 10)


@pytest.fixture
def tickets() -> list[Ticket]:
    """Five tickets acknowledged 1, 2, 3, 4 and 10 hours after receipt; a sixth not yet."""
    ann, bo = AgentFactory(), AgentFactory()
    made = []
    for index, hours in enumerate(HOURS):
        ticket = TicketFactory()
        Ticket.objects.filter(pk=ticket.pk).update(
            received_at=at(10, 1),
            acknowledged_at=at(10, 1) + timedelta(hours=hours),
            assignee=ann if index < 3 else bo,
        )
        made.append(ticket)
    TicketFactory()
    return made


def _ack() -> Seconds:
    return Seconds(F("acknowledged_at"), F("received_at"))


@pytest.mark.parametrize("fallback", [True, None])
def test_percentiles_interpolate_like_percentile_cont(tickets, fallback):
    found = percentiles(
        Ticket.objects.all(),
        _ack(),
        fractions=(0, 0.5, 0.9, 1),
        using_fallback=fallback,
    )

    # Positions 0..4 over 1, 2, 3, 4, 10 h; 0.9 lies 60 % from 4 h to 10 h.
    assert found[None] == pytest.approx(
        {0: 3600, 0.5: 3 * 3600, 0.9: 7.6 * 3600, 1: 10 * 3600}
    )


@pytest.mark.parametrize("fallback", [True, None])
def test_percentiles_per_group(tickets, fallback):
    found = percentiles(
        Ticket.objects.all(),
        _ack(),
        fractions=(0.5,),
        group=("assignee_id",),
        using_fallback=fallback,
    )

    first, second = (
        Ticket.objects.get(pk=tickets[index].pk).assignee_id for index in (0, 3)
    )
    assert found.keys() == {(first,), (second,)}
    assert found[(first,)] == pytest.approx({0.5: 2 * 3600})
    assert found[(second,)] == pytest.approx({0.5: 7 * 3600})


@pytest.mark.parametrize("fallback", [True, None])
def test_percentiles_of_nothing_is_empty(db, fallback):
    assert percentiles(Ticket.objects.all(), _ack(), using_fallback=fallback) == {}


@pytest.mark.postgres
def test_postgres_percentile_cont_matches_the_fallback(tickets):
    native = percentiles(Ticket.objects.all(), _ack(), using_fallback=False)
    fallback = percentiles(Ticket.objects.all(), _ack(), using_fallback=True)

    assert native[None] == pytest.approx(fallback[None])
    assert native[None] == pytest.approx({0.5: 3 * 3600, 0.9: 7.6 * 3600})


def test_percentile_cont_refuses_a_fraction_outside_zero_to_one():
    with pytest.raises(ValueError, match="between 0 and 1"):
        PercentileCont("pk", fraction=1.5)
