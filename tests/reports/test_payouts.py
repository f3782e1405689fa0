"""Reports count the payouts the wallet core confirmed apart from decided amounts."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Ticket
from complaints.services import refund_decide
from integrations.api_keys import api_key_issue
from tests.factories import TicketFactory
from tests.tickets import ticket_resolve
from tests.wallet_actions.conftest import callback, core_endpoint_create
from wallet_actions.models import WalletAction
from wallet_actions.services import action_request

pytestmark = pytest.mark.django_db


def _today() -> dict[str, str]:
    today = timezone.localdate(timezone.now(), timezone.get_default_timezone())
    return {"period": "custom", "start": str(today), "end": str(today)}


@pytest.fixture
def payouts(agent, settings) -> dict[str, WalletAction]:
    """A 40 CNY decision paid 25 (confirmed) + 15 (still waiting), 9 USD refused."""
    settings.WALLETDESK_REPORT_CACHE_SECONDS = 0
    endpoint = core_endpoint_create()
    _key, key = api_key_issue(name="wallet core", actor=None)
    core = Client()

    def asked(amount: str, currency: str, ticket: Ticket) -> WalletAction:
        return action_request(
            ticket=ticket,
            kind="refund_payout",
            actor=agent,
            amount=amount,
            currency=currency,
        )

    def answer(action: WalletAction, outcome: str) -> None:
        response = callback(
            core,
            action=action,
            key=key,
            secret=endpoint.secret,
            outcome=outcome,
            core_reference=f"LEDGER-{action.pk}",
            amount=str(action.amount),
            currency=action.currency,
        )
        assert response.status_code == 200, response.content

    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    refund_decide(ticket=ticket, actor=agent, approved_amount="40")
    paid = asked("25", "CNY", ticket)
    answer(paid, "confirmed")
    waiting = asked("15", "CNY", ticket)
    other = TicketFactory()
    refused = asked("9", "USD", other)
    answer(refused, "refused")
    return {"paid": paid, "waiting": waiting, "refused": refused, "ticket": ticket}


def test_page_shows_confirmed_payouts_apart_from_decided_amounts(
    client, manager, agent, payouts
):
    # The decision (40 CNY stated on resolution) and the 15 CNY not yet
    # confirmed are decided amounts, not paid ones.
    ticket_resolve(
        payouts["ticket"],
        actor=agent,
        outcome=Ticket.Outcome.UPHELD,
        amount=Decimal("40"),
        currency="CNY",
    )
    client.force_login(manager)

    response = client.get(reverse("reports:report"), _today())

    report = response.context["report"]
    assert report.payouts == [("CNY", Decimal("25"), 1)]
    assert [(c, t) for c, t, _n in report.refunds] == [("CNY", Decimal("40"))]
    html = response.content.decode()
    assert 'data-test="payout-CNY"' in html
    assert 'data-test="payout-USD"' not in html
    assert "Payouts confirmed by the wallet" in html


def test_payouts_count_on_the_day_the_core_confirmed(client, manager, payouts):
    WalletAction.objects.filter(pk=payouts["paid"].pk).update(
        answered_at=timezone.now() - timedelta(days=40)
    )
    client.force_login(manager)

    response = client.get(reverse("reports:report"), _today())

    assert response.context["report"].payouts == []
    assert "The wallet confirmed no payout in this period." in response.text


def test_payouts_follow_the_ticket_filters(client, manager, payouts):
    client.force_login(manager)
    url = reverse("reports:report")

    mine = client.get(url, {**_today(), "kind": Ticket.Kind.MISOPERATION_REFUND})
    other = client.get(url, {**_today(), "kind": Ticket.Kind.CANCELLED_TX_INQUIRY})

    assert mine.context["report"].payouts == [("CNY", Decimal("25"), 1)]
    assert other.context["report"].payouts == []


def test_figures_csv_holds_the_confirmed_payouts(client, manager, payouts):
    client.force_login(manager)

    response = client.get(reverse("reports:export"), _today())

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {(r[0], r[1]): r[3] for r in csv.reader(io.StringIO(body))}
    assert rows[("payout_confirmed", "CNY:amount")] == "25.00"
    assert rows[("payout_confirmed", "CNY:payouts")] == "1"
    assert ("payout_confirmed", "USD:amount") not in rows
