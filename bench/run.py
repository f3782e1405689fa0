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
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cases import (  # noqa: E402
    CASES,
    FILERS,
    Context,
    screenshot_png,
)
from bench.measure import Sessions, run_case, run_notices, table  # noqa: E402
from bench.stack import SEED, Stack, log  # noqa: E402


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
    parser.add_argument(
        "--database",
        default=env.get("BENCH_DATABASE", ""),
        help="Database name (default: walletdesk_bench_<tickets>).",
    )
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
        report_filters=report_filters(column),
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
        search_customer=f"{prefix}c5",
        # The distinctive tail an agent reads off a receipt; a shared prefix
        # ("L1-T0000") matches every seeded reference.
        search_transaction_part=transaction[0][-6:] if transaction else "",
        export_year=datetime.now(tz=UTC).year - 1,
    )


def report_filters(column: Callable[[str, list], list]) -> list[dict[str, str]]:
    """Filter sets the reports page offers: each filter alone, then every combination."""
    queues = [
        str(pk) for pk in column("SELECT id FROM complaints_queue ORDER BY id", [])
    ]
    profiles = [
        str(pk) for pk in column("SELECT id FROM sla_regimeprofile ORDER BY id", [])
    ]
    agents = [
        str(pk)
        for pk in column(
            "SELECT id FROM accounts_user WHERE role = 'agent' ORDER BY id LIMIT 3", []
        )
    ]
    single = [
        {"kind": "complaint"},
        {"kind": "misoperation_refund"},
        {"category": "transfer_failed"},
        {"channel": "web"},
        {"language": "en"},
        *({"queue": pk} for pk in queues[:2]),
        *({"agent": pk} for pk in agents[:2]),
        *({"profile": pk} for pk in profiles[:2]),
    ]
    # Every combination of the page's seven filters (one value each), so a run
    # long enough (128 requests) meets each subset once.
    one_of_each = {
        "kind": "complaint",
        "category": "transfer_failed",
        "channel": "web",
        "language": "zh-hans",
        **({"queue": queues[0]} if queues else {}),
        **({"agent": agents[0]} if agents else {}),
        **({"profile": profiles[0]} if profiles else {}),
    }
    every_subset = [
        dict(names)
        for size in range(2, len(one_of_each) + 1)
        for names in combinations(one_of_each.items(), size)
    ]
    combined = [
        *every_subset,
        {"kind": "complaint", "category": "transfer_failed", "language": "zh-hans"},
        {"kind": "cancelled_tx_inquiry", "channel": "web"},
        {"queue": queues[0], "agent": agents[0]} if queues and agents else {},
        {"profile": profiles[0], "kind": "complaint"} if profiles else {},
        {
            "kind": "complaint",
            "category": "transfer_failed",
            "channel": "web",
            "language": "zh-hans",
            **({"queue": queues[0]} if queues else {}),
            **({"agent": agents[0]} if agents else {}),
            **({"profile": profiles[0]} if profiles else {}),
        },
    ]
    unique = {tuple(sorted(c.items())): c for c in [{}, *single, *combined]}
    return list(unique.values())


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
