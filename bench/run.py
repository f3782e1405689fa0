# ruff: noqa: S603 - runs this checkout's own manage.py, gunicorn and celery
"""make bench: Walletdesk under gunicorn on PostgreSQL at volume, case by case.

Creates (or reuses) a database walletdesk_bench_<tickets>, migrates it, seeds it
once with seed_volume, collects static files, starts gunicorn with two workers and
production settings (plus WALLETDESK_QUERY_TIMING=1), signs in sessions per role
through the real login form and runs each case of bench/cases.py for a bounded
time. A Celery worker then drains the acknowledgements the submissions queued
(notice delivery throughput). Prints a table, writes bench/results/<date>.json and
stops every process it started. The database is kept for the next run.

    .venv/bin/python bench/run.py                       # 100,000 tickets, 10 s a case
    .venv/bin/python bench/run.py --tickets 1000000 --seconds 20
    .venv/bin/python bench/run.py --cases changelist,reports
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench import cpu  # noqa: E402
from bench.cases import (  # noqa: E402
    CASES,
    FILERS,
    OPEN_LIMIT,
    Case,
    Context,
    screenshot_png,
)
from bench.loadgen import (  # noqa: E402
    Response,
    Session,
    TakingTurns,
    percentile,
    run_closed_loop,
)

PYTHON = sys.executable
BIN = Path(PYTHON).parent
PASSWORD = "walletdesk-bench"  # noqa: S105 - volume_seed.VOLUME_PASSWORD
SEED = 1
NOT_AVAILABLE = "not available"


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def parse() -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tickets", type=int, default=int(env.get("BENCH_TICKETS", "100000"))
    )
    parser.add_argument(
        "--seconds", type=float, default=float(env.get("BENCH_SECONDS", "10"))
    )
    parser.add_argument(
        "--workers", type=int, default=int(env.get("BENCH_WORKERS", "2"))
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="Sessions per case (default: the case's own, else 1 for latency).",
    )
    parser.add_argument("--port", type=int, default=int(env.get("BENCH_PORT", "8765")))
    parser.add_argument("--cases", default="", help="Comma-separated case names.")
    parser.add_argument("--skip-notices", action="store_true")
    parser.add_argument(
        "--postgres",
        default=env.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    parser.add_argument(
        "--broker",
        default=env.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13"),
    )
    return parser.parse_args()


# The stack --------------------------------------------------------------------


class Stack:
    """The bench database, gunicorn and, when asked, a Celery worker."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.database = f"walletdesk_bench_{args.tickets}"
        self.database_url = f"{args.postgres.rstrip('/')}/{self.database}"
        self.static = Path(tempfile.mkdtemp(prefix="walletdesk-bench-static-"))
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
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


# Context and sessions -----------------------------------------------------------


def read_context(stack: Stack) -> Context:
    with stack.connect() as db:
        context = read_context_from_connection(db)
    context.screenshot = screenshot_png()
    return context


def read_context_from_connection(db: object) -> Context:
    """Usernames, references and search terms from the seeded bench database.

    db is a psycopg connection or Django's connection: anything with cursor().
    """
    prefix = f"vol{SEED}-"

    def column(sql: str, params: list) -> list:
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    customers = [f"{prefix}c{index}" for index in range(8)]
    references = {
        username: column(
            "SELECT t.reference FROM complaints_ticket t JOIN accounts_user u "
            "ON u.id = t.customer_id WHERE u.username = %s "
            "ORDER BY t.received_at DESC LIMIT 50",
            [username],
        )
        for username in customers
    }
    agents = [f"{prefix}a{index}" for index in range(8)]
    agent_tickets = {
        username: column(
            "SELECT t.id FROM complaints_ticket t WHERE t.queue_id IN ("
            " SELECT qa.queue_id FROM complaints_queue_agents qa JOIN accounts_user"
            " u ON u.id = qa.user_id WHERE u.username = %s) AND t.id %% 997 = 0 "
            "LIMIT 50",
            [username],
        )
        for username in agents
    }
    reference = column(
        "SELECT reference FROM complaints_ticket WHERE id %% 1009 = 0 LIMIT 1", []
    )
    transaction = column(
        "SELECT x.reference FROM complaints_tickettransaction l JOIN "
        "transactions_transaction x ON x.id = l.transaction_id "
        "WHERE l.id %% 1013 = 0 LIMIT 1",
        [],
    )
    email = column(
        "SELECT email FROM accounts_user WHERE username = %s", [f"{prefix}c5"]
    )
    # Earlier runs' filers keep their tickets open: each run takes new ones.
    filers = column(
        "SELECT u.username FROM accounts_user u WHERE u.role = 'customer' "
        "AND u.username LIKE %s AND NOT EXISTS (SELECT 1 FROM complaints_ticket t "
        "WHERE t.customer_id = u.id AND t.status <> 'resolved') "
        "ORDER BY u.id LIMIT %s",
        [f"{prefix}c%", FILERS],
    )
    return Context(
        seed=SEED,
        customers=customers,
        filers=filers,
        references=references,
        agents=agents,
        agent_tickets=agent_tickets,
        supervisor=f"{prefix}s0",
        manager=f"{prefix}m0",
        search_reference=reference[0] if reference else "WD-2026-000001",
        search_email=email[0] if email else "",
        search_transaction=transaction[0] if transaction else "",
        export_year=datetime.now(tz=UTC).year - 1,
    )


