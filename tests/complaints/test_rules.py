"""One home per rule: breached, who is staff, the hold guard, note visibility.

Each rule is pinned through every interface that shows it: the portal, the admin
(changelist and case page) and the API.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from complaints import workflow
from complaints.admin.forms import AssignForm
from complaints.models import Ticket, TicketHold
from complaints.selectors import SlaState, sla_state, ticket_filter_sla
from sla.models import TicketClock
from tests.api.conftest import client_for
from tests.factories import AgentFactory, CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

# What a hold on the customer asks of them (workflow.ticket_hold needs it).
ASK = "Please send the bank receipt."

DESK = "/api/v1/desk/tickets/"
CHANGELIST = "/admin/complaints/ticket/"


def _investigating(ticket: Ticket, actor: User) -> Ticket:
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=actor)
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=actor)
    return ticket


# Breached ------------------------------------------------------------------------


@pytest.fixture
def missed_acknowledgement() -> Ticket:
    """An open ticket that missed its acknowledge deadline; resolve-by still ahead."""
    ticket = TicketFactory()
    TicketClock.objects.filter(ticket=ticket, kind=TicketClock.Kind.ACKNOWLEDGE).update(
        breached_at=timezone.now()
    )
    Ticket.objects.filter(pk=ticket.pk).update(
        resolve_by=timezone.now() + timedelta(days=10)
    )
    return ticket


@pytest.fixture
def in_time() -> Ticket:
    ticket = TicketFactory()
    Ticket.objects.filter(pk=ticket.pk).update(
        resolve_by=timezone.now() + timedelta(days=10)
    )
    return ticket


def test_breached_rule_counts_a_recorded_breach_and_an_open_ticket_past_due(
    missed_acknowledgement, in_time
):
    now = timezone.now()
    overdue = TicketFactory()
    Ticket.objects.filter(pk=overdue.pk).update(resolve_by=now - timedelta(hours=1))
    tickets = Ticket.objects.with_sla_flags()
    assert tickets.get(pk=missed_acknowledgement.pk).is_breached(now=now)
    assert tickets.get(pk=overdue.pk).is_breached(now=now)
    assert not tickets.get(pk=in_time.pk).is_breached(now=now)
    # The SQL form says the same.
    assert set(tickets.breached(now=now)) == {missed_acknowledgement, overdue}
    assert set(ticket_filter_sla(tickets=tickets, state=SlaState.ON_TRACK)) == {in_time}


def test_a_recorded_breach_stays_after_resolution_but_the_state_is_resolved(
    missed_acknowledgement, agent
):
    _investigating(missed_acknowledgement, agent)
    workflow.ticket_transition(
        ticket=missed_acknowledgement,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome=Ticket.Outcome.UPHELD),
    )
    ticket = Ticket.objects.with_sla_flags().get(pk=missed_acknowledgement.pk)
    assert ticket.is_breached(now=timezone.now())
    assert sla_state(ticket=ticket) == SlaState.RESOLVED


def test_admin_breached_view_column_and_case_page_agree(
    client, supervisor, missed_acknowledgement, in_time
):
    client.force_login(supervisor)
    listed = client.get(CHANGELIST, {"view": "breached"}).content.decode()
    assert missed_acknowledgement.reference in listed
    assert in_time.reference not in listed
    everything = client.get(CHANGELIST).content.decode()
    row = everything.split(missed_acknowledgement.reference, 1)[1].split("</tr>")[0]
    assert "wd-breached" in row
    case = client.get(
        reverse("admin:complaints_ticket_change", args=[missed_acknowledgement.pk])
    ).content.decode()
    assert "SLA breached" in case
    assert "overdue by" not in case  # the resolve-by itself is still ahead
    calm = client.get(
        reverse("admin:complaints_ticket_change", args=[in_time.pk])
    ).content.decode()
    assert "SLA breached" not in calm


def test_api_sla_state_and_filter_use_the_same_rule(
    supervisor, missed_acknowledgement, in_time
):
    client = client_for(supervisor)
    rows = {row["reference"]: row for row in client.get(DESK).json()["results"]}
    assert rows[missed_acknowledgement.reference]["sla_state"] == "breached"
    assert rows[in_time.reference]["sla_state"] == "on_track"
    breached = client.get(DESK, {"sla": "breached"}).json()["results"]
    assert [row["reference"] for row in breached] == [missed_acknowledgement.reference]
    on_track = client.get(DESK, {"sla": "on_track"}).json()["results"]
    assert [row["reference"] for row in on_track] == [in_time.reference]
    detail = client.get(f"{DESK}{missed_acknowledgement.reference}/").json()
    assert detail["sla_state"] == "breached"


# Who is staff --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "active", "staff", "reader", "supervisor"),
    [
        ("customer", True, False, False, False),
        ("agent", True, True, True, False),
        ("supervisor", True, True, True, True),
        ("manager", True, False, True, False),
        ("agent", False, False, False, False),
        ("supervisor", False, False, False, False),
    ],
)
def test_role_predicates(role, active, staff, reader, supervisor):
    person = User(role=role, is_active=active)
    assert person.is_desk_staff is staff
    assert person.is_desk_reader is reader
    assert person.is_supervisor is supervisor


def test_desk_staff_filter_matches_the_predicate():
    people = [
        AgentFactory(),
        AgentFactory(is_active=False),
        CustomerFactory(),
        User.objects.create(username="boss", role=User.Role.SUPERVISOR),
        User.objects.create(username="mgr", role=User.Role.MANAGER),
    ]
    chosen = set(User.objects.filter(User.desk_staff_filter()))
    assert chosen == {person for person in people if person.is_desk_staff}
    # The admin's assignee choices are exactly the desk staff.
    assert set(AssignForm().fields["assignee"].queryset) == chosen


def test_a_deactivated_agent_is_refused_by_api_admin_and_services(client):
    former = AgentFactory()
    ticket = TicketFactory()
    api = client_for(former)
    User.objects.filter(pk=former.pk).update(is_active=False)
    assert api.get(DESK).status_code in {401, 403}
    client.force_login(former)
    assert client.get(CHANGELIST).status_code == 302  # back to the login page
    former.refresh_from_db()
    with pytest.raises(workflow.WorkflowError):
        workflow.ticket_transition(
            ticket=ticket, to_status="acknowledged", actor=former
        )


def test_a_manager_reads_the_desk_api_but_cannot_write(manager):
    ticket = TicketFactory()
    api = client_for(manager)
    assert api.get(f"{DESK}{ticket.reference}/").status_code == 200
    response = api.post(
        f"{DESK}{ticket.reference}/moves/", {"to_status": "acknowledged"}, format="json"
    )
    assert response.status_code == 403


# The hold guard ------------------------------------------------------------------


def test_hold_guard_is_the_same_on_the_case_page_and_the_api(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    api = client_for(agent)
    change = reverse("admin:complaints_ticket_change", args=[ticket.pk])
    detail = f"{DESK}{ticket.reference}/"

    def offered() -> tuple[bool, bool]:
        page = client.get(change).content.decode()
        return "data-hold=" in page, api.get(detail).json()["can_hold"]

    assert offered() == (False, False)  # received: not under investigation
    _investigating(ticket, agent)
    assert offered() == (True, True)
    workflow.ticket_hold(
        ticket=ticket,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
        actor=agent,
        request=ASK,
    )
    assert offered() == (False, False)  # already on hold
    with pytest.raises(workflow.WorkflowError):
        workflow.ticket_hold(
            ticket=ticket,
            waiting_on=TicketHold.WaitingOn.CUSTOMER,
            actor=agent,
            request=ASK,
        )


def test_a_manager_is_never_offered_a_hold(manager, agent):
    ticket = _investigating(TicketFactory(), agent)
    detail = client_for(manager).get(f"{DESK}{ticket.reference}/").json()
    assert detail["can_hold"] is False
    assert not workflow.hold_allowed(ticket, manager, is_on_hold=False)


# Status-note visibility ----------------------------------------------------------


def test_customer_sees_their_reopen_reason_never_a_staff_move_note(client, agent):
    ticket = TicketFactory()
    workflow.ticket_transition(
        ticket=ticket, to_status="acknowledged", actor=agent, note="STAFF-ONLY-NOTE"
    )
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome=Ticket.Outcome.UPHELD),
    )
    workflow.ticket_transition(
        ticket=ticket,
        to_status="investigating",
        actor=ticket.customer,
        note="MY-REOPEN-REASON",
    )
    client.force_login(ticket.customer)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "MY-REOPEN-REASON" in page
    assert "STAFF-ONLY-NOTE" not in page
    timeline = (
        client_for(ticket.customer)
        .get(f"/api/v1/my/tickets/{ticket.reference}/")
        .json()["timeline"]
    )
    notes = [event.get("note") for event in timeline if "note" in event]
    assert notes == ["MY-REOPEN-REASON"]
    # Staff see every note.
    staff = client_for(agent).get(f"{DESK}{ticket.reference}/").json()
    assert "STAFF-ONLY-NOTE" in [change["note"] for change in staff["status_changes"]]
