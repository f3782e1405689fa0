"""CI smoke test of the Procfile stack (make serve-prod) on PostgreSQL and Redis.

Starts gunicorn, a worker per queue and beat under honcho, files a ticket over the
API, waits for its acknowledgement to be delivered (seen on /metrics), stops
everything, then checks that every application log line was JSON and that the
filing request's id is on the notice task's lines. Exits non-zero on failure.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PSQL = shutil.which("psql") or "/usr/bin/psql"
BASH = shutil.which("bash") or "/bin/bash"
DATABASE = "walletdesk_smoke"
PRIMARY = "postgres://postgres@127.0.0.1:5432"
BROKER = "redis://127.0.0.1:6379/14"
TOKEN = "smoke-metrics-token"  # noqa: S105 - a throwaway local value
SAMPLE = re.compile(r"^(\w+)(?:\{(.*)\})? (\S+)$")


def say(text: str) -> None:
    sys.stdout.write(f"smoke: {text}\n")
    sys.stdout.flush()


def check(condition: object, failure: object) -> None:
    if not condition:
        raise SystemExit(f"smoke: FAILED: {failure}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(url: str, *, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(  # noqa: S310 - our own local server
        url, data=data, headers=headers or {}
    )
    return urllib.request.urlopen(request, timeout=30)  # noqa: S310


def metrics(base: str, token: str = TOKEN) -> dict[str, float]:
    with http(f"{base}/metrics", headers={"Authorization": f"Bearer {token}"}) as r:
        text = r.read().decode()
    values: dict[str, float] = {}
    for line in text.splitlines():
        if match := SAMPLE.match(line):
            name, labels, value = match.groups()
            values[f"{name}{{{labels or ''}}}"] = float(value)
    return values


def wait(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"smoke: timed out waiting for {what}")


def main() -> None:
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - fixed commands
        [PSQL, PRIMARY + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"],
        check=True,
    )
    subprocess.run(  # noqa: S603
        [PSQL, PRIMARY + "/postgres", "-qc", f"CREATE DATABASE {DATABASE}"],
        check=True,
    )
    work = Path(tempfile.mkdtemp(prefix="walletdesk-smoke-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "WALLETDESK_"))
        },
        "DATABASE_URL": f"{PRIMARY}/{DATABASE}",
        "CELERY_BROKER_URL": BROKER,
        "WALLETDESK_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "NOTICES_CONCURRENCY": "1",
        "WEBHOOKS_CONCURRENCY": "1",
        "WALLETDESK_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(work / "metrics"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        # Mail stays in the worker (the console backend would print it amid the logs).
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "-c", f"import redis; redis.Redis.from_url('{BROKER}').flushdb()"],
        check=True,
    )
    log = work / "stack.log"
    say(f"starting the Procfile stack on :{port} (log {log})")
    stack = subprocess.Popen(  # noqa: S603 - our own script
        [BASH, str(ROOT / "deploy" / "serve-prod.sh")],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait(lambda: http(f"{base}/healthz").status == 200, 120, "the web process")
        wait(
            lambda: "notices.1" in log.read_text() and "ready." in log.read_text(),
            120,
            "the notices worker",
        )
        token = subprocess.run(  # noqa: S603 - our own manage.py
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from rest_framework.authtoken.models import Token; "
                "from accounts.models import User; "
                "user = User.objects.create_user('smoke', 'smoke@example.com', "
                "'smoke-password-1', role=User.Role.CUSTOMER); "
                "print(Token.objects.create(user=user).key)",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_LOG_LEVEL": "WARNING"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
        sent = 'walletdesk_outbox_deliveries_total{outbox="notice",result="sent"}'
        unsent = 'walletdesk_outbox_unsent{outbox="notice"}'
        before = metrics(base)
        body = json.dumps(
            {
                "kind": "complaint",
                "category": "account_access",
                "subject": "Locked out",
                "description": "My account is locked after a password reset.",
                "remedy_sought": "Unlock it",
            }
        ).encode()
        with http(
            f"{base}/api/v1/my/tickets/",
            data=body,
            headers={
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
            },
        ) as response:
            check(response.status == 201, response.status)
            request_id = response.headers["X-Request-ID"]
        say(f"filed a ticket, request id {request_id}")
        wait(
            lambda: metrics(base).get(sent, 0) >= before.get(sent, 0) + 1,
            60,
            "the notice's delivery on /metrics",
        )
        after = metrics(base)
        say(
            f"/metrics: notices sent {before.get(sent, 0):.0f} -> {after[sent]:.0f}, "
            f"unsent {after[unsent]:.0f}"
        )
        check(after[unsent] == 0, after[unsent])
    finally:
        os.killpg(stack.pid, signal.SIGTERM)
        try:
            stack.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
            stack.wait()

    not_json, carrying = [], {}
    for line in log.read_text().splitlines():
        prefix, _, payload = line.partition(" | ")
        process = prefix.split()[-1] if prefix.split() else ""
        if not payload or process == "system" or not process:
            continue
        try:
            event = json.loads(payload)
        except ValueError:
            # Celery prints this one line itself on SIGTERM, outside logging.
            if payload.strip() != "worker: Warm shutdown (MainProcess)":
                not_json.append(line)
            continue
        if event.get("request_id") == request_id:
            carrying.setdefault(process, set()).add(event.get("event", "")[:40])
    check(not not_json, "lines that are not JSON:\n" + "\n".join(not_json[:20]))
    check("request_finished" in carrying.get("web.1", set()), carrying)
    check("task_succeeded" in carrying.get("notices.1", set()), carrying)
    say(f"request id on: {sorted(carrying)}")
    say(f"passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
