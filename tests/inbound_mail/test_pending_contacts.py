"""An agent matches mail from an unknown address to a customer and files it."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from complaints.models import Notice, Ticket
from inbound_mail.models import InboundMessage
from inbound_mail.services import inbound_receive
from tests.factories import AgentFactory, CustomerFactory, ManagerFactory
from tests.inbound_mail import messages

pytestmark = pytest.mark.django_db
State = InboundMessage.State


def _pending(sender: str = "li.wei.home@else.example") -> InboundMessage:
    record = inbound_receive(
        raw=messages.plain(sender, "转账失败", "我昨天转给母亲的钱没有到账。"),
        mailbox="support",
    )
    assert record.state == State.PENDING_CONTACT
    return record


def _url(record: InboundMessage) -> str:
    return reverse("admin:inbound_mail_inboundmessage_file", args=[record.pk])


def test_agent_finds_the_customer_by_phone_and_files_the_email_as_theirs(client):
    record = _pending()
    # The email arrived an hour ago: the SLA runs from then, not from the match.
    arrived = timezone.now() - timedelta(hours=1)
    InboundMessage.objects.filter(pk=record.pk).update(received_at=arrived)
    customer = CustomerFactory(phone="+8613800138001", email="li.wei@example.com")
    agent = AgentFactory()
    client.force_login(agent)

    change = client.get(
        reverse("admin:inbound_mail_inboundmessage_change", args=[record.pk])
    )
    assert _url(record) in change.text

    found = client.get(_url(record), {"find": "+8613800138001"})
    assert found.status_code == 200
    assert "li.wei@example.com" in found.text
    assert not Ticket.objects.exists()  # finding changes nothing

    filed = client.post(f"{_url(record)}?find=%2B8613800138001")
    ticket = Ticket.objects.get()
    assert filed.status_code == 302
    assert filed["Location"] == reverse(
        "admin:complaints_ticket_change", args=[ticket.pk]
    )
    assert ticket.customer == customer
    assert ticket.channel == Ticket.Channel.EMAIL
    assert ticket.received_at == arrived
    assert "没有到账" in ticket.description
    assert Notice.objects.filter(ticket=ticket, recipient=customer).exists()
    record.refresh_from_db()
    assert (record.state, record.ticket, record.customer) == (
        State.TICKET,
        ticket,
        customer,
    )
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(InboundMessage),
        object_id=str(record.pk),
        actor=agent,
    )
    assert event.changes["state"] == [State.PENDING_CONTACT, State.TICKET]
    # The wallet core keeps the customer's address.
    customer.refresh_from_db()
    assert customer.email == "li.wei@example.com"


def test_a_matched_email_cannot_be_filed_twice(client):
    record = _pending()
    CustomerFactory(phone="+8613800138001")
    client.force_login(AgentFactory())
    client.post(f"{_url(record)}?find=%2B8613800138001")
    again = client.post(f"{_url(record)}?find=%2B8613800138001")
    assert again.status_code == 404
    assert Ticket.objects.count() == 1


def test_an_ambiguous_or_unknown_search_files_nothing(client):
    record = _pending()
    CustomerFactory(phone="+8613800138001")
    client.force_login(AgentFactory())
    page = client.post(f"{_url(record)}?find=nobody%40nowhere.example")
    assert page.status_code == 200
    assert "No single customer" in page.text
    assert not Ticket.objects.exists()
    record.refresh_from_db()
    assert record.state == State.PENDING_CONTACT


def test_only_staff_who_file_tickets_may_match(client):
    record = _pending()
    CustomerFactory(phone="+8613800138001")
    client.force_login(ManagerFactory())
    refused = client.post(f"{_url(record)}?find=%2B8613800138001")
    assert refused.status_code in (302, 403)
    assert not Ticket.objects.exists()


def test_the_matching_page_speaks_chinese(client):
    record = _pending()
    agent = AgentFactory(preferred_language="zh-hans")
    client.force_login(agent)
    page = client.get(_url(record), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "查找客户" in page.text
