"""Measuring: signed-in sessions per role, one case's closed loop, the notice
worker's delivery rate, and the results table."""

import argparse
import time
from datetime import datetime

from bench import cpu
from bench.cases import Case, Context
from bench.loadgen import (
    Response,
    Session,
    TakingTurns,
    percentile,
    run_closed_loop,
)
from bench.stack import Stack, log

PASSWORD = "walletdesk-bench"  # noqa: S105 - volume_seed.VOLUME_PASSWORD
NOT_AVAILABLE = "not available"


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
