"""Text messages (SMS) through a pluggable backend, like Django's e-mail backends.

WALLETDESK_SMS_BACKEND names the backend class: sms.backends.console.SmsBackend
(default: prints each message), sms.backends.http.SmsBackend (a signed JSON POST to
your SMS gateway) or sms.backends.locmem.SmsBackend (tests: sms.outbox).
"""

from sms.segments import sms_segments
from sms.sending import SmsMessage, SmsSendError, sms_backend_get, sms_send

__all__ = [
    "SmsMessage",
    "SmsSendError",
    "sms_backend_get",
    "sms_segments",
    "sms_send",
]

# Messages "sent" by sms.backends.locmem.SmsBackend (tests), like mail.outbox.
outbox: list[SmsMessage] = []
