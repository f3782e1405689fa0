"""Broker-down drill: the Procfile stack loses Redis for 60 s while tickets are filed.

Runs the stack (deploy/serve-prod.sh) on a Redis server of its own, files a
ticket every second over the API, stops that Redis for 60 s, starts it again and
waits for the outbox to drain. Reports: filings and their statuses, failed
publishes and the warnings logged for them, traceback lines, the unsent-notice
gauge over time. Exits non-zero when a filing failed, a publish failure was not
exactly one warning, a traceback was logged by the web process, or the outbox
did not drain. About five minutes (the re-dispatch waits two minutes).

    .venv/bin/python .ci/broker_down.py
"""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
from collections import Counter
from pathlib import Path

from smoke import (
    BASH,
    PRIMARY,
    PSQL,
    PYTHON,
    ROOT,
    check,
    free_port,
    http,
    metrics,
    say,
    wait,
)

DATABASE = "walletdesk_broker_drill"
TOKEN = "drill-metrics-token"  # noqa: S105 - a throwaway local value
OUTAGE_SECONDS = 60
UNSENT = 'walletdesk_outbox_unsent{outbox="notice"}'
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


def redis_start(port: int, directory: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - a fixed local server
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    for sql in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        subprocess.run([PSQL, PRIMARY + "/postgres", "-qc", sql], check=True)  # noqa: S603
    work = Path(tempfile.mkdtemp(prefix="walletdesk-drill-"))
    redis_port, web_port = free_port(), free_port()
    broker = redis_start(redis_port, work)
    base = f"http://127.0.0.1:{web_port}"
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "WALLETDESK_"))
        },
        "DATABASE_URL": f"{PRIMARY}/{DATABASE}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "WALLETDESK_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": "2",
        "NOTICES_CONCURRENCY": "1",
        "WEBHOOKS_CONCURRENCY": "1",
        "WALLETDESK_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(work / "metrics"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WALLETDESK_MAX_OPEN_TICKETS": "1000",
    }
    log = work / "stack.log"
    say(f"stack on :{web_port}, its own Redis on :{redis_port} (log {log})")
    stack = subprocess.Popen(  # noqa: S603 - our own script
        [BASH, str(ROOT / "deploy" / "serve-prod.sh")],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    statuses: list[int] = []
    gauge: list[tuple[int, float | None]] = []
    stop = threading.Event()
    started = time.monotonic()
    try:
        wait(lambda: http(f"{base}/healthz").status == 200, 120, "the web process")
        tokens = subprocess.run(  # noqa: S603 - our own manage.py
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from rest_framework.authtoken.models import Token; "
                "from accounts.models import User; "
                "print(' '.join(Token.objects.create(user=User.objects.create_user("
                "f'drill{n}', f'drill{n}@example.com', 'drill-password-1', "
                "role=User.Role.CUSTOMER)).key for n in range(20)))",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_LOG_LEVEL": "WARNING"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-20:]
        body = json.dumps(
            {
                "kind": "complaint",
                "category": "account_access",
                "subject": "Locked out",
                "description": "Locked after a reset.",
                "remedy_sought": "Unlock it",
            }
        ).encode()

        def file_steadily() -> None:
            number = 0
            while not stop.is_set():
                token = tokens[number % len(tokens)]
                number += 1
                try:
                    with http(
                        f"{base}/api/v1/my/tickets/",
                        data=body,
                        headers={
                            "Authorization": f"Token {token}",
                            "Content-Type": "application/json",
                        },
                    ) as response:
                        statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    statuses.append(error.code)
                time.sleep(1)

        def watch_gauge() -> None:
            while not stop.is_set():
                try:
                    value = metrics(base, TOKEN).get(UNSENT)
                except OSError:
                    value = None
                gauge.append((round(time.monotonic() - started), value))
                time.sleep(5)

        threads = [
            threading.Thread(target=file_steadily),
            threading.Thread(target=watch_gauge),
        ]
        for thread in threads:
            thread.start()
        time.sleep(10)
        say("stopping Redis")
        broker.send_signal(signal.SIGTERM)
        broker.wait()
        outage_start = len(statuses)
        time.sleep(OUTAGE_SECONDS)
        outage_filings = len(statuses) - outage_start
        say(f"starting Redis again ({outage_filings} filings during the outage)")
        broker = redis_start(redis_port, work)
        time.sleep(15)
        stop_filing_at = len(statuses)
        # Drain: the re-dispatch picks rows up after a 2-minute grace period.
        drained = False
        deadline = time.monotonic() + 360
        while time.monotonic() < deadline:
            time.sleep(5)
            if gauge and gauge[-1][1] == 0 and len(statuses) > stop_filing_at:
                drained = True
                break
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        stop.set()
        os.killpg(stack.pid, signal.SIGTERM)
        try:
            stack.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
        broker.send_signal(signal.SIGTERM)

    warnings, tracebacks, per_process = 0, {}, {}
    for line in log.read_text().splitlines():
        prefix, _, payload = line.partition(" | ")
        process = prefix.split()[-1] if prefix.split() else ""
        try:
            event = json.loads(payload)
        except ValueError:
            continue
        if "Could not dispatch" in event.get("event", ""):
            warnings += 1
        if "exception" in event or "Traceback" in payload:
            tracebacks[process] = tracebacks.get(process, 0) + 1
            per_process.setdefault(process, set()).add(event.get("event", "")[:80])
    peak = max((value or 0) for _, value in gauge)
    say(
        f"filings: {len(statuses)} ({dict(Counter(statuses))}); "
        f"{outage_filings} during the {OUTAGE_SECONDS} s outage"
    )
    say(f"'Could not dispatch' warnings: {warnings}")
    say(f"log lines with a traceback, by process: {tracebacks} {per_process}")
    say(f"unsent notices gauge (s, value): {gauge}")
    say(
        f"peak {peak:.0f}, drained to 0: {drained}, total {time.monotonic() - started:.0f} s"
    )
    check(set(statuses) == {201}, "a filing failed")
    check(
        warnings == outage_filings,
        f"{warnings} warnings for {outage_filings} failed publishes",
    )
    check(
        not any(p.startswith("web") for p in tracebacks),
        "tracebacks from the web process",
    )
    check(peak >= outage_filings and drained, "the outbox gauge did not rise and drain")


if __name__ == "__main__":
    main()
