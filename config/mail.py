"""The email backend every outgoing mail passes through.

It gives each message a Message-ID in WALLETDESK_MESSAGE_ID_DOMAIN (Django's
default is the host's name, often `localhost`) and drops recipients in the
top-level domains reserved for examples and tests (RFC 2606, RFC 6761): no mail
server can accept them, and the demo accounts live there, so demo notices never
leave the machine whatever the broker and SMTP settings. The notice itself is
still delivered in-app. The real sending is done by the backend named in
WALLETDESK_EMAIL_DELIVERY_BACKEND (DJANGO_EMAIL_BACKEND).
"""

from collections.abc import Sequence
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

RESERVED_TOP_LEVEL_DOMAINS = frozenset({"example", "invalid", "localhost", "test"})


def address_is_deliverable(address: str) -> bool:
    """Whether an address's domain could exist: not in a reserved top-level domain."""
    domain = address.rpartition("@")[2].strip().strip(">").rstrip(".").lower()
    return domain.rpartition(".")[2] not in RESERVED_TOP_LEVEL_DOMAINS


def message_id_make() -> str:
    """A new Message-ID in the configured domain."""
    return make_msgid(domain=settings.WALLETDESK_MESSAGE_ID_DOMAIN)


class OutgoingEmailBackend(BaseEmailBackend):
    """Stamp the Message-ID, drop undeliverable recipients, hand over the rest."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.WALLETDESK_EMAIL_DELIVERY_BACKEND,
            fail_silently=fail_silently,
            **kwargs,
        )

    def open(self) -> bool | None:
        return self.delivery.open()

    def close(self) -> None:
        self.delivery.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        outgoing = []
        for message in email_messages:
            message.to = [a for a in message.to if address_is_deliverable(a)]
            message.cc = [a for a in message.cc if address_is_deliverable(a)]
            message.bcc = [a for a in message.bcc if address_is_deliverable(a)]
            if not message.recipients():
                continue
            if not any(name.lower() == "message-id" for name in message.extra_headers):
                message.extra_headers["Message-ID"] = message_id_make()
            outgoing.append(message)
        if not outgoing:
            return 0
        return self.delivery.send_messages(outgoing) or 0
