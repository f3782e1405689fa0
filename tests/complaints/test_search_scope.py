"""A search finds what the agent may see, wherever the ticket has moved since filing.

On PostgreSQL a search entry carries the ticket's queue and assignee, and the
search narrows by them in its index (migration 0026); these tests fail if a move
or an assignment does not reach the entry. The windows test checks that a search
reading the newest entries first still finds the newest matches of all.
"""

import pytest
from django.urls import reverse

import complaints.search
from complaints.models import Queue, QueueRoute, Ticket
from complaints.search import ticket_search
from complaints.services import ticket_assign, ticket_triage_update
from tests.api.conftest import client_for
from tests.factories import AgentFactory, CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

WORD = "Quokkamarble"


def _finds(user: object, ticket: Ticket, query: str = WORD) -> bool:
    # Read through the tickets (a filtered list) and from the entries alone (the
    # whole scope): both must find the same.
    found = [
        ticket_search(
            Ticket.objects.visible_to(user), query=query, user=user, narrowed=narrowed
        )
        .filter(pk=ticket.pk)
        .exists()
        for narrowed in (True, False)
    ]
    assert found[0] == found[1]
    return found[0]


def test_moves_and_assignments_carry_the_ticket_into_the_agents_search(supervisor):
    manual = Queue.Assignment.MANUAL
    first = Queue.objects.create(slug="first", name="First", assignment=manual)
    second = Queue.objects.create(slug="second", name="Second", assignment=manual)
    in_first, in_second, in_none = AgentFactory(), AgentFactory(), AgentFactory()
    first.agents.add(in_first)
    second.agents.add(in_second)
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=first)
    ticket = TicketFactory(description=f"{WORD} payment failed twice.")
    assert ticket.queue == first
    assert _finds(in_first, ticket)
    assert not _finds(in_second, ticket)

    ticket_triage_update(ticket=ticket, actor=supervisor, queue=second)
    assert _finds(in_second, ticket)
    assert not _finds(in_first, ticket)

    # Assigned to an agent of no queue: theirs, through the assignment alone.
    assert not _finds(in_none, ticket)
    ticket_assign(ticket=ticket, assignee=in_none, actor=supervisor)
    assert _finds(in_none, ticket)
    ticket_assign(ticket=ticket, assignee=None, actor=supervisor)
    assert not _finds(in_none, ticket)

    # Out of every queue: the triage pool every agent sees.
    ticket_triage_update(ticket=ticket, actor=supervisor, queue=None)
    assert all(_finds(agent, ticket) for agent in (in_first, in_second, in_none))
    assert _finds(supervisor, ticket)


@pytest.mark.postgres
def test_windows_find_the_newest_matches_however_old(supervisor, monkeypatch):
    # Windows of the newest 2 and 4 entries, 3 candidates: the search has to
    # widen its window to find matches older than the newest entries.
    monkeypatch.setattr(complaints.search, "WINDOWS", (2, 4))
    monkeypatch.setattr(complaints.search, "CANDIDATES", 3)
    tickets = [
        TicketFactory(
            description=f"{WORD} lost." if number in {0, 2, 3, 5} else "Other text."
        )
        for number in range(9)
    ]
    oldest = TicketFactory(
        description="Wombatstone, once.",
        customer=CustomerFactory(phone="+8613900009917"),
    )
    tickets.extend(TicketFactory(description="Other text.") for _ in range(6))
    found = ticket_search(
        Ticket.objects.visible_to(supervisor), query=WORD, user=supervisor
    )
    newest_three = {tickets[5].pk, tickets[3].pk, tickets[2].pk}
    assert set(found.values_list("pk", flat=True)) == newest_three

    # The newest window holds enough matches: the newest of them, none older.
    common = ticket_search(
        Ticket.objects.visible_to(supervisor), query="Other", user=supervisor
    )
    assert set(common.values_list("pk", flat=True)) == {
        ticket.pk for ticket in tickets[-3:]
    }

    # One old ticket matches: every window is read, then the whole index.
    only_old = ticket_search(
        Ticket.objects.visible_to(supervisor), query="Wombatstone", user=supervisor
    )
    assert list(only_old.values_list("pk", flat=True)) == [oldest.pk]
    # So is part of an old ticket's identifier (its customer's phone number).
    by_phone = ticket_search(
        Ticket.objects.visible_to(supervisor), query="0000 9917", user=supervisor
    )
    assert list(by_phone.values_list("pk", flat=True)) == [oldest.pk]


