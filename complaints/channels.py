"""Delivery channels for notices: email now; SMS or push plug in the same way."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

if TYPE_CHECKING:
    from complaints.models import Notice


@dataclass(frozen=True)
class RenderedNotice:
    subject: str
    text: str
    html: str


class Channel(Protocol):
    name: str

    def accepts(self, notice: "Notice") -> bool: ...

    def send(self, notice: "Notice", rendered: RenderedNotice) -> None: ...


class EmailChannel:
    """Email with a text and an HTML part. SMTP errors are OSErrors: the task retries."""

    name = "email"

    def accepts(self, notice: "Notice") -> bool:
        return bool(notice.recipient.email)

    def send(self, notice: "Notice", rendered: RenderedNotice) -> None:
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notice.recipient.email],
            headers={"X-Walletdesk-Notice": str(notice.pk)},
        )
        message.attach_alternative(rendered.html, "text/html")
        message.send()


# The in-app channel is the Notice row itself (read_at marks it read), so only
# outgoing channels are listed here.
CHANNELS: tuple[Channel, ...] = (EmailChannel(),)
