"""The ticket change page as a workspace: the case, the moves, collisions, roles."""

import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from complaints.admin.case import ticket_version
from complaints.models import Message, StatusChange, Ticket, TicketHold
from complaints.services import message_add
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _change(ticket: Ticket) -> str:
    return reverse("admin:complaints_ticket_change", args=[ticket.pk])


def _act(ticket: Ticket, action: str) -> str:
    return reverse("admin:complaints_ticket_workspace", args=[ticket.pk, action])


def _post(client, ticket: Ticket, action: str, **fields: object):
    fields.setdefault("version", ticket_version(ticket_id=ticket.pk))
    return client.post(_act(ticket, action), fields, follow=True)


def test_change_page_shows_the_whole_case_in_fixed_queries(
    client, agent, django_assert_num_queries
):
    ticket = TicketFactory()
    message_add(
        ticket=ticket, author=agent, body="Checked the ledger", is_internal=True
    )
    message_add(ticket=ticket, author=ticket.customer, body="Any news?")
    client.force_login(agent)
    client.get(_change(ticket))  # the first request loads the held queues and replies
    # user, 2 permission queries (the agent's group was set in this test's
    # open transaction; from the cache once that commits, as
    # tests/accounts/test_permission_cache.py shows), the ticket with its
    # people and details, links with transactions (their snapshots fill the
    # canned replies' placeholders too), attachments, messages with authors,
    # holds (the version every form carries is made from these rows), and the
    # wallet actions with who asked and their transaction. The canned replies
    # and the triage form's queues are held per process (config.config_cache).
    # Who else has the ticket open comes with the presence
    # heartbeat workspace.js sends as the page loads (one query fewer). The
    # history, SLA clocks and the customer's other tickets and transactions
    # are parts drawn when opened (test_case_parts.py).
    with django_assert_num_queries(9):
        response = client.get(_change(ticket))
    page = response.content.decode()
    assert ticket.customer.email in page
    assert ticket.transaction_links.get().transaction.reference in page
    assert "Internal note — never shown to the customer" in page
    assert "Checked the ledger" in page
    assert "Any news?" in page
    assert 'name="status"' not in page  # status is never a free field


def test_every_form_on_the_case_page_carries_the_ticket_s_current_version(
    client, agent, supervisor
):
    ticket = TicketFactory()
    client.force_login(agent)
    _post(client, ticket, "move", to_status="acknowledged")
    _post(client, ticket, "move", to_status="investigating")
    _post(client, ticket, "hold", waiting_on="third_party")
    message_add(ticket=ticket, author=ticket.customer, body="Any news?")
    _post(client, ticket, "release")
    message_add(ticket=ticket, author=supervisor, body="Chasing", is_internal=True)

    page = client.get(_change(ticket)).content.decode()

    versions = set(re.findall(r'name="version" value="([0-9a-f]+)"', page))
    assert versions == {ticket_version(ticket_id=ticket.pk)}
    (ended,) = TicketHold.objects.filter(ticket=ticket).values_list("ended_at")
    assert ended != (None,)
    # A save from this page is accepted, and changes the version.
    (version,) = versions
    fields = {"priority": "urgent", "queue": "", "root_cause": "", "version": version}
    assert client.post(_change(ticket), fields).status_code == 302
    assert ticket_version(ticket_id=ticket.pk) != version


