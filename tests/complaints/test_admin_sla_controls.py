"""Supervisors extend a deadline and change a ticket's SLA profile on the case page."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from complaints.admin.case import ticket_version
from complaints.models import Ticket
from sla.data.defaults import defaults_install
from sla.models import ClockEvent, RegimeProfile, TicketClock
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(db: None) -> None:
    if not RegimeProfile.objects.exists():
        defaults_install(apps)


def _post(client, ticket: Ticket, action: str, **fields: object):
    fields.setdefault("version", ticket_version(ticket_id=ticket.pk))
    return client.post(
        reverse("admin:complaints_ticket_workspace", args=[ticket.pk, action]),
        fields,
        follow=True,
    )


def _resolve_clock(ticket: Ticket) -> TicketClock:
    return TicketClock.objects.select_related("profile").get(
        ticket=ticket, kind="resolve", stopped_at__isnull=True
    )


def _audited_resolve_by(ticket: Ticket) -> list[AuditEvent]:
    return [
        event
        for event in AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Ticket),
            object_id=str(ticket.pk),
            action=AuditEvent.Action.UPDATE,
        )
        if "resolve_by" in event.changes
    ]


def _page(client, ticket: Ticket) -> str:
    return client.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk])
    ).content.decode()


def test_supervisor_sees_the_controls_an_agent_does_not(client, supervisor, agent):
    ticket = TicketFactory()
    client.force_login(supervisor)
    page = _page(client, ticket)
    assert 'id="wd-extend"' in page
    assert 'id="wd-profile"' in page
    client.force_login(agent)
    page = _page(client, ticket)
    assert 'id="wd-extend"' not in page
    assert 'id="wd-profile"' not in page


def test_supervisor_extends_the_deadline(client, supervisor):
    ticket = TicketFactory()
    before = _resolve_clock(ticket)
    client.force_login(supervisor)
    response = _post(client, ticket, "extend", reason="Waiting on the bank")
    assert "Deadline extended to" in response.content.decode()
    clock = _resolve_clock(ticket)
    assert clock.pk == before.pk
    assert clock.due_at > before.due_at
    assert clock.extension_level == before.extension_level + 1
    event = ClockEvent.objects.get(clock=clock, kind=ClockEvent.Kind.EXTEND)
    assert (event.actor, event.reason) == (supervisor, "Waiting on the bank")
    ticket.refresh_from_db()
    assert ticket.resolve_by == clock.due_at
    audited = _audited_resolve_by(ticket)
    assert [(event.actor, event.source) for event in audited] == [
        (
            supervisor,
            AuditEvent.Source.ADMIN,
        )
    ]
    assert LogEntry.objects.filter(object_id=str(ticket.pk)).exists()


def test_supervisor_changes_the_profile_and_clocks_are_replanned(client, supervisor):
    ticket = TicketFactory()
    old = _resolve_clock(ticket)
    uk = RegimeProfile.objects.get(code="uk-payments")
    assert old.profile != uk
    client.force_login(supervisor)
    response = _post(client, ticket, "profile", profile=uk.pk, reason="UK customer")
    assert "now runs under" in response.content.decode()
    old.refresh_from_db()
    assert old.stop_reason == TicketClock.StopReason.SUPERSEDED
    new = _resolve_clock(ticket)
    assert new.profile == uk
    ticket.refresh_from_db()
    assert ticket.resolve_by == new.due_at
    assert _audited_resolve_by(ticket)


@pytest.mark.parametrize("action", ["extend", "profile"])
def test_an_agent_is_refused_and_nothing_changes(client, agent, action):
    ticket = TicketFactory()
    before = _resolve_clock(ticket)
    client.force_login(agent)
    uk = RegimeProfile.objects.get(code="uk-payments")
    response = _post(client, ticket, action, reason="Because", profile=uk.pk)
    assert response.status_code == 403
    assert _resolve_clock(ticket) == before
    assert _resolve_clock(ticket).due_at == before.due_at
    assert not _audited_resolve_by(ticket)


@pytest.mark.parametrize(
    ("action", "fields", "message"),
    [
        ("extend", {"reason": ""}, "This field is required"),
        ("profile", {"profile": "", "reason": "UK"}, "This field is required"),
        ("profile", {"profile": "999999", "reason": "UK"}, "Select a valid choice"),
    ],
    ids=["extend-no-reason", "profile-missing", "profile-unknown"],
)
def test_bad_input_says_why_and_changes_nothing(
    client, supervisor, action, fields, message
):
    ticket = TicketFactory()
    before = _resolve_clock(ticket)
    client.force_login(supervisor)
    response = _post(client, ticket, action, **fields)
    assert message in response.content.decode()
    assert _resolve_clock(ticket) == before
    assert _resolve_clock(ticket).due_at == before.due_at
    assert not _audited_resolve_by(ticket)


def test_a_refused_extension_shows_the_workflow_reason(client, supervisor):
    ticket = TicketFactory()
    TicketClock.objects.filter(ticket=ticket, kind="resolve").update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(supervisor)
    response = _post(client, ticket, "extend", reason="Too late")
    assert "The deadline has passed" in response.content.decode()
    assert not ClockEvent.objects.filter(kind=ClockEvent.Kind.EXTEND).exists()


def test_controls_read_in_chinese(client, supervisor):
    ticket = TicketFactory()
    client.force_login(supervisor)
    page = client.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk]),
        headers={"accept-language": "zh-hans"},
    ).content.decode()
    assert "延长期限" in page
    assert "更改 SLA 时限规则" in page