class Sessions:
    """Signed-in sessions per role, made once and reused by every case."""

    def __init__(self, port: int, context: Context) -> None:
        self.port = port
        self.context = context
        self.cache: dict[str, list[Session]] = {}

    def usernames(self, role: str) -> list[str]:
        return {
            "customer": self.context.customers,
            "filer": self.context.filers,
            "agent": self.context.agents,
            "supervisor": [self.context.supervisor],
            "manager": [self.context.manager],
        }.get(role, [])

    def get(self, role: str, count: int) -> list[Session | TakingTurns]:
        if role == "filer":
            # Every filer signed in once; each of count sessions takes turns
            # among its share of them.
            filers = self.signed_in(role, len(self.context.filers))
            return [TakingTurns(filers[index::count]) for index in range(count)]
        return self.signed_in(role, count)

    def signed_in(self, role: str, count: int) -> list[Session]:
        sessions = self.cache.setdefault(role, [])
        names = self.usernames(role)
        while len(sessions) < count:
            session = Session("127.0.0.1", self.port)
            if role != "anonymous":
                username = names[len(sessions) % len(names)]
                if not session.login(username, PASSWORD):
                    raise RuntimeError(f"{username} could not sign in")
            sessions.append(session)
        return sessions[:count]


# Running cases ------------------------------------------------------------------


def run_case(
    case: Case, sessions: Sessions, args: argparse.Namespace, context: Context
) -> dict[str, object]:
    concurrency = args.concurrency or case.concurrency or 1
    group = sessions.get(case.role, concurrency)

    def send(session: Session, number: int) -> Response:
        path = case.url(context, session.username, number)
        if case.method == "POST":
            fields, files = case.form(context, number)
            return session.post_form(path, fields, files)
        return session.request("GET", path)

    probe = send(group[0], 0)
    if probe.status == 404:
        return {"case": case.name, "status": NOT_AVAILABLE, "note": case.note}
    cpu_before = cpu.sample()
    run = run_closed_loop(
        group,
        send,
        lambda answer: answer.status in case.expect,
        seconds=case.seconds or args.seconds,
        max_requests=case.max_requests,
    )
    cpu_used = cpu.per_request(cpu_before, cpu.sample(), len(run.samples))
    timed = [sample.seconds * 1000 for sample in run.samples if sample.ok]
    queries = [s.queries for s in run.samples if s.queries is not None]
    db_ms = [s.db_ms for s in run.samples if s.db_ms is not None]
    requests_done = len(run.samples)
    mean = sum(timed) / len(timed) if timed else 0.0
    mean_db = sum(db_ms) / len(db_ms) if db_ms else 0.0
    return {
        "case": case.name,
        "status": "ok",
        "role": case.role,
        "concurrency": concurrency,
        "requests": requests_done,
        "errors": sum(1 for sample in run.samples if not sample.ok),
        "error_samples": run.errors[:5],
        "seconds": round(run.wall_seconds, 2),
        "rps": round(requests_done / run.wall_seconds, 1) if run.wall_seconds else 0,
        "p50_ms": round(percentile(timed, 0.50), 1),
        "p95_ms": round(percentile(timed, 0.95), 1),
        "p99_ms": round(percentile(timed, 0.99), 1),
        "mean_ms": round(mean, 1),
        "queries": round(sum(queries) / len(queries), 1) if queries else None,
        "queries_max": max(queries) if queries else None,
        "db_ms": round(mean_db, 1),
        "db_share": round(mean_db / mean, 2) if mean else None,
        **(cpu_used or {}),
        "note": case.note,
    }