def test_change_page_offers_only_the_moves_allowed_now(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    page = client.get(_change(ticket)).content.decode()
    assert 'data-move="acknowledged"' in page
    assert 'data-move="investigating"' not in page
    assert "wd-resolve" not in page
    assert "data-hold=" not in page


def test_agent_works_a_ticket_from_receipt_to_resolution(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    _post(client, ticket, "move", to_status="acknowledged")
    _post(client, ticket, "move", to_status="investigating")
    _post(client, ticket, "hold", waiting_on="third_party")
    assert TicketHold.objects.filter(ticket=ticket, ended_at__isnull=True).exists()
    _post(client, ticket, "release")
    response = _post(
        client,
        ticket,
        "resolve",
        outcome="partially_upheld",
        amount="20",
        currency="cny",
        root_cause="system_failure",
        summary="Fee refunded.",
    )
    assert "Resolved: Partially upheld." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED
    assert (ticket.outcome_amount, ticket.outcome_currency) == (Decimal(20), "CNY")
    moves = StatusChange.objects.filter(ticket=ticket, actor=agent)
    assert list(moves.values_list("to_status", flat=True)) == [
        "acknowledged",
        "investigating",
        "resolved",
    ]
    assert LogEntry.objects.filter(object_id=str(ticket.pk), user=agent).count() == 5


def test_refused_move_shows_why_and_changes_nothing(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    response = _post(client, ticket, "move", to_status="investigating")
    assert "cannot move to" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RECEIVED
    assert not LogEntry.objects.exists()


def test_resolving_without_an_outcome_is_refused(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    _post(client, ticket, "move", to_status="acknowledged")
    _post(client, ticket, "move", to_status="investigating")
    _post(client, ticket, "resolve", outcome="")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.INVESTIGATING


def test_move_on_a_stale_page_warns_and_changes_nothing(client, agent, supervisor):
    ticket = TicketFactory()
    stale = ticket_version(ticket_id=ticket.pk)
    message_add(
        ticket=ticket, author=supervisor, body="Taking a look", is_internal=True
    )
    client.force_login(agent)
    response = _post(client, ticket, "move", to_status="acknowledged", version=stale)
    assert "Someone else changed this ticket" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RECEIVED


def test_saving_triage_fields_on_a_stale_page_is_refused(client, agent, supervisor):
    ticket = TicketFactory()
    stale = ticket_version(ticket_id=ticket.pk)
    client.force_login(agent)
    fields = {"priority": "urgent", "queue": "", "root_cause": "", "version": stale}
    message_add(ticket=ticket, author=supervisor, body="Mine now", is_internal=True)
    response = client.post(_change(ticket), fields)
    assert response.status_code == 200
    assert "Someone else changed this ticket" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.priority == Ticket.Priority.NORMAL
    fields["version"] = ticket_version(ticket_id=ticket.pk)
    assert client.post(_change(ticket), fields).status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == Ticket.Priority.URGENT
    assert LogEntry.objects.filter(object_id=str(ticket.pk)).exists()


def test_presence_heartbeat_names_the_other_agent(client, agent, supervisor):
    ticket = TicketFactory()
    client.force_login(supervisor)
    client.post(_act(ticket, "presence"))
    client.force_login(agent)
    state = client.post(_act(ticket, "presence")).json()
    assert state["others"] == [supervisor.get_full_name() or supervisor.username]
    assert state["version"] == ticket_version(ticket_id=ticket.pk)
    page = client.get(_change(ticket)).content.decode()
    assert "Also open by:" in page


def test_workspace_actions_refuse_get(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    assert client.get(_act(ticket, "move")).status_code == 405
    assert client.get(_act(ticket, "presence")).status_code == 405


def test_manager_reads_the_case_but_cannot_act(client, manager):
    ticket = TicketFactory()
    client.force_login(manager)
    page = client.get(_change(ticket)).content.decode()
    assert ticket.reference in page
    assert "data-move=" not in page
    assert 'id="wd-reply"' not in page
    response = _post(client, ticket, "move", to_status="acknowledged")
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RECEIVED


def test_bulk_move_reports_each_ticket(client, agent):
    first, second, done = TicketFactory.create_batch(3)
    client.force_login(agent)
    _post(client, done, "move", to_status="acknowledged")
    response = client.post(
        reverse("admin:complaints_ticket_changelist"),
        {
            "action": "move_to_acknowledged",
            "_selected_action": [first.pk, second.pk, done.pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Done for 2 ticket(s)" in page
    assert f"{done.reference}: A ticket that is Acknowledged cannot move to" in page
    assert set(
        Ticket.objects.filter(pk__in=[first.pk, second.pk]).values_list(
            "status", flat=True
        )
    ) == {"acknowledged"}


def test_bulk_note_asks_for_the_text_then_adds_it_to_each(client, agent):
    tickets = TicketFactory.create_batch(2)
    client.force_login(agent)
    url = reverse("admin:complaints_ticket_changelist")
    selected = [ticket.pk for ticket in tickets]
    form = client.post(url, {"action": "add_note", "_selected_action": selected})
    assert "Add an internal note" in form.content.decode()
    client.post(
        url,
        {
            "action": "add_note",
            "_selected_action": selected,
            "apply": "1",
            "body": "Known outage",
        },
    )
    notes = Message.objects.filter(ticket__in=tickets, body="Known outage")
    assert notes.count() == 2
    assert all(note.is_internal for note in notes)


def test_bulk_assign_to_me_refuses_tickets_someone_else_holds(
    client, agent, supervisor
):
    free, taken = TicketFactory.create_batch(2)
    Ticket.objects.filter(pk=taken.pk).update(assignee=supervisor)
    client.force_login(agent)
    response = client.post(
        reverse("admin:complaints_ticket_changelist"),
        {"action": "assign_to_me", "_selected_action": [free.pk, taken.pk]},
        follow=True,
    )
    assert "Only a supervisor can reassign" in response.content.decode()
    free.refresh_from_db()
    taken.refresh_from_db()
    assert (free.assignee, taken.assignee) == (agent, supervisor)


def test_case_page_names_the_ticket_once_as_its_heading(client, agent):
    ticket = TicketFactory(subject="Top-up never arrived")
    client.force_login(agent)
    page = client.get(_change(ticket)).content.decode()
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, re.S)
    assert headings[0] == f"{ticket.reference} · Top-up never arrived"
    assert [h for h in headings if "Top-up never arrived" in h] == headings[:1]
    assert "Change ticket" not in headings


def test_hold_buttons_read_as_actions_and_the_hold_shows_as_a_state(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    _post(client, ticket, "move", to_status="acknowledged")
    page = _post(client, ticket, "move", to_status="investigating").content.decode()
    assert ">Ask the customer and wait</button>" in page
    assert ">Wait on a third party</button>" in page
    assert "Waiting on the customer" not in page
    page = _post(
        client,
        ticket,
        "hold",
        waiting_on="customer",
        request="Please send the receipt.",
    ).content.decode()
    assert 'id="wd-hold-state"' in page
    assert "On hold" in page
    assert ">Waiting on the customer</span>" in page
    assert "data-hold=" not in page  # no second hold while one is open
