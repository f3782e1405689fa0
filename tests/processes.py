"""Start and stop the real processes the Makefile and Procfile run, on the test database."""

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def child_database_url() -> str:
    """The URL of the database this test runs on (PostgreSQL), for a child process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return (
        f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def process_start(
    command: list[str], output: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start command in the project directory in its own process group."""
    return subprocess.Popen(  # noqa: S603 (commands are the tests' own)
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, **(env or {})},
        stdout=output.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def process_stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a process started by process_start, with its children (make runs one)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(check: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    """Poll check until it is true or timeout seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
