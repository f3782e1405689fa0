"""Admin pages that list ticket data show an agent only the tickets they may see."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from complaints.models import Queue, QueueRoute, Ticket
from complaints.services import refund_decide
from sla.models import TicketClock
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

PAGES = (
    "admin:complaints_notice_changelist",
    "admin:sla_ticketclock_changelist",
    "admin:sla_clockevent_changelist",
    "admin:complaints_refunddecision_changelist",
)


@pytest.fixture
def desk(agent: User, supervisor: User) -> dict[str, list[Ticket]]:
    """Complaints in the agent's queue; refunds in a queue the agent is not in."""
    complaints = Queue.objects.create(
        name="Complaints", slug="complaints", assignment=Queue.Assignment.MANUAL
    )
    refunds = Queue.objects.create(
        name="Refunds", slug="refunds", assignment=Queue.Assignment.MANUAL
    )
    complaints.agents.add(agent)
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, category="", queue=complaints)
    QueueRoute.objects.create(
        kind=Ticket.Kind.MISOPERATION_REFUND, category="", queue=refunds
    )
    # Names no generated customer can share, so finding one on a page is a leak.
    hidden = [
        TicketFactory(
            kind=Ticket.Kind.MISOPERATION_REFUND,
            subject="Secret refund",
            customer=CustomerFactory(
                first_name=f"Hiddenperson{n}", last_name="Refundee"
            ),
        )
        for n in range(2)
    ]
    for ticket in hidden:
        refund_decide(ticket=ticket, actor=supervisor, approved_amount="1.00")
    return {"mine": [TicketFactory(), TicketFactory()], "hidden": hidden}


@pytest.mark.parametrize("page", PAGES)
def test_agent_outside_the_refunds_queue_sees_no_refund_ticket(
    client: Client, agent: User, desk: dict[str, list[Ticket]], page: str
) -> None:
    client.force_login(agent)
    response = client.get(reverse(page))
    assert response.status_code == 200
    html = response.content.decode()
    for ticket in desk["hidden"]:
        assert ticket.reference not in html
        assert ticket.customer.get_full_name() not in html


def test_agent_sees_the_notices_and_clocks_of_their_own_tickets(
    client: Client, agent: User, desk: dict[str, list[Ticket]]
) -> None:
    client.force_login(agent)
    notices = client.get(reverse("admin:complaints_notice_changelist")).content
    clocks = client.get(reverse("admin:sla_ticketclock_changelist")).content
    for ticket in desk["mine"]:
        assert ticket.reference.encode() in notices
        if TicketClock.objects.filter(ticket=ticket).exists():
            assert ticket.reference.encode() in clocks


def test_agent_cannot_open_a_hidden_tickets_clock_by_url(
    client: Client, agent: User, desk: dict[str, list[Ticket]]
) -> None:
    clock = TicketClock.objects.filter(ticket=desk["hidden"][0]).first()
    assert clock is not None  # the default SLA profile times refunds too
    client.force_login(agent)
    response = client.get(reverse("admin:sla_ticketclock_change", args=[clock.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # Each: the user, their permissions and their groups' permissions; then
        # the filtered count and the page (the queue-membership condition is a
        # subquery inside both, not a query of its own).
        ("admin:complaints_notice_changelist", 5),
        # ... and the profile filter's choices.
        ("admin:sla_ticketclock_changelist", 6),
        # ... and the date hierarchy's range and days.
        ("admin:sla_clockevent_changelist", 7),
        # the decisions page shows no count.
        ("admin:complaints_refunddecision_changelist", 5),
    ],
)
def test_scoped_admin_lists_pin_their_queries(
    client: Client,
    agent: User,
    desk: dict[str, list[Ticket]],
    django_assert_num_queries: pytest.FixtureRequest,
    page: str,
    queries: int,
) -> None:
    client.force_login(agent)
    with django_assert_num_queries(queries):
        assert client.get(reverse(page)).status_code == 200
