"""Development: print each message to standard output, like Django's console mail."""

import sys
from typing import TextIO

from sms.backends.base import BaseSmsBackend
from sms.sending import SmsMessage


class SmsBackend(BaseSmsBackend):
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            self.stream.write(
                f"SMS to {message.to} ({message.message_id}):\n{message.body}\n"
                + "-" * 40
                + "\n"
            )
        self.stream.flush()
        return len(messages)
