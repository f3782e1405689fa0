"""Delivery channels for notices: email and SMS; push would plug in the same way."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from complaints.reply_tokens import notice_message_id
from sms import sms_send

if TYPE_CHECKING:
    from complaints.models import Notice


@dataclass(frozen=True)
class RenderedNotice:
    """A notice rendered in its language: one subject line, a text and an HTML body."""

    subject: str
    text: str
    html: str
    sms: str = ""


class Channel(Protocol):
    """One way of reaching a person.

    notice_deliver calls send() for each channel that accepts() the notice and
    whose stamp (a Notice field) is still empty, one channel per transaction,
    and sets the stamp in that transaction: send() must raise on failure (an
    OSError or SmsSendError is retried with backoff) and must not write to the
    database. A retry after one channel failed sends only the channels not stamped.
    connection is an open mail connection to reuse (a batch's), or None.
    """

    name: str
    stamp: str

    def accepts(self, notice: "Notice") -> bool: ...

    def send(
        self, notice: "Notice", rendered: RenderedNotice, *, connection: object = None
    ) -> None: ...


class EmailChannel:
    """Email with a text and an HTML part through Django's configured backend.

    Console by default, SMTP in production (DJANGO_EMAIL_*, with EMAIL_TIMEOUT so
    a hung server cannot hold the notice lock for long). SMTP errors are OSErrors.
    """

    name = "email"
    stamp = "email_sent_at"

    def accepts(self, notice: "Notice") -> bool:
        return bool(notice.recipient.email) and notice.recipient.notify_by_email

    def send(
        self, notice: "Notice", rendered: RenderedNotice, *, connection: object = None
    ) -> None:
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notice.recipient.email],
            # Lets a mail log or the receiving side spot the one duplicate no
            # database can rule out (a crash between the SMTP accept and the commit).
            # The Message-ID is the reply token: answers find their ticket by it.
            headers={
                "X-Walletdesk-Notice": str(notice.pk),
                "Message-ID": notice_message_id(notice_id=notice.pk),
                "Auto-Submitted": "auto-generated",
            },
            connection=connection,
        )
        message.attach_alternative(rendered.html, "text/html")
        message.send()


# What a customer may get by SMS: the short news of their own case or payment.
# Staff notices and the satisfaction request (right after the resolution) are
# email and in-app only.
SMS_KINDS = frozenset(
    {
        "acknowledgement",
        "progress",
        "resolution",
        "payment_check",
        "wallet_action_done",
    }
)


class SmsChannel:
    """A short text (complaints/notices/sms/<kind>.txt) to the customer's phone.

    Sent by the backend sign-in codes use (WALLETDESK_SMS_BACKEND: console by
    default, the signed HTTP gateway in production), only to a customer who has
    a phone number and chose SMS. The message id is the notice's, so a gateway
    that deduplicates on it drops the one resend no database can rule out (a
    crash between the gateway's accept and the commit).
    """

    name = "sms"
    stamp = "sms_sent_at"

    def accepts(self, notice: "Notice") -> bool:
        person = notice.recipient
        return (
            notice.kind in SMS_KINDS
            and person.is_customer
            and person.notify_by_sms
            and bool(person.phone)
        )

    def send(
        self, notice: "Notice", rendered: RenderedNotice, *, connection: object = None
    ) -> None:
        if not rendered.sms:
            return  # nothing to say (a payment check that is gone)
        sms_send(
            to=notice.recipient.phone,
            body=rendered.sms,
            message_id=f"walletdesk-notice-{notice.pk}",
        )


# The in-app channel is the Notice row itself (read_at marks it read; the portal
# lists it), so only outgoing channels are listed here, in the order they go.
CHANNELS: tuple[Channel, ...] = (EmailChannel(), SmsChannel())
