"""Notices by SMS: one text per notice per customer who chose SMS, never two.

Email and SMS each have their own stamp on the notice, set in their own commit:
a gateway that fails leaves the SMS unstamped, the email is not sent again, and
the retry or the re-dispatch sends the text exactly once.
"""

import socket
import time
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.db import connection
from django.test import Client
from django.utils import timezone

import sms
from accounts.models import User
from accounts.services import user_set_notice_channels
from complaints import tasks, workflow
from complaints.models import Notice, Ticket
from complaints.notice_rendering import notice_render
from complaints.notices import notice_deliver, notices_redispatch
from complaints.tracking import tracking_sms_url
from sms import SmsSendError, sms_segments
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.sms_gateway import Gateway

pytestmark = pytest.mark.django_db

PHONE = "+8613800138000"


@pytest.fixture
def texts(settings: pytest.FixtureRequest) -> list[sms.SmsMessage]:
    settings.WALLETDESK_SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    return sms.outbox


def _customer(
    *, by_sms: bool = True, by_email: bool = True, phone: str = PHONE, **fields: object
) -> User:
    customer = CustomerFactory(phone=phone, **fields)
    return user_set_notice_channels(
        user=customer, by_email=by_email, by_sms=by_sms and bool(phone)
    )


def _filed(customer: User, language: str = "zh-hans") -> Notice:
    """A ticket whose acknowledgement is queued but not yet delivered."""
    ticket = TicketFactory(customer=customer, language=language)
    return Notice.objects.get(ticket=ticket, kind=Notice.Kind.ACKNOWLEDGEMENT)


