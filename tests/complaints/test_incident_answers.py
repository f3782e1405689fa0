"""One resolution, many answers: every linked ticket answered once, in its language."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaints.models import (
    IncidentAnswerChunk,
    IncidentTicketAnswer,
    Message,
    Notice,
    StatusChange,
    Ticket,
)
from complaints.services.incident_answers import (
    incident_answer_chunk_process,
    incident_answer_start,
)
from complaints.workflow import Resolution, ticket_transition
from tests.factories import TicketFactory
from tests.incidents.helpers import declare_transfer_outage

pytestmark = pytest.mark.django_db

BODY_ZH = "{reference} 的转账故障已修复 退款 {amount}"
BODY_EN = "The transfer fault behind {reference} is fixed; refund {amount}."


def test_resolving_answers_each_linked_ticket_through_the_workflow(
    supervisor, django_capture_on_commit_callbacks
):
    incident = declare_transfer_outage(actor=supervisor)
    english = TicketFactory()
    chinese = TicketFactory(language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        run = incident_answer_start(
            incident=incident,
            mode="resolve",
            body_zh_hans=BODY_ZH,
            body_en=BODY_EN,
            outcome=Ticket.Outcome.UPHELD,
            root_cause=Ticket.RootCause.SYSTEM_FAILURE,
            amounts={chinese.pk: (Decimal("12.50"), "CNY")},
            resolve_incident=True,
            actor=supervisor,
        )
    incident.refresh_from_db()
    english.refresh_from_db()
    chinese.refresh_from_db()

    assert incident.state == "resolved"
    assert run.total == 2
    assert not IncidentTicketAnswer.objects.filter(done_at__isnull=True).exists()
    assert IncidentAnswerChunk.objects.get(run=run).sent_at is not None
    assert (english.status, chinese.status) == ("resolved", "resolved")
    assert english.resolution_summary.startswith(
        f"The transfer fault behind {english.reference} is fixed"
    )
    assert chinese.resolution_summary.startswith(
        f"{chinese.reference} 的转账故障已修复"
    )
    # Formatted as every amount is (money_format), as the resolution mail shows it.
    assert "12.50 CNY" in chinese.resolution_summary
    assert (chinese.outcome_amount, chinese.outcome_currency) == (
        Decimal("12.5"),
        "CNY",
    )
    assert english.outcome_amount is None
    assert english.root_cause == Ticket.RootCause.SYSTEM_FAILURE
    for ticket in (english, chinese):
        assert (
            Notice.objects.filter(ticket=ticket, kind=Notice.Kind.RESOLUTION).count()
            == 1
        )
        assert StatusChange.objects.filter(
            ticket=ticket, to_status="resolved", actor=supervisor
        ).exists()


def test_resolution_by_incident_sends_no_progress_notice_on_the_way(
    supervisor, django_capture_on_commit_callbacks
):
    incident = declare_transfer_outage(actor=supervisor)
    received = TicketFactory()
    acknowledged = TicketFactory(language="zh-hans")
    ticket_transition(ticket=acknowledged, to_status="acknowledged", actor=None)
    before = set(Notice.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        incident_answer_start(
            incident=incident,
            mode="resolve",
            body_zh_hans=BODY_ZH,
            body_en=BODY_EN,
            outcome=Ticket.Outcome.UPHELD,
            actor=supervisor,
        )
    for ticket in (received, acknowledged):
        # The steps on the way are in the ticket's history ...
        assert list(
            StatusChange.objects.filter(ticket=ticket)
            .order_by("pk")
            .values_list("to_status", flat=True)
        ) == ["received", "acknowledged", "investigating", "resolved"]
        # ... but the customer hears once: the resolution (and the survey after it).
        new_kinds = sorted(
            Notice.objects.filter(ticket=ticket)
            .exclude(pk__in=before)
            .values_list("kind", flat=True)
        )
        assert new_kinds == sorted(
            [Notice.Kind.RESOLUTION, Notice.Kind.SATISFACTION_REQUEST]
        )


def test_chunk_run_again_answers_nobody_twice(
    supervisor, django_capture_on_commit_callbacks
):
    incident = declare_transfer_outage(actor=supervisor)
    TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        run = incident_answer_start(
            incident=incident,
            mode="resolve",
            body_zh_hans=BODY_ZH,
            body_en=BODY_EN,
            outcome=Ticket.Outcome.UPHELD,
            actor=supervisor,
        )
    chunk = IncidentAnswerChunk.objects.get(run=run)
    # The eager dispatch ran on commit already: a re-dispatch finds nothing to do.
    IncidentAnswerChunk.objects.filter(pk=chunk.pk).update(sent_at=None)
    assert incident_answer_chunk_process(chunk_id=chunk.pk) == 0
    assert Notice.objects.filter(kind=Notice.Kind.RESOLUTION).count() == 1


def test_ticket_resolved_by_an_agent_meanwhile_is_skipped(
    supervisor, agent, django_capture_on_commit_callbacks
):
    incident = declare_transfer_outage(actor=supervisor)
    ticket = TicketFactory()
    other = TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        run = incident_answer_start(
            incident=incident,
            mode="resolve",
            body_zh_hans=BODY_ZH,
            body_en=BODY_EN,
            outcome=Ticket.Outcome.UPHELD,
            actor=supervisor,
        )
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"
    assert Ticket.objects.get(pk=other.pk).status == "resolved"
    # Re-opened by the customer, resolved by hand: a retried answer leaves it be.
    ticket_transition(ticket=ticket, to_status="investigating", actor=supervisor)
    ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=Resolution(outcome=Ticket.Outcome.REJECTED),
    )
    chunk = IncidentAnswerChunk.objects.get(run=run)
    IncidentAnswerChunk.objects.filter(pk=chunk.pk).update(sent_at=None)
    IncidentTicketAnswer.objects.filter(run=run).update(done_at=None)
    assert incident_answer_chunk_process(chunk_id=chunk.pk) == 0
    assert IncidentTicketAnswer.objects.filter(run=run, skipped=True).count() == 2
    ticket.refresh_from_db()
    assert ticket.outcome == Ticket.Outcome.REJECTED


def test_update_mode_posts_one_public_reply_and_keeps_tickets_open(
    supervisor, django_capture_on_commit_callbacks
):
    incident = declare_transfer_outage(actor=supervisor)
    ticket = TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        incident_answer_start(
            incident=incident,
            mode="update",
            body_zh_hans="仍在修复",
            body_en="Still fixing {reference}",
            actor=supervisor,
        )
    ticket.refresh_from_db()
    assert ticket.status != "resolved"
    [reply] = Message.objects.filter(ticket=ticket, author=supervisor)
    assert reply.body == f"Still fixing {ticket.reference}"
    assert not reply.is_internal


def test_bad_answer_is_refused_and_changes_nothing(supervisor):
    incident = declare_transfer_outage(actor=supervisor)
    TicketFactory()
    with pytest.raises(ValidationError):
        incident_answer_start(
            incident=incident,
            mode="resolve",
            body_zh_hans="",
            body_en=BODY_EN,
            outcome="",
            resolve_incident=True,
            actor=supervisor,
        )
    incident.refresh_from_db()
    assert incident.state == "investigating"
    assert not IncidentTicketAnswer.objects.exists()
