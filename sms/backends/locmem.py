"""Tests: keep each message in sms.outbox, like Django's locmem mail backend."""

import sms
from sms.backends.base import BaseSmsBackend
from sms.sending import SmsMessage


class SmsBackend(BaseSmsBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        sms.outbox.extend(messages)
        return len(messages)
