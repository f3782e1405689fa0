"""A throwaway database, its people and a Celery worker for the worker benchmarks.

bench/notices.py, bench/incidents.py and bench/rollup_overhead.py each create
their own database (scratch_environment), file into it, some start `celery
worker` processes against it, and drop it afterwards.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def database_create(base_url: str, name: str) -> str:
    """Create the database name afresh (dropping a leftover); return its URL."""
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base_url}/{name}"


def scratch_environment(name: str, *, broker: str) -> str:
    """Create the database name afresh and point this process's Django at it.

    BENCH_POSTGRES_URL names the server (default the local one), BENCH_BROKER_URL
    the Redis database (default broker). Debug stays off, as in production, so a
    worker needs a key. The benchmarks' few customers file far more tickets than
    one customer may have open (25). Returns the server URL, for database_drop.
    """
    base_url = os.environ.get(
        "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
    ).rstrip("/")
    os.environ.update(
        {
            "DATABASE_URL": database_create(base_url, name),
            "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", broker),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY")
            or secrets.token_urlsafe(50),
            "DJANGO_LOG_LEVEL": "WARNING",
            "WALLETDESK_MAX_OPEN_TICKETS": "1000000",
        }
    )
    return base_url


def customers_create(count: int, *, stamp: int) -> list:
    """count customers, every other one in Chinese (after django.setup())."""
    from accounts.services import user_create

    return [
        user_create(
            username=f"bench{stamp}-{n}",
            email=f"bench{n}@example.com",
            password="bench-password-1",  # noqa: S106 - throwaway database
            role="customer",
            preferred_language="zh-hans" if n % 2 else "en",
        )
        for n in range(count)
    ]


def people_create(customers: int) -> tuple[list, object]:
    """customers customers and a supervisor (after django.setup())."""
    from accounts.services import user_create

    stamp = int(time.time())
    supervisor = user_create(
        username=f"bench{stamp}-supervisor",
        email="supervisor@example.com",
        password="bench-password-1",  # noqa: S106 - throwaway database
        role="supervisor",
    )
    return customers_create(customers, stamp=stamp), supervisor


def failed_transfers(customers: list, count: int, *, first: int = 0) -> list:
    """The wallet core's ledger: count failed transfers, the customers' in turn."""
    from django.utils import timezone

    from transactions.models import Transaction

    at = timezone.now() - timedelta(minutes=30)
    return Transaction.objects.bulk_create(
        Transaction(
            reference=f"TXB{first + n:010d}",
            owner=customers[n % len(customers)],
            type=Transaction.Type.TRANSFER_OUT,
            amount=Decimal(100 + n % 50),
            currency="CNY",
            fee=Decimal(0),
            status=Transaction.Status.FAILED,
            counterparty_name="Zhang Wei",
            counterparty_account=f"62220000{n:08d}",
            occurred_at=at,
        )
        for n in range(count)
    )


def transfer_complaint(customer: object, record: object, number: int) -> object:
    """File a transfer-failed complaint about record through the filing service."""
    from complaints.models import Ticket
    from complaints.services import ComplaintInput, ticket_create

    return ticket_create(
        customer=customer,
        kind=Ticket.Kind.COMPLAINT,
        category=Ticket.Category.TRANSFER_FAILED,
        subject=f"Transfer failed {number}",
        description="My transfer failed and the money left my balance.",
        details=ComplaintInput(
            transaction_ids=(record.pk,), remedy_sought="Return the money"
        ),
        language=customer.preferred_language,
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds so far of one process (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / ticks


def database_drop(base_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def worker_start(*pool: str) -> subprocess.Popen:
    """`celery worker` with the given pool options, on this process's environment."""
    return subprocess.Popen(  # noqa: S603 - our own argv
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            *pool,
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def worker_stop(worker: subprocess.Popen, *, timeout: float = 60) -> None:
    """SIGTERM (a warm shutdown), then kill after timeout seconds."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
