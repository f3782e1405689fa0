"""Triage edits (priority, queue, root cause) through one audited service.

The admin's change form and the staff API both call ticket_triage_update: the
changes are audited, and a queue with its own SLA profile re-plans the clocks.
"""

from datetime import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audit.models import AuditEvent
from complaints.admin.case import ticket_version
from complaints.errors import WorkflowError
from complaints.models import Queue, Ticket
from complaints.services import ticket_triage_update
from sla.models import ProfileAssignment, RegimeProfile, TicketClock
from tests.api.conftest import client_for
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uk_queue() -> Queue:
    """A queue whose tickets run under the UK payments profile."""
    queue = Queue.objects.create(name="UK desk", slug="uk-desk")
    ProfileAssignment.objects.create(
        queue=queue, profile=RegimeProfile.objects.get(code="uk-payments")
    )
    return queue


def _events(ticket: Ticket) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Ticket),
            object_id=str(ticket.pk),
            action=AuditEvent.Action.UPDATE,
        ).order_by("pk")
    )


def _running(ticket: Ticket) -> list[TicketClock]:
    return list(
        TicketClock.objects.filter(ticket=ticket, stopped_at__isnull=True)
        .select_related("profile")
        .order_by("kind")
    )


def test_priority_and_root_cause_change_is_saved_and_audited(agent):
    ticket = TicketFactory()
    before = len(_events(ticket))
    ticket_triage_update(
        ticket=ticket, actor=agent, priority="high", root_cause="system_failure"
    )
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.root_cause) == ("high", "system_failure")
    changes = _events(ticket)[before:]
    assert [event.changes for event in changes] == [
        {"priority": ["normal", "high"], "root_cause": ["", "system_failure"]}
    ]


def test_a_new_queue_with_its_own_profile_replans_the_clocks(agent, uk_queue):
    ticket = TicketFactory()
    first = _running(ticket)
    assert {clock.profile.code for clock in first} != {"uk-payments"}
    ticket_triage_update(ticket=ticket, actor=agent, queue=uk_queue)
    ticket.refresh_from_db()
    now_running = _running(ticket)
    assert {clock.profile.code for clock in now_running} == {"uk-payments"}
    for clock in first:
        clock.refresh_from_db()
        assert clock.stop_reason == TicketClock.StopReason.SUPERSEDED
    resolve = next(clock for clock in now_running if clock.kind == "resolve")
    assert ticket.resolve_by == resolve.due_at
    audited = {name for event in _events(ticket) for name in event.changes}
    assert {"queue", "resolve_by"} <= audited


def test_a_queue_under_the_same_profile_keeps_the_clocks(agent):
    ticket = TicketFactory()
    first = {clock.pk for clock in _running(ticket)}
    other = Queue.objects.create(name="Other", slug="other")
    ticket_triage_update(ticket=ticket, actor=agent, queue=other)
    assert {clock.pk for clock in _running(ticket)} == first


@pytest.mark.parametrize(
    "change",
    [{"priority": "urgent-ish"}, {"root_cause": "bad luck"}],
    ids=["priority", "root-cause"],
)
def test_bad_values_change_nothing(agent, change):
    ticket = TicketFactory()
    before = len(_events(ticket))
    with pytest.raises(WorkflowError):
        ticket_triage_update(ticket=ticket, actor=agent, **change)
    assert len(_events(ticket)) == before


def test_only_desk_staff_triage(manager, customer):
    ticket = TicketFactory()
    for person in (manager, customer):
        with pytest.raises(WorkflowError):
            ticket_triage_update(ticket=ticket, actor=person, priority="high")
    ticket.refresh_from_db()
    assert ticket.priority == "normal"


def test_admin_change_form_goes_through_the_service(client, supervisor, uk_queue):
    ticket = TicketFactory()
    client.force_login(supervisor)
    response = client.post(
        reverse("admin:complaints_ticket_change", args=[ticket.pk]),
        {
            "priority": "high",
            "queue": uk_queue.pk,
            "root_cause": "",
            "version": ticket_version(ticket_id=ticket.pk),
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.queue) == ("high", uk_queue)
    assert {clock.profile.code for clock in _running(ticket)} == {"uk-payments"}
    events = _events(ticket)
    assert {name for event in events for name in event.changes} >= {
        "priority",
        "queue",
        "resolve_by",
    }
    assert {(event.actor, event.source) for event in events} == {
        (supervisor, AuditEvent.Source.ADMIN)
    }


def test_staff_api_triage_goes_through_the_service(agent, uk_queue):
    ticket = TicketFactory()
    url = f"/api/v1/desk/tickets/{ticket.reference}/triage/"
    api = client_for(agent)
    bad = api.post(url, {"priority": "whenever"}, format="json")
    assert bad.status_code == 400
    assert api.post(url, {}, format="json").status_code == 200
    assert _events(ticket) == []
    response = api.post(url, {"queue": "uk-desk", "priority": "low"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["queue"], body["priority"]) == ("uk-desk", "low")
    assert {clock.profile.code for clock in _running(ticket)} == {"uk-payments"}
    ticket.refresh_from_db()
    assert datetime.fromisoformat(body["resolve_by"]) == ticket.resolve_by
    assert {event.source for event in _events(ticket)} == {AuditEvent.Source.API}


def test_a_manager_cannot_triage_through_the_api(manager):
    ticket = TicketFactory()
    response = client_for(manager).post(
        f"/api/v1/desk/tickets/{ticket.reference}/triage/",
        {"priority": "high"},
        format="json",
    )
    assert response.status_code == 403
