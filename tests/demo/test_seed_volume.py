"""seed_volume: consistent bulk data that pages and reports can trust, loaded once."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F
from django.test import Client
from django.utils import translation

from accounts.models import User
from complaints.models import (
    CancellationInquiry,
    ComplaintDetail,
    Message,
    Notice,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketTransaction,
)
from demo.volume_seed import VOLUME_PASSWORD, volume_seed
from sla.models import TicketClock
from tests.factories import TicketFactory
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
SEEDED = (
    User,
    Transaction,
    Ticket,
    TicketTransaction,
    StatusChange,
    Message,
    Notice,
    TicketClock,
)


@pytest.fixture
def seeded() -> list[Ticket]:
    call_command("seed_volume", tickets=200, seed=5, verbosity=0)
    return list(Ticket.objects.select_related("customer", "queue"))


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in SEEDED}


def test_seed_volume_files_every_ticket_with_its_first_status_change(
    seeded: list[Ticket],
) -> None:
    assert len(seeded) == 200
    first_moves = StatusChange.objects.filter(from_status="", to_status="received")
    assert first_moves.count() == 200
    assert not first_moves.exclude(actor=F("ticket__customer")).exists()
    assert {ticket.customer.username[:5] for ticket in seeded} == {"vol5-"}


def test_seed_volume_history_ends_in_each_tickets_status(seeded: list[Ticket]) -> None:
    for ticket in seeded:
        moves = list(ticket.status_changes.order_by("created_at", "pk"))
        assert moves[-1].to_status == ticket.status
        assert [move.from_status for move in moves[1:]] == [
            move.to_status for move in moves[:-1]
        ]
        assert all(move.created_at >= ticket.received_at for move in moves)


def test_seed_volume_resolved_tickets_have_outcomes_and_stopped_clocks(
    seeded: list[Ticket],
) -> None:
    resolved = [ticket for ticket in seeded if ticket.status == "resolved"]
    assert len(resolved) > 100  # two years of history: most are closed
    clocks = {
        clock.ticket_id: clock
        for clock in TicketClock.objects.filter(kind=TicketClock.Kind.RESOLVE)
    }
    for ticket in resolved:
        assert ticket.outcome in Ticket.Outcome.values
        assert ticket.root_cause
        assert ticket.resolved_at >= ticket.received_at
        clock = clocks[ticket.pk]
        assert clock.stopped_at == ticket.resolved_at
        assert clock.band
        assert ticket.resolve_by == clock.due_at
    rated = [ticket.rating for ticket in resolved if ticket.rating is not None]
    assert rated
    assert set(rated) <= {1, 2, 3, 4, 5}


def test_seed_volume_open_tickets_have_running_clocks_and_some_breach(
    seeded: list[Ticket],
) -> None:
    open_ids = [ticket.pk for ticket in seeded if ticket.status != "resolved"]
    running = TicketClock.objects.filter(
        ticket_id__in=open_ids,
        kind=TicketClock.Kind.RESOLVE,
        stopped_at__isnull=True,
    )
    assert open_ids
    assert running.count() == len(open_ids)
    assert TicketClock.objects.filter(breached_at__isnull=False).exists()


def test_seed_volume_links_only_the_customers_own_fitting_transactions(
    seeded: list[Ticket],
) -> None:
    links = TicketTransaction.objects.select_related("ticket", "transaction")
    assert links.count() > 100
    for link in links:
        assert link.transaction.owner_id == link.ticket.customer_id
        assert link.snapshot["reference"] == link.transaction.reference
        assert link.snapshot["amount"] == str(link.transaction.amount)
    for refund in RefundRequest.objects.select_related("transaction"):
        assert refund.transaction.is_outgoing
        assert refund.transaction.status == Transaction.Status.COMPLETED
        assert 0 < refund.amount_requested <= refund.transaction.amount
    for inquiry in CancellationInquiry.objects.select_related("transaction"):
        assert inquiry.transaction.status == Transaction.Status.CANCELLED
        assert inquiry.cancel_source == inquiry.transaction.cancel_source


def test_seed_volume_writes_the_details_of_each_kind(seeded: list[Ticket]) -> None:
    by_kind = dict(
        Ticket.objects.values_list("kind").annotate(count=Count("pk")).order_by()
    )
    assert ComplaintDetail.objects.count() == by_kind["complaint"]
    assert RefundRequest.objects.count() == by_kind["misoperation_refund"]
    assert CancellationInquiry.objects.count() == by_kind["cancelled_tx_inquiry"]


def test_seed_volume_queues_are_named_in_both_languages(seeded: list[Ticket]) -> None:
    queues = {ticket.queue for ticket in seeded}
    with translation.override("zh-hans"):
        names = {queue.pk: str(queue) for queue in queues}
    assert names == {queue.pk: queue.name_zh_hans for queue in queues}
    assert all(queue.name_zh_hans and queue.name for queue in queues)


def test_seed_volume_sends_the_acknowledgement_of_every_acknowledged_ticket(
    seeded: list[Ticket],
) -> None:
    notices = Notice.objects.filter(kind=Notice.Kind.ACKNOWLEDGEMENT)
    assert notices.count() == 200
    assert not notices.exclude(recipient=F("ticket__customer")).exists()
    assert not notices.filter(
        sent_at__isnull=True, ticket__status__in=["acknowledged", "resolved"]
    ).exists()


def test_seed_volume_second_run_adds_nothing(seeded: list[Ticket]) -> None:
    before = _counts()

    call_command("seed_volume", tickets=200, seed=5, verbosity=0)

    assert _counts() == before


def test_seed_volume_refuses_another_size_for_a_loaded_seed(
    seeded: list[Ticket],
) -> None:
    with pytest.raises(CommandError, match="already holds 200 tickets"):
        call_command("seed_volume", tickets=300, seed=5, verbosity=0)


def test_seed_volume_is_reproducible_for_a_seed() -> None:
    def shape() -> list[tuple]:
        return list(
            Ticket.objects.order_by("received_at", "pk").values_list(
                "customer__username", "kind", "category", "status", "received_at"
            )
        )

    with transaction.atomic():
        volume_seed(tickets=40, seed=9, now=NOW, analyze=False)
        first = shape()
        transaction.set_rollback(True)
    volume_seed(tickets=40, seed=9, now=NOW, analyze=False)

    assert shape() == first
    assert len(first) == 40


def test_seed_volume_keeps_real_filings_clear_of_its_references(
    seeded: list[Ticket],
) -> None:
    filed = TicketFactory()

    assert filed.reference not in {ticket.reference for ticket in seeded}


def test_seed_volume_accounts_can_sign_in(seeded: list[Ticket]) -> None:
    def sign_in(username: str) -> Client:
        browser = Client()
        answer = browser.post(
            "/accounts/login/", {"username": username, "password": VOLUME_PASSWORD}
        )
        assert answer.status_code == 302
        return browser

    assert sign_in("vol5-c0").get("/tickets/").status_code == 200
    assert sign_in("vol5-a0").get("/admin/complaints/ticket/").status_code == 200


def test_seed_volume_ignores_tickets_its_customers_file_later(
    seeded: list[Ticket],
) -> None:
    TicketFactory(customer=User.objects.get(username="vol5-c1"))

    call_command("seed_volume", tickets=200, seed=5, verbosity=0)

    assert Ticket.objects.count() == 201
