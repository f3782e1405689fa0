# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""Names a Chinese-reading agent meets: data names in both languages, who cancelled,
and one order for people's names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Queue, Ticket
from complaints.services import InquiryInput
from sla.models import Calendar, RegimeProfile
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    TicketFactory,
    TransactionFactory,
)
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_shipped_profiles_and_calendars_have_chinese_names():
    # The migrations ran on the test database: what a fresh install gets.
    names = dict(RegimeProfile.objects.values_list("code", "name_zh_hans"))
    assert names["cn"] == "中国（金融监管总局投诉规则）"
    assert all(names.values())
    assert all(Calendar.objects.values_list("name_zh_hans", flat=True))


def test_chinese_admin_shows_queue_and_profile_names_in_chinese(client):
    queue = Queue.objects.create(
        name="Refunds", name_zh_hans="误操作退款", slug="refunds-test"
    )
    ticket = TicketFactory()
    Ticket.objects.filter(pk=ticket.pk).update(queue=queue)
    agent = AgentFactory()
    queue.agents.add(agent)
    client.force_login(agent)
    listing = client.get(reverse("admin:complaints_ticket_changelist"), **ZH)
    case = client.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk]), **ZH
    ).content.decode()
    assert "误操作退款" in listing.content.decode()
    assert "误操作退款" in case
    assert ">Refunds<" not in listing.content.decode()
    # The SLA clocks are in the case page's history part, drawn when opened.
    history = reverse("admin:complaints_ticket_part", args=[ticket.pk, "history"])
    profile = ticket.clocks.select_related("profile").first().profile
    assert profile.name_zh_hans
    assert profile.name_zh_hans in client.get(history, **ZH).content.decode()
    english = client.get(
        reverse("admin:complaints_ticket_change", args=[ticket.pk]), **EN
    ).content.decode()
    assert "Refunds" in english
    assert profile.name in client.get(history, **EN).content.decode()


def _inquiry_cancelled_by_the_customer() -> Ticket:
    customer = CustomerFactory()
    record = TransactionFactory(
        owner=customer,
        cancelled=True,
        cancel_source=Transaction.CancelSource.USER,
    )
    return TicketFactory(
        customer=customer,
        kind=Ticket.Kind.CANCELLED_TX_INQUIRY,
        details=InquiryInput(transaction_id=record.pk),
    )


def test_agent_reads_cancelled_by_the_customer_and_the_customer_reads_you(client):
    ticket = _inquiry_cancelled_by_the_customer()
    client.force_login(AgentFactory())
    url = reverse("admin:complaints_ticket_change", args=[ticket.pk])
    chinese = client.get(url, **ZH).content.decode()
    assert "由客户取消" in chinese
    assert "由您取消" not in chinese
    assert "Cancelled by the customer" in client.get(url, **EN).content.decode()
    client.force_login(ticket.customer)
    portal = client.get(ticket.get_absolute_url(), **ZH).content.decode()
    assert "由您取消" in portal
    assert "由客户取消" not in portal


def test_reports_write_chinese_names_family_name_first_like_everywhere(client):
    agent = AgentFactory(first_name="静", last_name="陈")
    western = AgentFactory(first_name="Jane", last_name="Smith")
    for person in (agent, western):
        ticket = TicketFactory()
        Ticket.objects.filter(pk=ticket.pk).update(
            assignee=person, received_at=timezone.now() - timedelta(days=3)
        )
    client.force_login(ManagerFactory())
    page = client.get(reverse("reports:report"), **ZH).content.decode()
    assert "陈静" in page
    assert "静 陈" not in page
    assert "Jane Smith" in page
    assert str(agent) == "陈静"
