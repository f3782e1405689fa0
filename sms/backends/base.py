"""What every SMS backend implements."""

from sms.sending import SmsMessage


class BaseSmsBackend:
    """Send a list of messages; return how many were handed over."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        raise NotImplementedError
