"""Benchmark: what keeping the report rollups costs filing and status moves.

    .venv/bin/python bench/rollup_overhead.py [--tickets 300] [--rounds 3]

Needs PostgreSQL and Redis on their default ports and nothing else: it creates
(and drops afterwards) its own database. Environment overrides:
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), BENCH_BROKER_URL
(default redis://127.0.0.1:6379/13; the queue there is purged).

Issue 24 allows maintaining the rollups to make filing and status moves at most
10 % slower. Each round files --tickets complaints through the filing service
and moves each through acknowledged, investigating and resolved with
ticket_transition (a supervisor, an outcome), once with the reports' rollup
marks connected (as deployed) and once with them disconnected
(reports.rollups.marks.disconnect), the two modes interleaved and their order
alternated round by round. No worker runs: what is measured is the request's
own work (the marks' inserts, the every-200th fold's enqueue), not the fold,
which beat runs in the background. Reported per operation, median of the
rounds: wall time, and CPU time of this process plus its PostgreSQL backend
(from /proc, both on this machine), which the load of a shared machine moves
much less than the wall time.
Prints a table and writes JSON to bench/results/<date>-rollup-overhead.json.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
from bench.scratch import (  # noqa: E402
    cpu_seconds,
    database_drop,
    failed_transfers,
    out,
    people_create,
    scratch_environment,
    transfer_complaint,
)

DB_NAME = "wd_bench_rollup_overhead"
MODES = ("marks on", "marks off")


class Clock:
    """Wall and CPU (this process and its database backend) between two reads."""

    def __init__(self, backend_pid: int) -> None:
        self.backend_pid = backend_pid

    def read(self) -> tuple[float, float]:
        cpu = time.process_time() + cpu_seconds(self.backend_pid)
        return time.perf_counter(), cpu


def _round(customers: list, supervisor: object, count: int, offset: int, clock: Clock):
    """File count complaints, then move each to resolved; (filing, moves) costs."""
    from complaints.models import Ticket
    from complaints.workflow import Resolution, ticket_transition

    records = failed_transfers(customers, count, first=offset)
    wall, cpu = clock.read()
    tickets = [
        transfer_complaint(customers[n % len(customers)], record, offset + n)
        for n, record in enumerate(records)
    ]
    filed_wall, filed_cpu = clock.read()
    for ticket in tickets:
        for status in (
            Ticket.Status.ACKNOWLEDGED,
            Ticket.Status.INVESTIGATING,
        ):
            ticket_transition(ticket=ticket, to_status=status, actor=supervisor)
        ticket_transition(
            ticket=ticket,
            to_status=Ticket.Status.RESOLVED,
            actor=supervisor,
            resolution=Resolution(outcome=Ticket.Outcome.UPHELD, summary="Returned."),
        )
    moved_wall, moved_cpu = clock.read()
    moves = 3 * count
    return {
        "filing_ms": (filed_wall - wall) * 1000 / count,
        "filing_cpu_ms": (filed_cpu - cpu) * 1000 / count,
        "move_ms": (moved_wall - filed_wall) * 1000 / moves,
        "move_cpu_ms": (moved_cpu - filed_cpu) * 1000 / moves,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    base_url = scratch_environment(DB_NAME, broker="redis://127.0.0.1:6379/13")
    load_before = os.getloadavg()
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        from config import celery_app
        from reports.rollups import marks

        call_command("migrate", verbosity=0)
        customers, supervisor = people_create(50)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            clock = Clock(cursor.fetchone()[0])
        # A warm-up round, not counted: caches, the first queries' plans.
        _round(customers, supervisor, 50, 10_000_000, clock)
        offset = 0
        for number in range(args.rounds):
            order = MODES if number % 2 == 0 else MODES[::-1]
            for mode in order:
                if mode == "marks on":
                    marks.connect()
                else:
                    marks.disconnect()
                runs[mode].append(
                    _round(customers, supervisor, args.tickets, offset, clock)
                )
                offset += args.tickets
                celery_app.control.purge()
                out(
                    f"  round {number + 1} {mode}: "
                    + ", ".join(
                        f"{key} {value:.2f}" for key, value in runs[mode][-1].items()
                    )
                )
        marks.connect()
        connections.close_all()
    finally:
        database_drop(base_url, DB_NAME)

    medians = {
        mode: {
            key: statistics.median(run[key] for run in runs[mode])
            for key in runs[mode][0]
        }
        for mode in MODES
    }
    on, off = medians["marks on"], medians["marks off"]
    overhead = {key: (on[key] / off[key] - 1) * 100 for key in on}
    result = {
        "benchmark": "rollup-overhead",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "tickets_per_round": args.tickets,
        "rounds": args.rounds,
        "runs": runs,
        "medians": medians,
        "overhead_percent": overhead,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
    }
    out(
        f"Rollup marks: {args.tickets} filings and {3 * args.tickets} moves a round, "
        f"median of {args.rounds} interleaved rounds (ms an operation)"
    )
    out(f"{'':<22} {'marks on':>10} {'marks off':>10} {'overhead':>10}")
    for key in on:
        out(f"{key:<22} {on[key]:>10.2f} {off[key]:>10.2f} {overhead[key]:>9.1f}%")
    out(
        f"load average before {result['machine']['load_before']}, after {result['machine']['load_after']}"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-rollup-overhead.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    out(f"Written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
