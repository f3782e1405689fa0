"""Resolving tickets in bulk leaves the rows resolving them one by one would."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from complaints.models import AgentLoad, Notice, StatusChange, Ticket, TicketHold
from complaints.notice_batches import notices_deliver_many
from complaints.notices import notice_deliver
from complaints.services import ticket_assign
from complaints.workflow import Resolution, ticket_hold, ticket_transition
from complaints.workflow_batch import tickets_resolve_batch
from reports.models import RollupPending
from sla.models import ClockEvent, TicketClock
from tests.factories import AgentFactory, TicketFactory

pytestmark = pytest.mark.django_db

NOTE = "Answered with incident 7"


def _resolve_one_by_one(ticket: Ticket, actor, resolution: Resolution) -> None:
    """What the incident answer did ticket by ticket: silent steps, then the resolve."""
    for step_from, step_to in (
        ("received", "acknowledged"),
        ("acknowledged", "investigating"),
    ):
        if ticket.status == step_from:
            ticket_transition(
                ticket=ticket, to_status=step_to, actor=actor, note=NOTE, notify=False
            )
    ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=actor,
        note=NOTE,
        resolution=resolution,
    )


def _trail(ticket: Ticket, since: int) -> dict:
    """Everything a resolution left about ticket, without ids and instants."""
    ticket.refresh_from_db()
    clocks = TicketClock.objects.filter(ticket=ticket).order_by("kind", "cycle")
    return {
        "ticket": (
            ticket.status,
            ticket.outcome,
            ticket.outcome_amount,
            ticket.outcome_currency,
            ticket.resolution_summary,
            ticket.root_cause,
            ticket.acknowledged_at is not None,
            ticket.resolved_at is not None,
        ),
        "moves": list(
            StatusChange.objects.filter(ticket=ticket, pk__gt=since)
            .order_by("pk")
            .values_list("from_status", "to_status", "actor_id", "note")
        ),
        "audit": [
            (event.action, event.actor_id, sorted(event.changes))
            for event in AuditEvent.objects.filter(
                content_type__model="ticket", object_id=str(ticket.pk)
            ).order_by("pk")
        ],
        "audited statuses": [
            event.changes["status"]
            for event in AuditEvent.objects.filter(
                content_type__model="ticket", object_id=str(ticket.pk)
            ).order_by("pk")
            if "status" in event.changes
        ],
        "clocks": [
            (
                clock.kind,
                clock.cycle,
                clock.stop_reason,
                clock.band,
                clock.stopped_at is not None,
                clock.breached_at is not None,
            )
            for clock in clocks
        ],
        "clock events": list(
            ClockEvent.objects.filter(clock__ticket=ticket)
            .order_by("clock__kind", "pk")
            .values_list("clock__kind", "kind", "actor_id")
        ),
        "notices": sorted(
            (kind, language, recipient == ticket.customer_id, status)
            for kind, language, recipient, status in Notice.objects.filter(
                ticket=ticket
            ).values_list(
                "kind", "language", "recipient_id", "status_change__to_status"
            )
        ),
        "open holds": TicketHold.objects.filter(
            ticket=ticket, ended_at__isnull=True
        ).count(),
        "marked for reports": RollupPending.objects.filter(
            ticket_id=ticket.pk
        ).exists(),
    }


@pytest.mark.parametrize("start", ["received", "acknowledged", "on hold, overdue"])
def test_batch_leaves_the_rows_of_one_by_one(supervisor, start: str) -> None:
    agent = AgentFactory()
    single = TicketFactory(language="zh-hans")
    batched = TicketFactory(language="zh-hans")
    for ticket in (single, batched):
        ticket_assign(ticket=ticket, assignee=agent, actor=supervisor)
        if start != "received":
            ticket_transition(ticket=ticket, to_status="acknowledged", actor=None)
        if start == "on hold, overdue":
            ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
            ticket_hold(ticket=ticket, waiting_on="third_party", actor=agent)
            # The resolve clock's deadline passed while it waited.
            TicketClock.objects.filter(ticket=ticket, kind="resolve").update(
                due_at=timezone.now() - timedelta(hours=1)
            )
    since = StatusChange.objects.order_by("-pk").values_list("pk", flat=True)[0]
    RollupPending.objects.all().delete()
    load_before = AgentLoad.objects.get(agent=agent).open_tickets

    resolution = Resolution(
        outcome=Ticket.Outcome.UPHELD,
        summary="转账故障已修复",
        amount=Decimal("12.50"),
        currency="cny",
        root_cause=Ticket.RootCause.SYSTEM_FAILURE,
    )
    _resolve_one_by_one(single, supervisor, resolution)
    results = tickets_resolve_batch(
        resolutions={batched.pk: resolution}, actor=supervisor, note=NOTE
    )

    assert isinstance(results[batched.pk], StatusChange)
    assert _trail(batched, since) == _trail(single, since)
    assert _trail(batched, since)["ticket"][0] == "resolved"
    assert _trail(batched, since)["open holds"] == 0
    # Both freed their slot with the agent.
    assert AgentLoad.objects.get(agent=agent).open_tickets == load_before - 2


def test_a_ticket_the_workflow_refuses_is_left_and_the_rest_resolved(
    supervisor,
) -> None:
    resolved, bad_amount, fine = (TicketFactory() for _ in range(3))
    _resolve_one_by_one(
        resolved, supervisor, Resolution(outcome=Ticket.Outcome.REJECTED)
    )
    moves_before = StatusChange.objects.count()

    results = tickets_resolve_batch(
        resolutions={
            resolved.pk: Resolution(outcome=Ticket.Outcome.UPHELD),
            bad_amount.pk: Resolution(
                outcome=Ticket.Outcome.UPHELD, amount=Decimal("-1"), currency="CNY"
            ),
            fine.pk: Resolution(outcome=Ticket.Outcome.UPHELD),
        },
        actor=supervisor,
    )

    assert "cannot move" in str(results[resolved.pk])
    assert "negative" in str(results[bad_amount.pk])
    assert isinstance(results[fine.pk], StatusChange)
    for ticket in (resolved, bad_amount, fine):
        ticket.refresh_from_db()
    assert resolved.outcome == Ticket.Outcome.REJECTED
    assert bad_amount.status == "received"
    assert fine.status == "resolved"
    # Only the fine ticket moved: its three steps.
    assert StatusChange.objects.count() == moves_before + 3


def test_an_agent_may_not_resolve_through_the_batch_what_they_may_not_one_by_one(
    supervisor,
) -> None:
    customer_ticket = TicketFactory()
    results = tickets_resolve_batch(
        resolutions={customer_ticket.pk: Resolution(outcome=Ticket.Outcome.UPHELD)},
        actor=customer_ticket.customer,
    )
    assert "not allowed" in str(results[customer_ticket.pk])
    customer_ticket.refresh_from_db()
    assert customer_ticket.status == "received"


def test_batch_notices_go_out_once_each_the_survey_after_its_resolution(
    supervisor, django_capture_on_commit_callbacks
) -> None:
    tickets = [TicketFactory(), TicketFactory(language="zh-hans")]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tickets_resolve_batch(
            resolutions={
                ticket.pk: Resolution(outcome=Ticket.Outcome.UPHELD)
                for ticket in tickets
            },
            actor=supervisor,
        )
    kinds = [Notice.Kind.RESOLUTION, Notice.Kind.SATISFACTION_REQUEST]
    notices = Notice.objects.filter(kind__in=kinds)
    assert notices.count() == 4
    assert not notices.filter(sent_at__isnull=True).exists()
    sent = [
        (message.extra_headers["X-Walletdesk-Notice"], message.to[0])
        for message in mail.outbox
    ]
    assert len(sent) == len(set(sent)) == 4
    for ticket in tickets:
        order = [
            Notice.objects.get(pk=int(notice_id)).kind
            for notice_id, to in sent
            if to == ticket.customer.email
        ]
        assert order == kinds

    # Delivering the same batch again sends nothing more.
    assert (
        notices_deliver_many(notice_ids=list(notices.values_list("pk", flat=True))) == 0
    )
    assert len(mail.outbox) == 4


def test_a_notice_that_fails_in_its_batch_is_retried_alone_and_the_rest_go_out(
    supervisor, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    first, second = TicketFactory(), TicketFactory()
    with django_capture_on_commit_callbacks(execute=False):
        tickets_resolve_batch(
            resolutions={
                ticket.pk: Resolution(outcome=Ticket.Outcome.UPHELD)
                for ticket in (first, second)
            },
            actor=supervisor,
        )
    ids = list(
        Notice.objects.filter(status_change__to_status="resolved")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    failing = Notice.objects.get(ticket=first, kind=Notice.Kind.RESOLUTION).pk
    retried = []
    monkeypatch.setattr(
        "complaints.notice_batches.outbox_dispatch",
        lambda task, notice_id: retried.append((task.name, notice_id)),
    )
    from complaints import channels

    real_send = channels.EmailChannel.send

    def send(self, notice, rendered, *, connection=None):
        if notice.pk == failing:
            raise OSError("mail server refused")
        real_send(self, notice, rendered, connection=connection)

    monkeypatch.setattr(channels.EmailChannel, "send", send)
    mail.outbox.clear()

    assert notices_deliver_many(notice_ids=ids) == 2
    assert retried == [("complaints.tasks.deliver_notice", failing)]
    # The second ticket's two notices went out; the first's survey waits for
    # its resolution, which its own delivery task will send.
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {second.customer.email}
    assert not Notice.objects.filter(ticket=first, sent_at__isnull=False).exists()


def test_a_notice_read_before_another_delivery_sent_it_is_not_sent_again(
    supervisor, django_capture_on_commit_callbacks
) -> None:
    ticket = TicketFactory()
    with django_capture_on_commit_callbacks(execute=False):
        tickets_resolve_batch(
            resolutions={ticket.pk: Resolution(outcome=Ticket.Outcome.UPHELD)},
            actor=supervisor,
        )
    resolution = Notice.objects.get(ticket=ticket, kind=Notice.Kind.RESOLUTION)
    read_earlier = Notice.objects.get(pk=resolution.pk)
    # Another worker's delivery sends it after this batch read it.
    assert notice_deliver(notice_id=resolution.pk) is True
    mail.outbox.clear()

    assert notice_deliver(notice_id=resolution.pk, loaded=read_earlier) is False
    assert mail.outbox == []
