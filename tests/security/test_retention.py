"""Retention: personal data leaves resolved tickets past their profile's period;
figures, history and legal holds stay."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from audit.selectors import audit_events_for
from complaints import retention, workflow
from complaints.models import Attachment, Message, StatusChange, Ticket
from complaints.services import EvidenceInput, message_add
from sla.models import RegimeProfile, TicketClock
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

PERSONAL = "Zhang Wei 13800000000"


def _resolved(agent, *, days_ago: int, **kwargs: object) -> Ticket:
    ticket = TicketFactory(subject=f"About {PERSONAL}", description=PERSONAL, **kwargs)
    message_add(
        ticket=ticket,
        author=ticket.customer,
        body=f"My number is {PERSONAL}",
        evidence=[EvidenceInput(file=SimpleUploadedFile("chat.txt", b"chat log\n"))],
    )
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=None)
    workflow.ticket_transition(
        ticket=ticket, to_status="investigating", actor=agent, note=PERSONAL
    )
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(
            outcome=Ticket.Outcome.UPHELD,
            summary=f"Refunded to {PERSONAL}",
            amount=Decimal("88.50"),
            currency="CNY",
            root_cause=Ticket.RootCause.SYSTEM_FAILURE,
        ),
    )
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - timedelta(days=days_ago)
    )
    return ticket


def _default_days() -> int:
    return RegimeProfile.objects.get(is_default=True).retention_days


def test_ticket_past_retention_loses_personal_data_and_keeps_figures(
    agent, django_capture_on_commit_callbacks
):
    ticket = _resolved(agent, days_ago=_default_days() + 1)
    attachment = Attachment.objects.get(ticket=ticket)
    stored = attachment.file.name
    storage = attachment.file.storage

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # files go after commit
        call_command("redact_closed_tickets", stdout=out)

    assert "Redacted 1 tickets" in out.getvalue()
    ticket.refresh_from_db()
    assert ticket.redacted_at is not None
    assert PERSONAL not in ticket.subject + ticket.description
    assert ticket.resolution_summary == ""
    assert (ticket.status, ticket.outcome, ticket.outcome_amount) == (
        "resolved",
        "upheld",
        Decimal("88.50"),
    )
    assert (ticket.kind, ticket.category, ticket.root_cause) == (
        "complaint",
        "transfer_failed",
        "system_failure",
    )
    assert not Message.objects.filter(ticket=ticket, body__contains="1380").exists()
    assert not StatusChange.objects.filter(ticket=ticket, note__contains="1380")
    assert StatusChange.objects.filter(ticket=ticket).count() == 4
    assert not storage.exists(stored)
    link = ticket.transaction_links.get()
    assert link.snapshot["counterparty_name"] == ""
    assert Decimal(link.snapshot["amount"]) == Decimal("100")
    (event,) = audit_events_for(instance=ticket).filter(action=AuditEvent.Action.REDACT)
    assert event.source == AuditEvent.Source.COMMAND
    assert PERSONAL not in str(event.changes)


def test_redacted_ticket_page_still_opens_and_its_file_is_gone(client, agent):
    ticket = _resolved(agent, days_ago=_default_days() + 1)
    attachment = Attachment.objects.get(ticket=ticket)
    retention.tickets_redact_past_retention()
    client.force_login(ticket.customer)
    page = client.get(ticket.get_absolute_url())
    assert page.status_code == 200
    assert PERSONAL not in page.content.decode()
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_tickets_within_retention_open_or_on_legal_hold_are_kept(agent):
    recent = _resolved(agent, days_ago=_default_days() - 1)
    held = _resolved(agent, days_ago=_default_days() + 10)
    Ticket.objects.filter(pk=held.pk).update(is_on_legal_hold=True)
    still_open = TicketFactory(description=PERSONAL)

    assert retention.tickets_redact_past_retention() == 0

    for ticket in (recent, held, still_open):
        ticket.refresh_from_db()
        assert ticket.redacted_at is None
        assert PERSONAL in ticket.description


def test_retention_follows_the_ticket_profile_and_its_legal_hold(agent):
    short = RegimeProfile.objects.exclude(is_default=True).first()
    short.retention_days = 30
    short.save()
    under_short = _resolved(agent, days_ago=40)
    TicketClock.objects.filter(ticket=under_short).update(profile=short)
    under_default = _resolved(agent, days_ago=40)

    assert list(retention.tickets_past_retention()) == [under_short]

    short.is_on_legal_hold = True
    short.save()
    assert list(retention.tickets_past_retention()) == []
    assert under_default.redacted_at is None


def test_dry_run_changes_nothing_and_a_second_run_finds_nothing(agent):
    ticket = _resolved(agent, days_ago=_default_days() + 1)
    out = StringIO()
    call_command("redact_closed_tickets", "--dry-run", stdout=out)
    assert "1 tickets are past retention" in out.getvalue()
    ticket.refresh_from_db()
    assert ticket.redacted_at is None
    call_command("redact_closed_tickets", stdout=StringIO())
    again = StringIO()
    call_command("redact_closed_tickets", stdout=again)
    assert "Redacted 0 tickets" in again.getvalue()
    assert audit_events_for(instance=ticket).filter(action="redact").count() == 1


def test_a_reopened_ticket_is_not_redacted(agent, supervisor):
    ticket = _resolved(agent, days_ago=_default_days() + 1)
    workflow.ticket_transition(
        ticket=ticket, to_status="investigating", actor=supervisor
    )
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=None)  # as a reopen leaves
    assert retention.ticket_redact(ticket=ticket) is False