def run_notices(stack: Stack, since: datetime, timeout: float = 300) -> dict:
    """Start a worker and time how fast it drains the acknowledgements queued."""
    with stack.connect() as db:
        backlog = db.execute(
            "SELECT count(*) FROM complaints_notice WHERE created_at >= %s "
            "AND sent_at IS NULL",
            [since],
        ).fetchone()[0]
        if not backlog:
            return {"case": "notice_delivery", "status": NOT_AVAILABLE}
        log(f"notice delivery: a worker drains {backlog} acknowledgements")
        worker = stack.start_worker()
        started = time.monotonic()
        left = backlog
        while left and time.monotonic() - started < timeout:
            time.sleep(1)
            left = db.execute(
                "SELECT count(*) FROM complaints_notice WHERE created_at >= %s "
                "AND sent_at IS NULL",
                [since],
            ).fetchone()[0]
        stack.stop(worker)
        first, last, sent = db.execute(
            "SELECT min(sent_at), max(sent_at), count(*) FROM complaints_notice "
            "WHERE created_at >= %s AND sent_at IS NOT NULL",
            [since],
        ).fetchone()
    span = (last - first).total_seconds() if first and last else 0
    return {
        "case": "notice_delivery",
        "status": "ok",
        "role": "celery",
        "concurrency": stack.args.workers,
        "requests": sent,
        "errors": left,
        "seconds": round(span, 2),
        "rps": round((sent - 1) / span, 1) if span else None,
        "note": "acknowledgements delivered per second by a prefork worker",
    }


def table(results: list[dict]) -> str:
    header = (
        f"{'case':<22}{'req/s':>8}{'p50':>9}{'p95':>9}{'p99':>9}"
        f"{'queries':>9}{'db ms':>8}{'db %':>6}{'errors':>8}"
        f"{'cpu web':>9}{'cpu pg':>8}{'idle %':>8}"
    )
    lines = [header, "-" * len(header)]

    def cell(row: dict, key: str, width: int) -> str:
        value = row.get(key)
        return (f"{value:.1f}" if value is not None else "—").rjust(width)

    for row in results:
        if row["status"] != "ok":
            lines.append(f"{row['case']:<22}{row['status']:>8}")
            continue

        share = row.get("db_share")
        idle = f"{row['idle_share'] * 100:.0f}" if "idle_share" in row else "—"
        lines.append(
            f"{row['case']:<22}{cell(row, 'rps', 8)}{cell(row, 'p50_ms', 9)}"
            f"{cell(row, 'p95_ms', 9)}{cell(row, 'p99_ms', 9)}"
            f"{cell(row, 'queries', 9)}{cell(row, 'db_ms', 8)}"
            f"{(f'{share * 100:.0f}' if share is not None else '—'):>6}"
            f"{row['errors']:>8}"
            f"{cell(row, 'cpu_web_ms', 9)}{cell(row, 'cpu_postgres_ms', 8)}"
            f"{idle:>8}"
        )
    return "\n".join(lines)


def main() -> int:
    args = parse()
    wanted = {name for name in args.cases.split(",") if name}
    cases = [case for case in CASES if not wanted or case.name in wanted]
    stack = Stack(args)
    results: list[dict] = []
    seeded: dict[str, object] = {}
    load_before = os.getloadavg()
    try:
        seeded = stack.prepare()
        stack.start_web()
        context = read_context(stack)
        sessions = Sessions(args.port, context)
        started_at = datetime.now(tz=UTC)
        for case in cases:
            log(f"case {case.name}")
            try:
                results.append(run_case(case, sessions, args, context))
            except (OSError, RuntimeError) as error:
                results.append({"case": case.name, "status": f"failed: {error}"})
        if not args.skip_notices and (not wanted or "notice_delivery" in wanted):
            results.append(run_notices(stack, started_at))
    finally:
        stack.teardown()
    report = {
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "tickets": args.tickets,
        "seeded": seeded,
        "workers": args.workers,
        "seconds_per_case": args.seconds,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "cases": results,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{datetime.now(tz=UTC):%Y-%m-%d}-http-{args.tickets}.json"
    path.write_text(json.dumps(report, indent=2, default=str, ensure_ascii=False))
    print(  # noqa: T201 - the table is this script's output
        f"\nWalletdesk at {args.tickets:,} tickets, gunicorn -w {args.workers}, "
        f"{args.seconds:g} s a case, load average {load_before[0]:.1f} "
        f"(ms; queries and db ms per request)\n{table(results)}\n\nwrote {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
