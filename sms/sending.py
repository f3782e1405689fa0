"""Sending one text message through the configured backend."""

from dataclasses import dataclass, field
from uuid import uuid4

from django.conf import settings
from django.utils.module_loading import import_string


class SmsSendError(Exception):
    """The backend could not hand the message over (the caller may retry)."""


@dataclass(frozen=True)
class SmsMessage:
    """One text message to one E.164 number; message_id lets a gateway deduplicate."""

    to: str
    body: str
    message_id: str = field(default_factory=lambda: uuid4().hex)


def sms_backend_get(backend: str | None = None) -> object:
    """Return an instance of the backend class named by WALLETDESK_SMS_BACKEND."""
    return import_string(backend or settings.WALLETDESK_SMS_BACKEND)()


def sms_send(*, to: str, body: str, message_id: str | None = None) -> SmsMessage:
    """Send one message now through the configured backend and return it.

    Raises SmsSendError when the backend refuses or cannot reach its gateway.
    Callers inside a request hand the message to sms.tasks.send_sms instead.
    """
    message = SmsMessage(to=to, body=body, message_id=message_id or uuid4().hex)
    sms_backend_get().send_messages([message])
    return message
