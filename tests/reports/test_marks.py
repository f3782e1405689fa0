"""Rollup marks: each write of a ticket's figures marks it, a move once."""

import pytest

from complaints.errors import InvalidTransition
from complaints.models import Ticket
from complaints.signals import tickets_written_together
from complaints.workflow import Resolution, ticket_transition
from reports.models import RollupPending
from sla.models import TicketClock
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

Status = Ticket.Status


def _marks(ticket: Ticket) -> int:
    return RollupPending.objects.filter(ticket_id=ticket.pk).count()


def _moved(ticket: Ticket, to_status: str, actor, **kwargs) -> int:
    """How many marks the move added for the ticket."""
    before = _marks(ticket)
    ticket_transition(ticket=ticket, to_status=to_status, actor=actor, **kwargs)
    return _marks(ticket) - before


def test_filing_marks_the_ticket() -> None:
    assert _marks(TicketFactory()) == 1


def test_each_move_marks_its_ticket_once_though_it_writes_ticket_and_clocks(
    supervisor,
) -> None:
    ticket = TicketFactory()
    resolution = Resolution(outcome=Ticket.Outcome.REJECTED, summary="Paid as asked")
    # Acknowledging fulfils a clock and resolving stops them: two rows each
    # that the figures read, one mark.
    assert _moved(ticket, Status.ACKNOWLEDGED, supervisor) == 1
    assert _moved(ticket, Status.INVESTIGATING, supervisor) == 1
    assert _moved(ticket, Status.RESOLVED, supervisor, resolution=resolution) == 1
    assert TicketClock.objects.filter(ticket=ticket, stopped_at__isnull=False).exists()


def test_a_refused_move_marks_nothing_and_later_saves_still_mark(supervisor) -> None:
    ticket = TicketFactory()
    before = _marks(ticket)
    with pytest.raises(InvalidTransition):
        ticket_transition(ticket=ticket, to_status=Status.RESOLVED, actor=supervisor)
    assert _marks(ticket) == before
    # The block left no gathering behind: a clock saved on its own marks at once.
    clock = TicketClock.objects.filter(ticket=ticket).first()
    clock.save()
    assert _marks(ticket) == before + 1


def test_a_block_marks_each_ticket_once_at_its_end_and_nested_blocks_with_it() -> None:
    first, second = TicketFactory(), TicketFactory()
    before = {ticket.pk: _marks(ticket) for ticket in (first, second)}
    with tickets_written_together():
        first.save()
        with tickets_written_together():
            second.save()
            first.save()
            for clock in TicketClock.objects.filter(ticket=second):
                clock.save()
        # Nothing is marked until the outermost block ends.
        assert {t.pk: _marks(t) for t in (first, second)} == before
    assert {t.pk: _marks(t) - before[t.pk] for t in (first, second)} == {
        first.pk: 1,
        second.pk: 1,
    }


def test_a_block_left_by_an_exception_marks_nothing() -> None:
    ticket = TicketFactory()
    before = _marks(ticket)

    def save_then_fail() -> None:
        with tickets_written_together():
            ticket.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert _marks(ticket) == before
