"""Production: POST each message as JSON to an SMS gateway, signed with HMAC-SHA256.

    POST WALLETDESK_SMS_HTTP_URL
    Content-Type: application/json
    X-Walletdesk-Timestamp: 1764806400
    X-Walletdesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"
                            keyed with WALLETDESK_SMS_HTTP_SECRET>
    {"message_id": "…", "to": "+8613800138000", "body": "…"}

Any answer outside 2xx, a redirect or a network error raises SmsSendError.
"""

import json
import time
import urllib.request
from urllib.error import URLError
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sms.backends.base import BaseSmsBackend
from sms.sending import SmsMessage, SmsSendError
from sms.signing import sms_sign

USER_AGENT = "Walletdesk-SMS/1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET that "succeeds"; treat it as an error.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class SmsBackend(BaseSmsBackend):
    def __init__(self) -> None:
        self.url = settings.WALLETDESK_SMS_HTTP_URL
        self.secret = settings.WALLETDESK_SMS_HTTP_SECRET
        self.timeout = settings.WALLETDESK_SMS_HTTP_TIMEOUT
        if urlsplit(self.url).scheme not in {"http", "https"} or not self.secret:
            raise ImproperlyConfigured(
                "The HTTP SMS backend needs WALLETDESK_SMS_HTTP_URL (http or https) "
                "and WALLETDESK_SMS_HTTP_SECRET."
            )

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            self._post(message)
        return len(messages)

    def _post(self, message: SmsMessage) -> None:
        body = json.dumps(
            {"message_id": message.message_id, "to": message.to, "body": message.body},
            ensure_ascii=False,
        ).encode()
        timestamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Walletdesk-Timestamp": str(timestamp),
                "X-Walletdesk-Signature": sms_sign(
                    secret=self.secret, timestamp=timestamp, body=body
                ),
            },
        )
        try:
            with _opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except (URLError, OSError) as error:
            raise SmsSendError(f"SMS gateway: {error}") from error
        if not 200 <= status < 300:
            raise SmsSendError(f"SMS gateway answered {status}")
