"""Benchmark: notices delivered per second by one Celery worker, and the latency
from the event's commit to delivery, on PostgreSQL and Redis.

    .venv/bin/python bench/notices.py [--backlog 1000] [--live 300]

Needs PostgreSQL and Redis on their default ports and nothing else: it creates
(and drops afterwards) its own database. Environment overrides:
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), BENCH_BROKER_URL
(default redis://127.0.0.1:6379/15; the queue there is purged).

Two measurements, each with one `celery worker --pool=solo` process:
- backlog: N tickets are filed while no worker runs, then the worker starts and
  drains the acknowledgements; rate = N / (last sent_at - first sent_at).
- live: the worker runs while tickets are filed one after another; latency is
  sent_at minus the moment the filing transaction committed.
Delivery is the full path: lock, acknowledge the ticket (a status change, its
webhook check), render text and HTML, hand to Django's locmem email backend.
Prints a table and writes JSON to bench/results/<date>-notices.json.
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
    customers_create,
    database_drop,
    out,
    scratch_environment,
    worker_start,
    worker_stop,
)

DB_NAME = "wd_bench_notices"


def _wait_all_sent(ids: list[int], timeout: float) -> bool:
    from complaints.models import Notice

    deadline = time.monotonic() + timeout
    unsent = Notice.objects.filter(pk__in=ids, sent_at__isnull=True)
    while time.monotonic() < deadline:
        if not unsent.exists():
            return True
        time.sleep(0.1)
    return not unsent.exists()


def _file_ticket(customer: object, number: int) -> tuple[int, float]:
    """File one ticket through the service; return its notice id and commit time."""
    from complaints.models import Notice, Ticket
    from complaints.services import ComplaintInput, ticket_create

    ticket = ticket_create(
        customer=customer,
        kind=Ticket.Kind.COMPLAINT,
        category=Ticket.Category.ACCOUNT_ACCESS,
        subject=f"Locked out {number}",
        description="My account is locked after a password reset.",
        details=ComplaintInput(remedy_sought="Unlock it"),
    )
    committed = time.time()  # the on-commit publish has run by now
    notice_id = Notice.objects.values_list("pk", flat=True).get(ticket=ticket)
    return notice_id, committed


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))
    return ordered[index]


def _backlog(customers: list, count: int) -> dict[str, float]:
    from complaints.models import Notice

    ids = [_file_ticket(customers[n % len(customers)], n)[0] for n in range(count)]
    worker = worker_start("--pool=solo")
    try:
        if not _wait_all_sent(ids, timeout=max(120, count)):
            raise SystemExit("backlog: the worker did not deliver everything")
    finally:
        worker_stop(worker, timeout=30)
    stamps = sorted(Notice.objects.filter(pk__in=ids).values_list("sent_at", flat=True))
    span = (stamps[-1] - stamps[0]).total_seconds()
    return {
        "notices": count,
        "seconds": round(span, 3),
        "per_second": round((count - 1) / span, 1) if span else float("nan"),
    }


def _live(customers: list, count: int, pause: float) -> dict[str, float]:
    from complaints.models import Notice

    worker = worker_start("--pool=solo")
    try:
        warm = _file_ticket(customers[0], -1)[0]  # the worker is up once this is out
        if not _wait_all_sent([warm], timeout=60):
            raise SystemExit("live: the worker did not start")
        committed: dict[int, float] = {}
        for n in range(count):
            notice_id, at = _file_ticket(customers[n % len(customers)], n)
            committed[notice_id] = at
            time.sleep(pause)
        if not _wait_all_sent(list(committed), timeout=max(120, count)):
            raise SystemExit("live: the worker did not deliver everything")
    finally:
        worker_stop(worker, timeout=30)
    sent = dict(Notice.objects.filter(pk__in=committed).values_list("pk", "sent_at"))
    latencies = [(sent[pk].timestamp() - at) * 1000 for pk, at in committed.items()]
    return {
        "notices": count,
        "pause_ms": round(pause * 1000, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=1000)
    parser.add_argument("--live", type=int, default=300)
    parser.add_argument("--pause-ms", type=float, default=50.0)
    args = parser.parse_args()

    base_url = scratch_environment(DB_NAME, broker="redis://127.0.0.1:6379/15")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from config import celery_app

        call_command("migrate", verbosity=0)
        celery_app.control.purge()
        customers = customers_create(20, stamp=int(time.time()))
        backlog = _backlog(customers, args.backlog)
        live = _live(customers, args.live, args.pause_ms / 1000)
        from django.db import connections

        connections.close_all()
    finally:
        database_drop(base_url, DB_NAME)

    result = {
        "benchmark": "notices",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "worker": "1 process, --pool=solo",
        "backlog": backlog,
        "live": live,
    }
    out("Notices through one Celery worker (PostgreSQL + Redis)")
    out(f"{'case':<10} {'notices':>8} {'result':>34}")
    out(
        f"{'backlog':<10} {backlog['notices']:>8} "
        f"{backlog['per_second']:>14} notices/s in {backlog['seconds']:>7} s"
    )
    out(
        f"{'live':<10} {live['notices']:>8} "
        f"{'p50 ' + str(live['p50_ms']) + ' ms, p95 ' + str(live['p95_ms']) + ' ms':>34}"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-notices.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    out(f"Written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
