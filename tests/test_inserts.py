"""config.inserts.rows_insert writes what Model.save() would, in one statement."""

from datetime import timedelta

import pytest
from django.db import models
from django.db.models import F
from django.db.models.signals import post_save
from django.forms.models import model_to_dict

from audit.models import AuditEvent
from complaints.models import ComplaintDetail, StatusChange, Ticket
from config import inserts
from config.inserts import rows_insert
from sla.models import ClockEvent, TicketClock
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _row(instance: models.Model) -> dict[str, object]:
    """The stored values of a row, without its key and its time stamp."""
    stored = type(instance).objects.get(pk=instance.pk)
    values = model_to_dict(stored, fields=[f.name for f in stored._meta.fields])
    values.pop("id", None)
    values.pop("created_at", None)
    return values


def test_rows_insert_stores_what_save_stores_and_sets_the_key():
    ticket = TicketFactory()
    saved = StatusChange(ticket=ticket, from_status="", to_status="received")
    saved.save()
    inserted = StatusChange(ticket=ticket, from_status="", to_status="received")

    rows_insert([inserted])

    assert inserted.pk is not None
    assert inserted.pk != saved.pk
    assert inserted._state.adding is False
    assert _row(inserted) == _row(saved)
    # auto_now_add is filled in by the field, as save() does.
    assert inserted.created_at is not None
    stored = StatusChange.objects.get(pk=inserted.pk)
    assert stored.created_at == inserted.created_at


def test_rows_insert_writes_several_rows_in_one_statement_in_order(
    django_assert_num_queries,
):
    ticket = TicketFactory()
    due = ticket.received_at + timedelta(days=1)
    clocks = [
        TicketClock(
            ticket=ticket,
            kind=kind,
            cycle=9,
            profile=ticket.clocks.first().profile,
            started_at=ticket.received_at,
            counted_from=ticket.received_at,
            due_at=due + timedelta(hours=hours),
            warn_at=due,
            stopped_at=due,  # one running clock per kind: these are finished
            amount=1,
            unit="days",
        )
        for hours, kind in enumerate(TicketClock.Kind.values)
    ]

    with django_assert_num_queries(1):
        rows_insert(clocks)

    for clock in clocks:
        stored = TicketClock.objects.get(pk=clock.pk)
        assert (stored.kind, stored.due_at) == (clock.kind, clock.due_at)


def test_rows_insert_picks_up_a_parent_saved_after_it_was_assigned():
    customer = CustomerFactory()
    ticket = TicketFactory.build(customer=customer)
    change = StatusChange(ticket=ticket, from_status="", to_status="received")
    with pytest.raises(ValueError, match="unsaved related object"):
        rows_insert([change])

    filed = TicketFactory(customer=customer)
    change.ticket = filed  # as ticket_create plans clocks before the ticket exists
    rows_insert([change])

    assert StatusChange.objects.get(pk=change.pk).ticket_id == filed.pk


def test_rows_insert_writes_a_row_whose_key_is_its_parents():
    ticket = TicketFactory()
    ComplaintDetail.objects.filter(ticket=ticket).delete()
    detail = ComplaintDetail(ticket=ticket, remedy_sought="A refund")

    rows_insert([detail])

    assert ComplaintDetail.objects.get(pk=ticket.pk).remedy_sought == "A refund"


def test_rows_insert_splits_large_inputs_into_batches(
    django_assert_num_queries, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(inserts, "BATCH_ROWS", 4)
    ticket = TicketFactory()
    clock = ticket.clocks.first()
    events = [
        ClockEvent(clock=clock, kind=ClockEvent.Kind.START, at=ticket.received_at)
        for _ in range(10)
    ]

    with django_assert_num_queries(3):  # 4 + 4 + 2
        rows_insert(events)

    assert len({event.pk for event in events}) == 10
    assert ClockEvent.objects.filter(pk__in=[e.pk for e in events]).count() == 10


def test_rows_insert_sends_no_model_signals():
    ticket = TicketFactory()
    received: list[object] = []

    def receiver(**kwargs: object) -> None:
        received.append(kwargs["instance"])

    post_save.connect(receiver, sender=StatusChange, weak=False)
    try:
        rows_insert([StatusChange(ticket=ticket, to_status="received")])
    finally:
        post_save.disconnect(receiver, sender=StatusChange)

    assert received == []


def test_rows_insert_refuses_mixed_models_and_expressions():
    ticket = TicketFactory()
    before = (StatusChange.objects.count(), AuditEvent.objects.count())
    change = StatusChange(ticket=ticket, to_status="received")
    with pytest.raises(TypeError):
        rows_insert([change, AuditEvent(action="create", source="web")])
    with pytest.raises(TypeError):
        rows_insert([StatusChange(ticket=ticket, to_status=F("from_status"))])
    assert (StatusChange.objects.count(), AuditEvent.objects.count()) == before


def test_rows_insert_with_nothing_to_insert_does_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        rows_insert([])


def test_ticket_filing_writes_its_rows_once_each():
    ticket = TicketFactory()
    assert Ticket.objects.filter(pk=ticket.pk).count() == 1
    assert ticket.status_changes.count() == 1
    assert ticket.clocks.count() == 2
    assert ClockEvent.objects.filter(clock__ticket=ticket).count() == 2
    assert ComplaintDetail.objects.filter(ticket=ticket).count() == 1