def test_a_long_identifier_finds_only_what_holds_all_of_it(supervisor):
    # The index is asked for the e-mail's part before its domain; the whole
    # address must still match.
    alpha = TicketFactory(customer=CustomerFactory(email="zed.quill@alpha.example"))
    TicketFactory(customer=CustomerFactory(email="zed.quill@beta.example"))
    found = ticket_search(
        Ticket.objects.visible_to(supervisor),
        query="zed.quill@alpha.example",
        user=supervisor,
    )
    assert list(found.values_list("pk", flat=True)) == [alpha.pk]


@pytest.mark.postgres
def test_a_filtered_search_finds_matches_older_than_the_newest(
    client, supervisor, monkeypatch
):
    # Three candidates a search: unfiltered, the newest three matches; filtered by
    # kind, the one refund among older matches, in the admin list and the API.
    monkeypatch.setattr(complaints.search, "CANDIDATES", 3)
    refund = TicketFactory(
        kind=Ticket.Kind.MISOPERATION_REFUND, description=f"{WORD} sent twice."
    )
    newer = [TicketFactory(description=f"{WORD} failed.") for _ in range(4)]
    admin_url = reverse("admin:complaints_ticket_changelist")
    client.force_login(supervisor)

    page = client.get(admin_url, {"q": WORD}).content.decode()
    assert refund.reference not in page
    assert all(ticket.reference in page for ticket in newer[1:])
    page = client.get(
        admin_url, {"q": WORD, "kind__exact": Ticket.Kind.MISOPERATION_REFUND}
    ).content.decode()
    assert refund.reference in page

    api = client_for(supervisor)
    response = api.get("/api/v1/desk/tickets/", {"q": WORD})
    assert refund.reference not in {
        row["reference"] for row in response.json()["results"]
    }
    response = api.get(
        "/api/v1/desk/tickets/", {"q": WORD, "kind": Ticket.Kind.MISOPERATION_REFUND}
    )
    assert [row["reference"] for row in response.json()["results"]] == [
        refund.reference
    ]


@pytest.mark.postgres
def test_an_identifier_typed_whole_finds_it_whole_and_a_part_finds_every_holder(
    supervisor,
):
    # "ann.lee@…" is part of "joann.lee@…": typed whole it finds its own
    # customer's ticket alone; a part finds both.
    ann = TicketFactory(customer=CustomerFactory(email="ann.lee@alpha.example"))
    joann = TicketFactory(customer=CustomerFactory(email="joann.lee@alpha.example"))

    def found(query: str) -> set[int]:
        return set(
            ticket_search(
                Ticket.objects.visible_to(supervisor), query=query, user=supervisor
            ).values_list("pk", flat=True)
        )

    assert found("ann.lee@alpha.example") == {ann.pk}
    assert found("joann.lee@alpha.example") == {joann.pk}
    assert found("lee@alpha") == {ann.pk, joann.pk}


@pytest.mark.postgres
def test_a_customer_user_name_typed_whole_finds_that_customers_tickets_alone(
    supervisor,
):
    # "mei-7" is part of "mei-70"'s user name and wallet account id: typed whole
    # it finds its own customer's tickets, not the other's.
    mei = CustomerFactory(username="mei-7", wallet_account_id="W-88-1207")
    other = CustomerFactory(username="mei-70", wallet_account_id="W-88-12070")
    mine = {TicketFactory(customer=mei).pk for _ in range(2)}
    theirs = TicketFactory(customer=other).pk

    def found(query: str) -> set[int]:
        return set(
            ticket_search(
                Ticket.objects.visible_to(supervisor), query=query, user=supervisor
            ).values_list("pk", flat=True)
        )

    assert found("mei-7") == mine
    assert found("W-88-1207") == mine
    assert found("w88 12070") == {theirs}
    assert found("88-120") == {*mine, theirs}
