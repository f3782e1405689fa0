# ruff: noqa: S603 - runs this checkout's own manage.py, gunicorn and celery
"""The bench's stack: its database (created, migrated and seeded once), gunicorn
and, when asked, a Celery worker; every process it starts is stopped again."""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import psycopg

from bench.cases import OPEN_LIMIT
from bench.loadgen import Session

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
SEED = 1


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


class Stack:
    """The bench database, gunicorn and, when asked, a Celery worker."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.database = args.database or f"walletdesk_bench_{args.tickets}"
        self.database_url = f"{args.postgres.rstrip('/')}/{self.database}"
        self.static = Path(tempfile.mkdtemp(prefix="walletdesk-bench-static-"))
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "CELERY_BROKER_URL": args.broker,
            "DJANGO_CACHE_URL": args.broker,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_STATIC_ROOT": str(self.static),
            "DJANGO_WHITENOISE_USE_FINDERS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WALLETDESK_QUERY_TIMING": "1",
            # Every session comes from 127.0.0.1 and files far more than a person
            # would: the abuse limits would answer 429 after a few requests.
            "WALLETDESK_TICKET_RATE_PER_USER": "1000000/h",
            "WALLETDESK_TICKET_RATE_PER_IP": "1000000/h",
            "WALLETDESK_API_RATE_CUSTOMER": "1000000/min",
            "WALLETDESK_API_RATE_STAFF": "1000000/min",
            "WALLETDESK_API_RATE_FAQ": "1000000/min",
            # Staff sign in with the password alone: supervisors and managers
            # without a second factor would get the enrolment page for every
            # request (each counted as an error). A session with a factor costs
            # the same per request as this one: the requirement is decided at
            # sign-in and kept in the session (accounts/second_factor.py).
            "WALLETDESK_MFA_REQUIRED_ROLES": "",
            # The filers (bench/cases.py) file about 25 tickets each a case.
            "WALLETDESK_MAX_OPEN_TICKETS": str(OPEN_LIMIT),
        }

    def manage(self, *command: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        return done.stdout

    def prepare(self) -> dict[str, object]:
        with psycopg.connect(
            f"{self.args.postgres.rstrip('/')}/postgres", autocommit=True
        ) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.database]
            ).fetchone()
            if not exists:
                log(f"creating database {self.database}")
                admin.execute(f'CREATE DATABASE "{self.database}"')
            # JIT compiles the report aggregates for longer than they run
            # (bench/README.md): off, as the README recommends for production.
            admin.execute(f'ALTER DATABASE "{self.database}" SET jit = off')
        log("migrating")
        self.manage("migrate", "--no-input", "-v0")
        held = int(self.manage("seed_volume", "--check", "--seed", str(SEED)).strip())
        seeded = {"seconds": None, "reused": held == self.args.tickets}
        if held != self.args.tickets:
            log(f"seeding {self.args.tickets:,} tickets (the slow part, once)")
            started = time.monotonic()
            subprocess.run(
                [
                    PYTHON,
                    "manage.py",
                    "seed_volume",
                    "--tickets",
                    str(self.args.tickets),
                    "--seed",
                    str(SEED),
                ],
                cwd=ROOT,
                env=self.env,
                check=True,
            )
            seeded["seconds"] = round(time.monotonic() - started, 1)
        # The seed writes rows with COPY, not through the services that keep
        # ticket search entries; an older checkout has no search to fill.
        if (ROOT / "complaints/services/search_index.py").exists():
            log("indexing tickets for search (only those without an entry)")
            started = time.monotonic()
            self.manage("ticket_search_reindex", "--batch-size", "2000")
            # The seed's VACUUM (ANALYZE) ran before the entries existed; without
            # statistics the planner takes every search for a rare one.
            with psycopg.connect(
                f"{self.args.postgres.rstrip('/')}/{self.database}", autocommit=True
            ) as database:
                database.execute("ANALYZE complaints_ticketsearch")
            seeded["search_index_seconds"] = round(time.monotonic() - started, 1)
        log("collecting static files")
        self.manage("collectstatic", "--no-input", "-v0")
        self.redis_flush()
        return seeded

    def redis_flush(self) -> None:
        import redis

        redis.Redis.from_url(self.args.broker).flushdb()

    def start_web(self) -> None:
        log(f"starting gunicorn with {self.args.workers} workers")
        self.processes.append(
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi",
                    "--workers",
                    str(self.args.workers),
                    "--bind",
                    f"127.0.0.1:{self.args.port}",
                    "--timeout",
                    "120",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=self.env,
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with suppress(OSError):
                if Session("127.0.0.1", self.args.port).request(
                    "GET", "/healthz"
                ).status in {200, 503}:
                    return
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def start_worker(self) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={self.args.workers}",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=self.env,
        )
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def teardown(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)
        shutil.rmtree(self.static, ignore_errors=True)

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.database_url, autocommit=True)
