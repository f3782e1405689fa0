"""Tickets and incidents: filing links matching tickets; agents link, unlink, offered."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from complaints.incident_selectors import (
    incident_link_candidates,
    incident_ticket_counts,
)
from complaints.models import IncidentLink, Ticket
from complaints.services.incident_links import (
    incident_ticket_link,
    incident_ticket_unlink,
)
from incidents.services import incident_update_post
from reports.models import SpikeAlert, SpikeRule
from reports.services import spike_alert_declare
from tests.factories import TicketFactory
from tests.incidents.helpers import declare_transfer_outage

pytestmark = pytest.mark.django_db


def test_new_ticket_in_scope_links_itself(supervisor):
    incident = declare_transfer_outage(actor=supervisor)

    in_scope = TicketFactory()
    other_category = TicketFactory(category=Ticket.Category.FEES)
    refund = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)

    assert in_scope.incident_link.incident == incident
    assert not IncidentLink.objects.filter(ticket__in=[other_category, refund]).exists()


def test_tickets_filed_before_start_or_after_resolution_do_not_link(supervisor):
    incident = declare_transfer_outage(
        actor=supervisor, started_at=timezone.now() + timedelta(minutes=3)
    )
    early = TicketFactory()
    incident_update_post(
        incident=incident, state="resolved", body_zh_hans="好", body_en="ok", actor=None
    )
    late = TicketFactory()
    assert not IncidentLink.objects.filter(ticket__in=[early, late]).exists()


def test_matching_open_tickets_are_offered_and_linked_by_an_agent(supervisor, agent):
    before = [TicketFactory(), TicketFactory()]
    TicketFactory(category=Ticket.Category.FEES)
    incident = declare_transfer_outage(
        actor=supervisor, started_at=timezone.now() - timedelta(hours=1)
    )
    assert list(incident_link_candidates(incident=incident)) == before

    links = incident_ticket_link(incident=incident, tickets=before, actor=agent)

    assert {link.ticket for link in links} == set(before)
    assert incident_ticket_counts(incident=incident)["received"] == 2
    assert not incident_link_candidates(incident=incident).exists()
    assert incident_ticket_unlink(ticket=before[0], actor=agent) is True
    assert incident_ticket_counts(incident=incident)["received"] == 1


def test_resolved_incident_takes_no_links(supervisor, agent):
    incident = declare_transfer_outage(actor=supervisor)
    incident_update_post(
        incident=incident, state="resolved", body_zh_hans="好", body_en="ok", actor=None
    )
    ticket = TicketFactory()
    with pytest.raises(ValidationError):
        incident_ticket_link(incident=incident, tickets=[ticket], actor=agent)


def test_spike_alert_declares_incident_scoped_to_its_key(supervisor):
    rule = SpikeRule.objects.create(
        name="Daily tickets",
        metric=SpikeRule.Metric.TICKETS_BY_CATEGORY,
        window=SpikeRule.Window.HOUR,
    )
    now = timezone.now()
    alert = SpikeAlert.objects.create(
        rule=rule,
        key="transfer_failed",
        window_start=now - timedelta(minutes=30),
        window_end=now + timedelta(minutes=30),
        count=200,
        baseline=4,
    )

    incident = spike_alert_declare(alert=alert, actor=supervisor)

    assert incident.categories == ["transfer_failed"]
    assert incident.started_at == alert.window_start
    assert incident.spike_detected_at == alert.created_at
    assert incident.title_en == "Problems with: Transfer failed"
    assert incident.title_zh_hans != incident.title_en
    assert TicketFactory().incident_link.incident == incident


def test_admin_incident_page_shows_counts_and_linked_list(
    client, supervisor, django_assert_num_queries
):
    incident = declare_transfer_outage(actor=supervisor)
    tickets = [TicketFactory(), TicketFactory(), TicketFactory()]
    client.force_login(supervisor)
    url = reverse("admin:incidents_incident_change", args=[incident.pk])

    # Session, user, incident (twice: panel and form), counts by status, linked
    # tickets with customers and assignees, candidates, answer runs, updates
    # inline, permissions; the same however many tickets are linked.
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url)
    TicketFactory()
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    for ticket in tickets:
        assert ticket.reference in body
    assert body.count('data-test="linked-ticket"') == 3
    assert "Received: <strong>3</strong>" in body


PAGE_QUERIES = 12


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", ["Complaint", "Transfer failed"]), ("zh-hans", ["投诉", "转账失败"])],
)
def test_staff_who_only_view_an_incident_read_its_scope_by_name(
    client, supervisor, agent, language, shown
):
    incident = declare_transfer_outage(actor=supervisor)
    client.force_login(agent)

    response = client.get(
        reverse("admin:incidents_incident_change", args=[incident.pk]),
        headers={"accept-language": language},
    )

    body = response.content.decode()
    assert response.status_code == 200
    for label in shown:
        assert label in body
    assert "transfer_failed" not in body
    assert '["complaint"]' not in body


def test_admin_links_matching_and_unlinks(client, supervisor):
    old = TicketFactory()
    incident = declare_transfer_outage(
        actor=supervisor, started_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(supervisor)

    client.post(reverse("admin:incidents_incident_link_matching", args=[incident.pk]))
    assert IncidentLink.objects.get(ticket=old).linked_by == supervisor
    client.post(reverse("admin:incidents_incident_unlink", args=[incident.pk, old.pk]))
    assert not IncidentLink.objects.filter(ticket=old).exists()
    response = client.get(
        reverse("admin:incidents_incident_link_matching", args=[incident.pk])
    )
    assert response.status_code == 403
    assert not IncidentLink.objects.filter(ticket=old).exists()
