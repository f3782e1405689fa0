"""Reliability under races and faults: concurrent agents, a PostgreSQL restart."""

import itertools
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from audit.models import AuditEvent
from complaints import workflow
from complaints.errors import WorkflowError
from complaints.models import StatusChange, Ticket
from tests.factories import SupervisorFactory, TicketFactory

TICKETS = 3
MOVES_PER_AGENT = 50
Status = Ticket.Status


def _race(agent_ids: list[int], ticket_ids: list[int], seed: int) -> dict[str, int]:
    """One agent's thread: random moves, legal or not, on the shared tickets."""
    from accounts.models import User

    rng = random.Random(seed)  # noqa: S311 - a reproducible test schedule
    counts = {"moved": 0, "refused": 0}
    try:
        agent = User.objects.get(pk=agent_ids[seed % len(agent_ids)])
        for _ in range(MOVES_PER_AGENT):
            ticket = Ticket(pk=rng.choice(ticket_ids))
            target = rng.choice([Status.INVESTIGATING, Status.RESOLVED])
            try:
                workflow.ticket_transition(
                    ticket=ticket,
                    to_status=target,
                    actor=agent,
                    note=f"race {seed}",
                    resolution=workflow.Resolution(
                        outcome="upheld", amount=Decimal("1.00"), currency="CNY"
                    ),
                )
            except WorkflowError:
                counts["refused"] += 1
            else:
                counts["moved"] += 1
    finally:
        connection.close()
    return counts


@pytest.mark.postgres
def test_two_agents_racing_100_moves_leave_a_consistent_history(transactional_db):
    agents = SupervisorFactory.create_batch(2)  # supervisors may also reopen
    tickets = TicketFactory.create_batch(TICKETS)
    for ticket in tickets:
        workflow.ticket_acknowledge_by_system(ticket_id=ticket.pk)
    ids = [ticket.pk for ticket in tickets]
    before = StatusChange.objects.filter(ticket_id__in=ids).count()
    results: list[dict[str, int]] = []
    barrier = threading.Barrier(2)

    def run(seed: int) -> None:
        barrier.wait()
        results.append(_race([agent.pk for agent in agents], ids, seed))

    threads = [threading.Thread(target=run, args=(seed,)) for seed in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)

    moved = sum(result["moved"] for result in results)
    attempted = sum(result["moved"] + result["refused"] for result in results)
    assert attempted == 2 * MOVES_PER_AGENT
    assert moved > 0
    changes = StatusChange.objects.filter(ticket_id__in=ids)
    # Every successful move, and only those, left exactly one StatusChange.
    assert changes.count() - before == moved
    for ticket in Ticket.objects.filter(pk__in=ids):
        chain = list(changes.filter(ticket=ticket).order_by("pk"))
        assert chain[0].from_status == ""
        for previous, change in itertools.pairwise(chain):
            assert change.from_status == previous.to_status, ticket.reference
            assert change.to_status in workflow.TRANSITIONS[Status(previous.to_status)]
        assert ticket.status == chain[-1].to_status
        assert (ticket.status == Status.RESOLVED) == bool(ticket.outcome)
        assert (ticket.status == Status.RESOLVED) == (ticket.resolved_at is not None)
        # The audit trail saw the same moves, in the same order.
        audited = [
            event.changes["status"]
            for event in AuditEvent.objects.filter(
                content_type__model="ticket", object_id=str(ticket.pk)
            ).order_by("pk")
            if "status" in event.changes
        ]
        assert [[c.from_status or None, c.to_status] for c in chain] == audited


# --- PostgreSQL restart under load ------------------------------------------------

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*args: str, check: bool = True) -> None:
    subprocess.run(  # noqa: S603 - fixed binaries from the PostgreSQL package
        [RUNUSER, "-u", "postgres", "--", *args],
        check=check,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def private_postgres() -> Iterator[tuple[str, Path, str]]:
    """A throwaway PostgreSQL cluster on a spare port, never the shared server."""
    if PG_BIN is None or os.geteuid() != 0 or not Path(RUNUSER).exists():
        reason = "needs root, runuser and PostgreSQL binaries"
        (pytest.fail if os.environ.get("CI") else pytest.skip)(reason)
    root = Path(tempfile.mkdtemp(prefix="wd-pg-"))
    root.chmod(0o755)
    shutil.chown(root, "postgres")
    data, port = root / "pg", _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _as_postgres(
        str(PG_BIN / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync",
    )
    _as_postgres(
        str(PG_BIN / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(root / "pg.log"),
        "-w",
        "-o",
        options,
        "start",
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres", data, options
    finally:
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-m",
            "immediate",
            "stop",
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def _get(url: str, data: bytes | None = None) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, data=data, timeout=20) as response:  # noqa: S310
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started
    except OSError as error:
        return 0, str(error), time.monotonic() - started


@pytest.mark.postgres
def test_postgres_restart_fails_requests_cleanly_and_recovers_by_itself(
    private_postgres: tuple[str, Path, str],
):
    url, data, options = private_postgres
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_BROKER_URL", "DJANGO_CACHE_URL"}
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="restart-test-" + "q7" * 30,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="ERROR",
    )
    base = settings.BASE_DIR
    server_log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
    env["DJANGO_STATIC_ROOT"] = tempfile.mkdtemp(prefix="wd-static-")
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=base,
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--timeout",
            "30",
        ],
        cwd=base,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    site = f"http://127.0.0.1:{port}"
    log_path = server_log.name
    results: list[tuple[str, float, int, str, float]] = []
    phase = {"name": "before"}
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            # The health check, and a public page that reads the database.
            for path, body in (("/readyz", None), ("/faq/", None)):
                status, text, took = _get(site + path, body)
                results.append((phase["name"], time.monotonic(), status, text, took))
            time.sleep(0.05)

    try:
        deadline = time.monotonic() + 30
        while _get(site + "/healthz")[0] != 200:
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.2)
        worker = threading.Thread(target=load)
        worker.start()
        time.sleep(2)
        phase["name"] = "down"
        _as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"
        )
        time.sleep(3)
        phase["name"] = "restarted"
        restarted_at = time.monotonic()
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(data.parent / "pg.log"),
            "-w",
            "-o",
            options,
            "start",
        )
        time.sleep(6)
        stop.set()
        worker.join(timeout=60)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(env["DJANGO_STATIC_ROOT"], ignore_errors=True)

    before = [r for r in results if r[0] == "before"]
    down = [r for r in results if r[0] == "down"]
    after = [r for r in results if r[0] == "restarted"]
    assert before
    log = Path(log_path).read_text()[-3000:]
    assert all(status in {200, 302} for _, _, status, _, _ in before), log
    # During the outage: clean failures, quickly, and nothing internal leaks.
    assert any(status in {500, 503} for _, _, status, _, _ in down)
    for _, _, status, text, took in down:
        assert status in {200, 302, 500, 503}, (status, text[:200])
        assert took < 15
        for secret in ("Traceback", "psycopg", "OperationalError", "postgres://"):
            assert secret not in text
    health = [json.loads(text) for _, _, status, text, _ in down if status == 503]
    assert health
    assert all(report["checks"]["database"] is False for report in health)
    # After the restart everything works again without anyone doing anything.
    recovered = [r for r in after if r[1] - restarted_at > 3]
    assert recovered
    assert all(status in {200, 302} for _, _, status, _, _ in recovered)
