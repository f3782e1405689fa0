# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""Mail read from a real Dovecot: replies, new tickets, decoding, loops, refusals."""

import io
import zipfile

import pytest
from django.urls import reverse
from PIL import Image

from complaints.models import Message, Notice, Ticket
from complaints.reply_tokens import notice_message_id
from inbound_mail.imap import mailbox_poll
from inbound_mail.models import InboundMessage
from tests.factories import CustomerFactory, TicketFactory
from tests.imap_server import ImapServer
from tests.inbound_mail import messages

pytestmark = [pytest.mark.imap, pytest.mark.django_db]
State = InboundMessage.State


def _deliver(server: ImapServer, *raws: bytes) -> list[InboundMessage]:
    for raw in raws:
        server.append(raw)
    assert mailbox_poll() == len(raws)
    assert server.unseen() == 0
    return list(InboundMessage.objects.order_by("pk"))[-len(raws) :]


def _ack_message_id(ticket: Ticket) -> str:
    notice = Notice.objects.filter(ticket=ticket).order_by("pk").first()
    return notice_message_id(notice_id=notice.pk)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_mail_from_a_customer_becomes_an_email_ticket(imap_server):
    customer = CustomerFactory(email="li.na@customer.example")
    [record] = _deliver(
        imap_server,
        messages.plain(
            "Li Na <Li.Na@customer.example>", "Transfer missing", "It never arrived."
        ),
    )
    assert record.state == State.TICKET
    ticket = record.ticket
    assert (ticket.customer, ticket.channel) == (customer, Ticket.Channel.EMAIL)
    assert ticket.subject == "Transfer missing"
    assert ticket.description == "It never arrived."
    # The usual acknowledgement.
    assert Notice.objects.filter(
        ticket=ticket, kind=Notice.Kind.ACKNOWLEDGEMENT
    ).exists()


def test_gbk_quoted_printable_with_a_base64_subject_is_decoded(imap_server):
    CustomerFactory(email="wang@foxmail.example", preferred_language="zh-hans")
    [record] = _deliver(
        imap_server,
        messages.gbk(
            "wang@foxmail.example", "转账失败了", "我的转账一直没有到账，请帮忙查一下。"
        ),
    )
    assert record.ticket.subject == "转账失败了"
    assert record.ticket.description == "我的转账一直没有到账，请帮忙查一下。"


def test_html_only_mail_becomes_text(imap_server):
    CustomerFactory(email="html@customer.example")
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<p>First line</p><div>Second&nbsp;line</div><script>x()</script></body></html>"
    )
    [record] = _deliver(
        imap_server, messages.html_only("html@customer.example", "Hi", html)
    )
    assert record.ticket.description == "First line\n\nSecond line"


@pytest.mark.parametrize(
    "history",
    [messages.OUTLOOK_HISTORY, messages.GMAIL_HISTORY, messages.FOXMAIL_HISTORY],
)
def test_a_reply_to_our_notice_lands_on_its_ticket_without_the_history(
    imap_server, history
):
    ticket = TicketFactory(customer=CustomerFactory(email="reply@customer.example"))
    raw = messages.plain(
        "reply@customer.example",
        "Re: Your ticket",
        "Here is the screenshot you asked for.\n\n--\nZhang San\n138 0000 0000"
        + history,
        in_reply_to=_ack_message_id(ticket),
    )
    [record] = _deliver(imap_server, raw)
    assert (record.state, record.ticket) == (State.REPLY, ticket)
    reply = Message.objects.get(ticket=ticket)
    assert reply.body == "Here is the screenshot you asked for."
    assert reply.author == ticket.customer


def test_a_reply_naming_the_reference_in_the_subject_finds_its_ticket(imap_server):
    ticket = TicketFactory(customer=CustomerFactory(email="subj@customer.example"))
    [record] = _deliver(
        imap_server,
        messages.html_only(
            "subj@customer.example",
            f"回复：{ticket.reference}",
            "<div>好的，谢谢</div><div class='gmail_quote'>On … wrote: old text</div>",
        ),
    )
    assert record.state == State.REPLY
    assert Message.objects.get(ticket=ticket).body == "好的，谢谢"


def test_an_image_attachment_is_stored_as_evidence(imap_server):
    ticket = TicketFactory(customer=CustomerFactory(email="img@customer.example"))
    raw = messages.with_attachment(
        "img@customer.example",
        f"Re: {ticket.reference}",
        "See image",
        "shot.png",
        _png(),
        "image/png",
    )
    [record] = _deliver(imap_server, raw)
    assert record.state == State.REPLY
    attachment = ticket.attachments.get()
    assert (attachment.original_name, attachment.content_type) == (
        "shot.png",
        "image/png",
    )


