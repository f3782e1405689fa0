"""Delivery channels for notices: email now; SMS or push plug in the same way."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from complaints.reply_tokens import notice_message_id

if TYPE_CHECKING:
    from complaints.models import Notice


@dataclass(frozen=True)
class RenderedNotice:
    """A notice rendered in its language: one subject line, a text and an HTML body."""

    subject: str
    text: str
    html: str


class Channel(Protocol):
    """One way of reaching a person.

    notice_deliver calls send() for each channel that accepts() the notice, inside
    the transaction that stamps sent_at, so send() must raise on failure (an
    OSError is retried with backoff) and must not write to the database. A second
    outgoing channel (SMS, push) needs its own sent stamp per channel before it is
    added here; otherwise a retry after an SMS failure would send the email again.
    """

    name: str

    def accepts(self, notice: "Notice") -> bool: ...

    def send(self, notice: "Notice", rendered: RenderedNotice) -> None: ...


class EmailChannel:
    """Email with a text and an HTML part through Django's configured backend.

    Console by default, SMTP in production (DJANGO_EMAIL_*, with EMAIL_TIMEOUT so
    a hung server cannot hold the notice lock for long). SMTP errors are OSErrors.
    """

    name = "email"

    def accepts(self, notice: "Notice") -> bool:
        return bool(notice.recipient.email)

    def send(self, notice: "Notice", rendered: RenderedNotice) -> None:
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
        )
        message.attach_alternative(rendered.html, "text/html")
        message.send()


# The in-app channel is the Notice row itself (read_at marks it read; the portal
# lists it), so only outgoing channels are listed here.
CHANNELS: tuple[Channel, ...] = (EmailChannel(),)
