"""Customers are told before they file: banner, form hint, FAQ, status page, API."""

import pytest
from django.urls import reverse

from incidents.models import IncidentDeflection
from incidents.services import incident_update_post
from tests.factories import TicketFactory
from tests.incidents.helpers import declare_transfer_outage

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage(supervisor):  # type: ignore[no-untyped-def]
    incident = declare_transfer_outage(actor=supervisor)
    incident_update_post(
        incident=incident,
        state="identified",
        body_zh_hans="原因已查明 正在修复",
        body_en="Cause found, fix under way",
        actor=supervisor,
    )
    return incident


def test_home_shows_the_banner_in_both_languages(client, outage):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "Transfers failing" in english
    assert "Cause found, fix under way" in english
    assert "转账失败" in chinese
    assert "原因已查明 正在修复" in chinese
    assert "Transfers failing" not in chinese


def test_banner_leaves_once_resolved(client, outage, supervisor):
    incident_update_post(
        incident=outage,
        state="resolved",
        body_zh_hans="好",
        body_en="Fixed",
        actor=None,
    )
    assert 'data-test="incident-banner"' not in client.get("/").content.decode()


def test_filing_form_of_affected_kind_shows_the_hint_and_still_files(
    client, customer, outage
):
    client.force_login(customer)
    affected = client.get(reverse("complaints:ticket_create", args=["transfer-failed"]))
    other = client.get(reverse("complaints:ticket_create", args=["wrong-recipient"]))

    assert 'data-test="incident-hint"' in affected.content.decode()
    assert 'data-test="incident-banner"' not in other.content.decode()
    assert 'data-test="ticket-form"' in affected.content.decode()


def test_faq_shows_the_banner(client, outage):
    page = client.get(reverse("knowledgebase:faq_index")).content.decode()
    assert 'data-test="incident-banner"' in page


def test_status_page_is_public_and_lists_updates(
    client, outage, django_assert_num_queries
):
    declare_transfer_outage()
    # Incidents, then their updates (one prefetch).
    with django_assert_num_queries(2):
        response = client.get(reverse("incidents:status"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-test="status-incident"') == 2
    assert "Cause found, fix under way" in page


def test_api_lists_incidents_without_login(client, outage, django_assert_num_queries):
    declare_transfer_outage()
    # Count, incidents, updates.
    with django_assert_num_queries(3):
        response = client.get("/api/v1/incidents/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    [newest, _older] = response.json()["results"]
    assert newest["title"] == "转账失败"
    assert newest["title_en"] == "Transfers failing"
    assert client.post("/api/v1/incidents/", {}).status_code in {401, 403, 405}


def test_waiting_counts_one_deflection_per_visitor(client, outage):
    url = reverse("incidents:deflect", args=[outage.pk])
    assert client.get(url).status_code == 405

    first = client.post(url, {"where": "form"})
    client.post(url, {"where": "home"})

    assert first.status_code == 302
    assert "waiting=1" in first["Location"]
    [deflection] = IncidentDeflection.objects.all()
    assert deflection.where == "form"


def test_customer_ticket_shows_the_incident_updates(client, outage):
    ticket = TicketFactory()
    client.force_login(ticket.customer)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert 'data-test="ticket-incident"' in page
    assert page.count('data-test="ticket-incident-update"') == 2


def test_reports_show_incident_figures(client, manager, outage, supervisor):
    TicketFactory()
    client.post(reverse("incidents:deflect", args=[outage.pk]), {"where": "home"})
    incident_update_post(
        incident=outage, state="resolved", body_zh_hans="好", body_en="ok", actor=None
    )
    client.force_login(manager)
    page = client.get(reverse("reports:report")).content.decode()
    assert 'data-test="incident-figures"' in page
    assert 'data-test="incidents-count">1<' in page
    assert 'data-test="incidents-linked">1<' in page
    assert 'data-test="incidents-deflections">1<' in page
