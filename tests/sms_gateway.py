"""A real SMS gateway on 127.0.0.1 for tests: checks each request's HMAC signature."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sms.signing import sms_signature_check

SECRET = "gateway-shared-secret"


@dataclass
class Gateway:
    """A local SMS gateway: accepts only requests whose signature checks out.

    answer is the status it gives a signed request (set 500 to fail);
    accepted holds the JSON bodies of signed requests it answered with 2xx.
    """

    url: str = ""
    answer: int = 200
    accepted: list[dict] = field(default_factory=list)
    refused: list[bytes] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if not sms_signature_check(
                secret=SECRET,
                timestamp=self.headers.get("X-Walletdesk-Timestamp", ""),
                body=body,
                signature=self.headers.get("X-Walletdesk-Signature", ""),
            ):
                state.refused.append(body)
                self.send_response(401)
            else:
                if 200 <= state.answer < 300:
                    state.accepted.append(json.loads(body))
                self.send_response(state.answer)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_backend(settings: pytest.FixtureRequest, gateway: Gateway) -> Gateway:
    settings.WALLETDESK_SMS_BACKEND = "sms.backends.http.SmsBackend"
    settings.WALLETDESK_SMS_HTTP_URL = gateway.url
    settings.WALLETDESK_SMS_HTTP_SECRET = SECRET
    return gateway
