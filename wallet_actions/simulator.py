"""A stand-in for the wallet core: receives wallet actions, answers them later.

Run by manage.py wallet_core_simulator for the demo and the tests. It checks
Walletdesk's webhook signature (401 if wrong), answers 202, and after a delay
POSTs its outcome to the action's callback_url, signed with the same secret and
authenticated with a system API key. It does each (action, attempt) once,
however often the delivery arrives. POST /control changes how it answers:
{"mode": "confirm"|"refuse"|"fail"|"silent"|"down", "next": [outcomes...],
"delay": seconds, "repeat": n}; GET /control shows what it received. A
payment_check.answered event (the customer said "me" or "not me") is checked
the same way, recorded under "checks" and answered 200.
"""

import json
import logging
import threading
import time
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import URLError
from urllib.parse import urlsplit

from integrations.webhooks import webhook_sign, webhook_signature_check

logger = logging.getLogger(__name__)

MODES = ("confirm", "refuse", "fail", "silent", "down")
OUTCOME_FOR = {"confirm": "confirmed", "refuse": "refused", "fail": "failed"}
CALLBACK_TRIES = 5


@dataclass
class CoreState:
    secret: str
    api_key: str
    delay: float = 2.0
    mode: str = "confirm"
    # Extra identical callbacks per answer (to show they change nothing).
    repeat: int = 0
    script: deque = field(default_factory=deque)
    received: list = field(default_factory=list)
    answered: dict = field(default_factory=dict)
    callbacks: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, object]:
        with self.lock:
            return {
                "mode": self.mode,
                "delay": self.delay,
                "repeat": self.repeat,
                "next": list(self.script),
                "received": list(self.received),
                "answered": dict(self.answered),
                "callbacks": list(self.callbacks),
                "checks": list(self.checks),
            }


def _callback(state: CoreState, url: str, answer: dict[str, object]) -> None:
    body = json.dumps(answer, sort_keys=True, separators=(",", ":"))
    if urlsplit(url).scheme not in {"http", "https"}:
        return
    for attempt in range(CALLBACK_TRIES):
        timestamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Api-Key {state.api_key}",
                "X-Walletdesk-Timestamp": str(timestamp),
                "X-Walletdesk-Signature": webhook_sign(
                    secret=state.secret, timestamp=timestamp, body=body
                ),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (URLError, OSError) as error:
            logger.warning("Callback to %s failed: %r", url, error)
            time.sleep(min(2**attempt, 10))
            continue
        with state.lock:
            state.callbacks.append({"url": url, "status": status, **answer})
        if status < 500:
            return
        time.sleep(min(2**attempt, 10))


def _answer_later(state: CoreState, action: dict, outcome: str) -> None:
    answer: dict[str, object] = {
        "attempt": action["attempt"],
        "outcome": outcome,
        "core_reference": f"SIM-{action['id']}-{action['attempt']}"
        if outcome == "confirmed"
        else "",
        "message": {
            "refused": "Refused by the simulator",
            "failed": "Ledger unavailable (simulated)",
        }.get(outcome, ""),
    }
    if outcome == "confirmed" and action.get("amount") is not None:
        answer["amount"] = action["amount"]
        answer["currency"] = action["currency"]

    def send() -> None:
        for _copy in range(1 + state.repeat):
            _callback(state, action["callback_url"], answer)

    timer = threading.Timer(state.delay, send)
    timer.daemon = True
    timer.start()


class _Handler(BaseHTTPRequestHandler):
    server_version = "WalletCoreSimulator/1"
    state: CoreState

    def _reply(self, status: int, payload: dict[str, object]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8", errors="replace")

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/control":
            self._reply(200, self.state.snapshot())
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self) -> None:
        body = self._body()
        if self.path.rstrip("/") == "/control":
            self._control(body)
        else:
            self._action(body)

    def _control(self, body: str) -> None:
        try:
            change = json.loads(body or "{}")
        except ValueError:
            self._reply(400, {"error": "JSON expected"})
            return
        state = self.state
        with state.lock:
            if change.get("mode") in MODES:
                state.mode = change["mode"]
            if isinstance(change.get("next"), list):
                state.script = deque(
                    item for item in change["next"] if item in OUTCOME_FOR
                )
            if isinstance(change.get("delay"), int | float):
                state.delay = max(float(change["delay"]), 0.0)
            if isinstance(change.get("repeat"), int):
                state.repeat = max(change["repeat"], 0)
        self._reply(200, state.snapshot())

    def _action(self, body: str) -> None:
        state = self.state
        if state.mode == "down":
            self._reply(503, {"error": "down (simulated)"})
            return
        if not webhook_signature_check(
            secret=state.secret,
            timestamp=self.headers.get("X-Walletdesk-Timestamp", ""),
            body=body,
            signature=self.headers.get("X-Walletdesk-Signature", ""),
        ):
            self._reply(401, {"error": "bad signature"})
            return
        envelope = json.loads(body)
        if envelope.get("event") == "payment_check.answered":
            check = envelope["data"]["check"]
            with state.lock:
                state.checks.append(
                    {
                        "delivery": envelope["id"],
                        "check": check["id"],
                        "answer": check["answer"],
                        "ticket": check["ticket"],
                    }
                )
            self._reply(200, {"accepted": check["id"]})
            return
        action = envelope["data"]["action"]
        key = f"{action['id']}-{action['attempt']}"
        with state.lock:
            state.received.append(
                {"delivery": envelope["id"], "key": key, "kind": action["kind"]}
            )
            duplicate = key in state.answered
            if not duplicate:
                mode = state.script.popleft() if state.script else state.mode
                state.answered[key] = OUTCOME_FOR.get(mode, "")
            outcome = state.answered[key]
        if not duplicate and outcome:
            _answer_later(state, action, outcome)
        self._reply(202, {"accepted": key, "duplicate": duplicate})

    def log_message(self, format: str, *args: object) -> None:
        logger.info("%s " + format, self.address_string(), *args)


def simulator_server(*, host: str, port: int, state: CoreState) -> ThreadingHTTPServer:
    """A server bound to host:port (0: any free port) answering as the core."""
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
