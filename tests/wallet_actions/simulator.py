"""The wallet-core simulator as a real process on 127.0.0.1, for tests."""

import json
import re
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import process_start, process_stop, wait_for

LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)/")


class Core:
    """Talks to a running simulator: its control endpoint and what it received."""

    def __init__(self, url: str) -> None:
        self.url = url

    def control(self, **change: object) -> dict:
        request = urllib.request.Request(  # noqa: S310 - the test's own server
            f"{self.url}/control",
            data=json.dumps(change).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return json.load(response)

    def state(self) -> dict:
        with urllib.request.urlopen(f"{self.url}/control", timeout=5) as response:  # noqa: S310
            return json.load(response)

    def received_keys(self) -> list[str]:
        return [item["key"] for item in self.state()["received"]]


@contextmanager
def core_running(
    *, secret: str, api_key: str, log: Path, delay: float = 0.2
) -> Iterator[Core]:
    """Start manage.py wallet_core_simulator on a free port; stop it afterwards."""
    process = process_start(
        [
            sys.executable,
            "manage.py",
            "wallet_core_simulator",
            "--port",
            "0",
            "--delay",
            str(delay),
        ],
        log,
        env={
            "WALLETDESK_SIMULATOR_SECRET": secret,
            "WALLETDESK_SIMULATOR_API_KEY": api_key,
            "PYTHONUNBUFFERED": "1",
        },
    )
    try:
        found: list[str] = []

        def listening() -> bool:
            match = LISTENING.search(log.read_text(errors="replace"))
            if match:
                found.append(match.group(1))
            return bool(match) or process.poll() is not None

        assert wait_for(listening, timeout=30), log.read_text()
        assert found, log.read_text()
        yield Core(found[0])
    finally:
        process_stop(process)
