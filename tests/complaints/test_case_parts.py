"""The case page's parts drawn when opened: scoped like the case, GET only, fixed queries."""

import re

import pytest
from django.urls import reverse

from complaints.models import Queue, Ticket
from complaints.services import message_add
from complaints.workflow import ticket_transition
from tests.factories import AgentFactory, CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _part(ticket: Ticket, part: str) -> str:
    return reverse("admin:complaints_ticket_part", args=[ticket.pk, part])


def test_case_page_links_its_parts_and_draws_neither(client, supervisor):
    customer = CustomerFactory()
    earlier = TicketFactory(customer=customer, subject="The earlier one")
    ticket = TicketFactory(customer=customer)
    client.force_login(supervisor)

    page = client.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk])
    ).content.decode()

    for part in ("customer", "history"):
        # A link inside the closed <details>: it works without JavaScript too.
        assert page.count(f'"{_part(ticket, part)}"') == 2
    assert earlier.reference not in page
    assert 'id="wd-history"' not in page


def test_history_part_lists_moves_holds_and_clocks(client, supervisor):
    ticket = TicketFactory()
    ticket_transition(
        ticket=ticket,
        to_status=Ticket.Status.ACKNOWLEDGED,
        actor=supervisor,
        note="Seen it",
    )
    client.force_login(supervisor)

    page = client.get(_part(ticket, "history")).content.decode()

    assert 'id="wd-history"' in page
    assert "Seen it" in page
    assert "Received → Acknowledged" in page


def test_parts_follow_the_case_pages_scope(client):
    queue = Queue.objects.create(slug="elsewhere", name="Elsewhere")
    ticket = TicketFactory()
    Ticket.objects.filter(pk=ticket.pk).update(queue=queue, assignee=None)
    client.force_login(AgentFactory())

    for part in ("customer", "history", "resolve", "recovery", "wallet"):
        assert client.get(_part(ticket, part)).status_code == 404


def test_customers_and_anonymous_never_reach_a_part(client, customer):
    ticket = TicketFactory(customer=customer)
    assert client.get(_part(ticket, "customer")).status_code == 302  # to log in
    client.force_login(customer)
    response = client.get(_part(ticket, "customer"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_parts_only_read(client, supervisor):
    ticket = TicketFactory()
    client.force_login(supervisor)
    assert client.post(_part(ticket, "history")).status_code == 405
    assert client.get(_part(ticket, "nothing")).status_code == 404


@pytest.mark.parametrize(
    ("part", "queries"),
    [("customer", 7), ("history", 7), ("resolve", 5), ("recovery", 5), ("wallet", 4)],
)
def test_each_part_pins_its_queries(
    client, supervisor, django_assert_num_queries, part, queries
):
    customer = CustomerFactory()
    TicketFactory.create_batch(2, customer=customer)
    ticket = TicketFactory(customer=customer)
    message_add(ticket=ticket, author=supervisor, body="Looking", is_internal=True)
    ticket_transition(
        ticket=ticket, to_status=Ticket.Status.ACKNOWLEDGED, actor=supervisor
    )
    client.force_login(supervisor)
    # user, 2 permission queries, the ticket in the agent's scope with its
    # customer; customer: the links with their transactions, the other tickets,
    # the transactions around; history: status moves with actors, holds with
    # who started them, SLA clocks with profiles; resolve and recovery: the
    # version; wallet: nothing more.
    with django_assert_num_queries(queries):
        response = client.get(_part(ticket, part))
    assert response.status_code == 200


def test_resolve_part_is_the_form_the_workspace_takes(client, supervisor):
    ticket = TicketFactory()
    client.force_login(supervisor)

    page = client.get(_part(ticket, "resolve")).content.decode()

    action = reverse("admin:complaints_ticket_workspace", args=[ticket.pk, "resolve"])
    assert f'action="{action}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="version"' in page
    assert 'name="outcome"' in page


def test_wallet_and_recovery_parts_are_the_forms_their_views_take(client, supervisor):
    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    client.force_login(supervisor)
    page = client.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk])
    ).content.decode()
    assert 'data-test="wallet-action-form"' not in page  # drawn when opened
    for part in ("recovery", "wallet"):
        assert f'data-part-url="{_part(ticket, part)}"' in page

    wallet = client.get(_part(ticket, "wallet")).content.decode()
    recovery = client.get(_part(ticket, "recovery")).content.decode()

    assert reverse("admin:wallet_actions_request", args=[ticket.pk]) in wallet
    assert 'data-test="wallet-action-form"' in wallet
    action = reverse("admin:complaints_ticket_workspace", args=[ticket.pk, "recovery"])
    assert f'action="{action}"' in recovery
    assert 'name="version"' in recovery


def test_triage_part_draws_the_admin_form_and_its_save_comes_back_to_the_case(
    client, agent, django_assert_num_queries
):
    ticket = TicketFactory()
    client.force_login(agent)
    change = reverse("admin:complaints_ticket_change", args=[ticket.pk])
    page = client.get(change).content.decode()
    assert _part(ticket, "triage") in page
    assert 'name="priority"' not in page  # drawn when opened

    client.get(_part(ticket, "triage"))  # the first loads the held queues
    # user, 2 permission queries (the agent's group is set in this test's
    # transaction), the scoped ticket, and its version; the queues are held.
    with django_assert_num_queries(5):
        part = client.get(_part(ticket, "triage")).content.decode()

    assert f'action="{change}"' in part
    for field in ("priority", "queue", "root_cause", "version"):
        assert f'name="{field}"' in part
    version = re.search(r'name="version" value="([0-9a-f]+)"', part).group(1)
    response = client.post(
        change,
        {
            "priority": "urgent",
            "queue": "",
            "root_cause": "",
            "version": version,
            "_continue": "Save",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == change
    ticket.refresh_from_db()
    assert ticket.priority == Ticket.Priority.URGENT
