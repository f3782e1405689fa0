"""Moving a test's ticket through the workflow, as staff would."""

from accounts.models import User
from complaints.models import Ticket
from complaints.workflow import Resolution, ticket_transition
from tests.factories import SupervisorFactory


def ticket_resolve(
    ticket: Ticket, actor: User | None = None, **resolution: object
) -> Ticket:
    """Acknowledge, investigate and resolve a received ticket; return it fresh.

    Goes through complaints.workflow, so everything a resolution changes (status
    history, clocks, counts, notices) follows. The actor defaults to a new
    supervisor; the resolution to upheld, overridden by any Resolution field.
    """
    actor = actor or SupervisorFactory()
    for status in (Ticket.Status.ACKNOWLEDGED, Ticket.Status.INVESTIGATING):
        ticket_transition(ticket=ticket, to_status=status, actor=actor)
    ticket_transition(
        ticket=ticket,
        to_status=Ticket.Status.RESOLVED,
        actor=actor,
        resolution=Resolution(**{"outcome": Ticket.Outcome.UPHELD, **resolution}),
    )
    ticket.refresh_from_db()
    return ticket
