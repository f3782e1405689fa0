"""Two workers answering one run at once: neither skips the other's tickets."""

import threading

import pytest
from django.db import connection, transaction

from complaints.models import IncidentAnswerRun, IncidentTicketAnswer, Ticket
from complaints.services.incident_answers import (
    incident_answer_start,
    incident_chunk_resolve,
)
from tests.factories import TicketFactory
from tests.incidents.helpers import declare_transfer_outage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_an_answer_in_progress_elsewhere_does_not_make_this_one_skip(
    supervisor, monkeypatch
) -> None:
    from complaints import tasks

    incident = declare_transfer_outage(actor=supervisor)
    TicketFactory()
    TicketFactory()
    # The chunk is left for this test to work through, as a worker would.
    monkeypatch.setattr(tasks.answer_incident_chunk, "delay", lambda *args: None)
    run = incident_answer_start(
        incident=incident,
        mode="resolve",
        body_zh_hans="已修复 {reference}",
        body_en="Fixed: {reference}.",
        outcome=Ticket.Outcome.UPHELD,
        actor=supervisor,
    )
    first, second = IncidentTicketAnswer.objects.filter(run=run).order_by("pk")
    holding, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        # Another worker midway through the first answer: its row locked, and
        # whatever its query joined.
        try:
            with transaction.atomic():
                IncidentTicketAnswer.objects.select_for_update(
                    skip_locked=True, of=("self",)
                ).filter(pk=first.pk).first()
                IncidentAnswerRun.objects.select_for_update().get(pk=run.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        # This worker answers the ticket the other does not hold, and leaves it
        # the one it holds.
        assert incident_chunk_resolve(chunk_id=second.chunk_id) == 1
    finally:
        release.set()
        thread.join(timeout=30)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.done_at is not None
    assert not second.skipped
    assert first.done_at is None