def _follow(link: str, settings: pytest.FixtureRequest) -> str:
    assert link.startswith(settings.SITE_URL + "/")
    page = Client().get(link.removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    return page.content.decode()


def _link(body: str) -> str:
    return body[body.index("http") :]


def test_customer_with_sms_on_gets_one_text_in_chinese_with_a_working_link(
    texts, mailoutbox, settings
) -> None:
    notice = _filed(_customer())
    assert notice_deliver(notice_id=notice.pk) is True
    assert notice_deliver(notice_id=notice.pk) is False  # already sent

    (text,) = texts
    reference = notice.ticket.reference
    assert text.to == PHONE
    assert text.message_id == f"walletdesk-notice-{notice.pk}"
    assert text.body.startswith(f"【Walletdesk】已收到您的工单 {reference}")
    assert "查看进度" in text.body
    assert sms_segments(text.body) <= 2
    assert reference in _follow(_link(text.body), settings)
    assert len(mailoutbox) == 1  # the email too, once
    notice.refresh_from_db()
    assert notice.email_sent_at is not None
    assert notice.sms_sent_at is not None
    assert notice.sent_at is not None


def test_english_customer_reads_the_text_in_english(texts, settings) -> None:
    agent = AgentFactory()
    notice = _filed(_customer(preferred_language="en"), language="en")
    notice_deliver(notice_id=notice.pk)
    ticket = notice.ticket
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    progress = Notice.objects.get(ticket=ticket, kind=Notice.Kind.PROGRESS)
    notice_deliver(notice_id=progress.pk)

    assert [text.body.split(" http")[0] for text in texts] == [
        f"Walletdesk: we received your ticket {ticket.reference}. Follow it here:",
        f"Walletdesk: there is news on your ticket {ticket.reference}. Read it here:",
    ]
    assert all(sms_segments(text.body) <= 2 for text in texts)
    assert ticket.reference in _follow(_link(texts[1].body), settings)


def test_customers_who_did_not_choose_sms_get_no_text(texts, mailoutbox) -> None:
    opted_out = _filed(_customer(by_sms=False))
    # SMS chosen once, then the wallet core removed the number.
    no_phone = _filed(_customer(phone=""))
    User.objects.filter(pk=no_phone.recipient_id).update(notify_by_sms=True)
    for notice in (opted_out, no_phone):
        assert notice_deliver(notice_id=notice.pk) is True
    assert texts == []
    assert len(mailoutbox) == 2


def test_email_off_leaves_the_text_and_the_in_app_notice(texts, mailoutbox) -> None:
    notice = _filed(_customer(by_email=False))
    assert notice_deliver(notice_id=notice.pk) is True
    assert mailoutbox == []
    assert len(texts) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None  # listed in the portal as delivered
    assert notice.email_sent_at is None
    assert notice.ticket.status == Ticket.Status.ACKNOWLEDGED


def test_staff_notices_never_go_by_sms(texts) -> None:
    agent = AgentFactory(phone=PHONE)
    User.objects.filter(pk=agent.pk).update(notify_by_sms=True)
    ticket = TicketFactory(customer=_customer(by_sms=False))
    notice = Notice.objects.create(
        ticket=ticket, recipient=agent, kind=Notice.Kind.SLA_WARNING, language="en"
    )
    assert notice_deliver(notice_id=notice.pk) is True
    assert texts == []


def test_every_text_fits_two_sms_segments_in_both_languages(texts, settings) -> None:
    settings.SITE_URL = "https://support.walletdesk-example.com"
    agent = AgentFactory()
    for language in ("zh-hans", "en"):
        ticket = TicketFactory(customer=_customer(), language=language)
        workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
        workflow.ticket_transition(
            ticket=ticket, to_status="investigating", actor=agent
        )
        for notice in Notice.objects.filter(ticket=ticket):
            body = notice_render(notice).sms
            assert body, notice.kind
            assert sms_segments(body) <= 2, (language, notice.kind, len(body), body)


def test_a_tampered_short_link_is_refused(texts, settings) -> None:
    notice = _filed(_customer())
    notice_deliver(notice_id=notice.pk)
    link = _link(texts[0].body).removeprefix(settings.SITE_URL)
    assert Client().get(link[:-3] + "abc/").status_code == 404
    assert Client().get(link.replace("/track/", "/track/9")).status_code == 404


def test_the_short_link_lives_seven_days(settings) -> None:
    customer = _customer()
    ticket = TicketFactory(customer=customer)
    days = 24 * 3600
    for age, shown in ((6, True), (8, False)):
        link = tracking_sms_url(
            ticket=ticket, email=customer.email, now=time.time() - age * days
        )
        page = Client().get(link.removeprefix(settings.SITE_URL))
        assert (ticket.reference in page.content.decode()) is shown, age


def test_the_short_link_stops_when_the_email_changes(texts, settings) -> None:
    notice = _filed(_customer())
    notice_deliver(notice_id=notice.pk)
    User.objects.filter(pk=notice.recipient_id).update(email="new@example.com")
    link = _link(texts[0].body).removeprefix(settings.SITE_URL)
    assert Client().get(link).status_code == 404


# The HTTP gateway: a real server on 127.0.0.1 checking each request's signature.


def _stale(notice: Notice) -> None:
    Notice.objects.filter(pk=notice.pk).update(
        created_at=timezone.now() - timedelta(minutes=3)
    )


def test_gateway_receives_the_signed_text(http_backend: Gateway) -> None:
    notice = _filed(_customer())
    notice_deliver(notice_id=notice.pk)
    assert http_backend.refused == []
    (received,) = http_backend.accepted
    assert received["to"] == PHONE
    assert received["message_id"] == f"walletdesk-notice-{notice.pk}"
    assert notice.ticket.reference in received["body"]
    assert received["body"].startswith("【Walletdesk】")


def test_gateway_error_leaves_the_text_unsent_and_the_redispatch_sends_it_once(
    http_backend: Gateway, mailoutbox
) -> None:
    notice = _filed(_customer())
    http_backend.answer = 500
    with pytest.raises(SmsSendError):
        notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.email_sent_at is not None  # committed before the text was tried
    assert notice.sms_sent_at is None
    assert notice.sent_at is None
    assert len(mailoutbox) == 1

    http_backend.answer = 200
    _stale(notice)
    assert notices_redispatch() == 1
    assert notices_redispatch() == 0
    notice.refresh_from_db()
    assert notice.sms_sent_at is not None
    assert notice.sent_at is not None
    assert len(http_backend.accepted) == 1
    assert len(mailoutbox) == 1  # the email was not sent again


def test_gateway_refusing_connections_is_retried_by_the_task(
    http_backend: Gateway, settings, mailoutbox
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.WALLETDESK_SMS_HTTP_URL = f"http://127.0.0.1:{closed_port}/sms"
    notice = _filed(_customer())
    with pytest.raises(Retry):
        tasks.deliver_notice.apply(args=[notice.pk], throw=True)
    notice.refresh_from_db()
    assert notice.sms_sent_at is None
    assert "SMS gateway" in notice.last_error

    settings.WALLETDESK_SMS_HTTP_URL = http_backend.url
    assert tasks.deliver_notice.apply(args=[notice.pk], retries=1).get() is True
    assert tasks.deliver_notice.apply(args=[notice.pk], retries=2).get() is False
    assert len(http_backend.accepted) == 1
    assert len(mailoutbox) == 1


def test_delivery_queries_are_pinned(
    texts, mailoutbox, django_assert_num_queries
) -> None:
    email_only = _filed(_customer(by_sms=False))
    both = _filed(_customer())
    # One transaction (savepoint, release): lock the notice with its ticket and
    # recipient (1); the acknowledgement (17: savepoints, lock and move the
    # ticket, audit, status change, stop the first-response clock, one rollup
    # mark for the ticket and its clock);
    # reload the ticket (1); stamp email and sent_at (1). As before SMS existed.
    with django_assert_num_queries(21):
        notice_deliver(notice_id=email_only.pk)
    # The same with the email stamp only, then one more transaction for the
    # text: savepoint, lock the notice, commit the stamps without waiting for
    # the disk (SET LOCAL, on PostgreSQL: outbox.stamps), stamp SMS and sent_at,
    # release (5; 4 on SQLite).
    with django_assert_num_queries(26 if connection.vendor == "postgresql" else 25):
        notice_deliver(notice_id=both.pk)
