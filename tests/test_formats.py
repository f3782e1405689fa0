"""One date style and one money format per language, on every surface a person reads.

Dates: config/formats/<language>/formats.py. Money: config.formats.money.
"""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from complaints import workflow
from complaints.models import Notice, Ticket
from complaints.notices import notice_deliver
from config.formats.money import money_format, money_plain
from tests.api.conftest import client_for
from tests.factories import AgentFactory, TicketFactory, TransactionFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 4, 13, 43, tzinfo=ZoneInfo("Asia/Shanghai"))
# What the old mix looked like: "12/04/2026 1:43 p.m.", "Dec. 19, 2026", "2026-12-04 13:43".
OTHER_STYLES = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4}|[ap]\.m\.|\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}"
)


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("en", "4 Dec 2026", "4 Dec 2026, 13:43"),
        ("zh-hans", "2026年12月4日", "2026年12月4日 13:43"),
    ],
)
def test_one_date_style_per_language(language, date, moment):
    with translation.override(language):
        assert date_format(MOMENT, "DATE_FORMAT") == date
        assert date_format(MOMENT, "SHORT_DATE_FORMAT") == date
        assert date_format(MOMENT, "DATETIME_FORMAT") == moment
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == moment


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_money_reads_the_same_in_both_languages(language):
    with translation.override(language):
        assert money_format(Decimal("2000.00000000"), "CNY") == "2,000.00 CNY"
        assert money_format(Decimal("88"), "usd") == "88.00 USD"
        assert money_format(Decimal("1500"), "JPY") == "1,500 JPY"
        assert money_format(Decimal("0.00012345"), "USDT") == "0.00012345 USDT"
        assert money_format(Decimal("100.00000000"), "USDT") == "100.00 USDT"
        assert money_format(Decimal("12.5")) == "12.50"


def test_machines_and_input_boxes_get_the_currency_decimals_without_grouping():
    assert money_plain(Decimal("2000.00000000"), "CNY") == "2000.00"
    assert money_plain(Decimal("0.00012345"), "USDT") == "0.00012345"
    assert money_plain(Decimal("1500.00000000"), "JPY") == "1500"


def _resolved_refund(customer=None) -> Ticket:
    ticket = TicketFactory(
        kind=Ticket.Kind.MISOPERATION_REFUND,
        **({"customer": customer} if customer else {}),
    )
    agent = AgentFactory()
    for status in ("acknowledged", "investigating"):
        workflow.ticket_transition(ticket=ticket, to_status=status, actor=agent)
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(
            outcome="upheld",
            summary="Recovered from the payee.",
            amount=Decimal("2000"),
            currency="CNY",
        ),
    )
    ticket.refresh_from_db()
    return ticket


def test_ticket_page_and_resolution_mail_show_one_money_and_date_style(
    client, customer, mailoutbox
):
    ticket = _resolved_refund(customer)
    notice_deliver(notice_id=Notice.objects.get(ticket=ticket, kind="resolution").pk)
    client.force_login(customer)
    page = client.get(ticket.get_absolute_url()).content.decode()
    mail = mailoutbox[0]
    for text in (page, mail.body, mail.alternatives[0][0]):
        assert "2,000.00 CNY" in text
        assert "2000.00 CNY" not in text
        assert not OTHER_STYLES.search(text), OTHER_STYLES.search(text)
    assert (
        date_format(timezone.localtime(ticket.received_at), "DATETIME_FORMAT") in page
    )


def test_admin_case_page_dates_and_refund_box_use_the_same_formats(client):
    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    agent = AgentFactory()
    client.force_login(agent)
    page = client.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk])
    ).content.decode()
    assert 'name="approved_amount" value="100.00"' in page
    assert "100.00000000" not in page
    assert "100.00 CNY" in page
    assert not OTHER_STYLES.search(page), OTHER_STYLES.search(page)
    listing = client.get(reverse("admin:complaints_ticket_changelist")).content
    assert not OTHER_STYLES.search(listing.decode())


def test_api_amounts_carry_the_currency_decimals(customer):
    TransactionFactory(owner=customer, amount=Decimal("88"), currency="CNY")
    ticket = _resolved_refund(customer)
    client = client_for(customer)
    records = client.get("/api/v1/my/transactions/").json()["results"]
    assert {row["amount"] for row in records} == {"88.00", "100.00"}
    assert {row["fee"] for row in records} == {"0.00"}
    detail = client.get(f"/api/v1/my/tickets/{ticket.reference}/").json()
    assert detail["outcome_amount"] == "2000.00"
    assert detail["details"]["amount_requested"] == "100.00"
    assert detail["transactions"][0]["amount"] == "100.00"