@pytest.mark.parametrize(
    ("headers", "sender"),
    [
        ({"Auto-Submitted": "auto-replied"}, "reply@customer.example"),
        ({"X-Autoreply": "yes"}, "reply@customer.example"),
        ({"Precedence": "bulk"}, "reply@customer.example"),
        ({}, "MAILER-DAEMON@customer.example"),
        ({"X-Walletdesk-Notice": "12"}, "reply@customer.example"),
    ],
)
def test_auto_replies_bounces_and_our_own_notices_are_dropped(
    imap_server, headers, sender
):
    ticket = TicketFactory(customer=CustomerFactory(email="reply@customer.example"))
    raw = messages.plain(
        sender,
        "Out of the office",
        "Back Monday.",
        headers=headers,
        in_reply_to=_ack_message_id(ticket),
    )
    [record] = _deliver(imap_server, raw)
    assert record.state == State.DROPPED
    assert record.reason
    assert not Message.objects.filter(ticket=ticket).exists()


def test_a_forged_reply_token_is_quarantined(imap_server, settings):
    ticket = TicketFactory(customer=CustomerFactory(email="victim@customer.example"))
    notice = Notice.objects.filter(ticket=ticket).first()
    domain = settings.WALLETDESK_MESSAGE_ID_DOMAIN
    forged = f"<wd.n{notice.pk}.{'0' * 20}@{domain}>"
    raw = messages.plain(
        "victim@customer.example", "Re: ticket", "Refund me", in_reply_to=forged
    )
    [record] = _deliver(imap_server, raw)
    assert record.state == State.QUARANTINED
    assert "forged" in record.reason
    assert not Message.objects.filter(ticket=ticket).exists()


def test_a_reply_to_another_customers_ticket_is_quarantined(imap_server):
    ticket = TicketFactory(customer=CustomerFactory(email="owner@customer.example"))
    CustomerFactory(email="other@customer.example")
    raw = messages.plain(
        "other@customer.example", f"Re: {ticket.reference}", "Let me in"
    )
    [record] = _deliver(imap_server, raw)
    assert record.state == State.QUARANTINED
    assert ticket.reference in record.reason
    assert not Message.objects.filter(ticket=ticket).exists()


def test_bad_messages_are_kept_with_their_reason(imap_server, settings):
    settings.WALLETDESK_INBOUND_MAX_BYTES = 2 * 1024 * 1024
    CustomerFactory(email="bad@customer.example")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (50 * 1024 * 1024))
    raws = [
        b"Subject: who am I\r\nMessage-ID: <nosender@x.example>\r\n\r\nhello\r\n",
        messages.with_attachment(
            "bad@customer.example",
            "bomb",
            "see zip",
            "bomb.zip",
            bomb.getvalue(),
            "application/zip",
        ),
        messages.with_attachment(
            "bad@customer.example",
            "huge",
            "big file",
            "big.pdf",
            b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024),
            "application/pdf",
        ),
        b"From: bad@customer.example\r\nMessage-ID: <mime@x.example>\r\n"
        b'Content-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\n'
        b"Content-Type: text/plain; charset=no-such-charset\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n",
    ]
    records = _deliver(imap_server, *raws)
    assert [r.state for r in records[:3]] == [State.QUARANTINED] * 3
    assert all(r.reason for r in records[:3])
    # Malformed MIME with a made-up charset: kept, whatever became of it.
    assert InboundMessage.objects.count() == 4
    assert (
        not Ticket.objects.filter(customer__email="bad@customer.example")
        .filter(subject__in=["bomb", "huge"])
        .exists()
    )


def test_mail_from_an_unknown_address_waits_as_a_pending_contact(imap_server):
    [record] = _deliver(
        imap_server, messages.plain("stranger@else.example", "Help", "My wallet?")
    )
    assert record.state == State.PENDING_CONTACT
    assert record.body == "My wallet?"
    assert not Ticket.objects.exists()


def test_a_message_read_twice_is_processed_once(imap_server):
    CustomerFactory(email="twice@customer.example")
    raw = messages.plain("twice@customer.example", "Once", "Only once")
    _deliver(imap_server, raw)
    _deliver(imap_server, raw)
    assert InboundMessage.objects.count() == 1
    assert Ticket.objects.count() == 1


def test_supervisors_see_quarantined_mail_in_the_admin(
    client, supervisor, imap_server, django_assert_num_queries
):
    _deliver(
        imap_server,
        messages.plain("stranger@else.example", "Help", "?"),
        b"Subject: no sender\r\nMessage-ID: <a@x.example>\r\n\r\nx\r\n",
        b"Subject: no sender\r\nMessage-ID: <b@x.example>\r\n\r\nx\r\n",
    )
    client.force_login(supervisor)
    url = reverse("admin:inbound_mail_inboundmessage_changelist")
    # session user, user permissions, group permissions, the filtered count,
    # the page of messages with their tickets joined (raw bytes deferred).
    with django_assert_num_queries(5):
        response = client.get(url, {"state": "quarantined"})
    assert response.status_code == 200
    assert response.content.count(b"no single sender") == 2
