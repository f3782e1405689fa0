"""Benchmark: resolving an incident with N linked tickets on 2 prefork workers.

    .venv/bin/python bench/incidents.py [--tickets 10000] [--concurrency 2]

Needs PostgreSQL and Redis on their default ports and nothing else: it creates
(and drops afterwards) its own database. Environment overrides:
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), BENCH_BROKER_URL
(default redis://127.0.0.1:6379/14; the queue there is purged).

N transfer-failed complaints are filed through the filing service while an
incident is open (each links itself on filing), with no worker running; their
acknowledgements are taken off the queue, so the tickets wait in "received" as
in an outage the desk could not keep up with. Then `celery worker
--pool=prefork --concurrency=2` starts, the supervisor resolves the incident with
one answer (a per-ticket refund amount each), and the clock runs from that
commit until every ticket is resolved and every notice of the resolution (the
resolution and the satisfaction request after it) is sent through Django's
locmem email backend. Rate = tickets / that time. On a shared machine that rate
depends on what else runs, so the worker processes' CPU time (from /proc) is
reported too, per ticket. PostgreSQL's share is not: Celery closes a task's
database connection when it ends, so the backends that did the work are gone
before they can be read.
Prints a table and writes JSON to bench/results/<date>-incidents.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
from bench.scratch import (  # noqa: E402
    database_drop,
    failed_transfers,
    out,
    people_create,
    scratch_environment,
    transfer_complaint,
    worker_start,
    worker_stop,
)

DB_NAME = "wd_bench_incidents"


def _worker_ready(timeout: float = 60) -> bool:
    from config import celery_app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if celery_app.control.ping(timeout=1.0):
            return True
    return False


def _file(customers: list, count: int) -> float:
    """File count transfer-failed complaints; return the seconds it took."""
    records = failed_transfers(customers, count)
    started = time.monotonic()
    for n, record in enumerate(records):
        transfer_complaint(customers[n % len(customers)], record, n)
        if n and n % 1000 == 0:
            out(f"  filed {n} ({time.monotonic() - started:.0f} s)")
    return time.monotonic() - started


def _worker_cpu_seconds(worker_pid: int) -> float:
    """CPU seconds so far of the worker's process tree (the pool's children too)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, seconds = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while listing
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        seconds[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    tree = {worker_pid}
    while children := {pid for pid, up in parents.items() if up in tree} - tree:
        tree |= children
    return sum(seconds.get(pid, 0.0) for pid in tree)


def _wait(done: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.2)
    return bool(done())


def _resolve(incident: object, supervisor: object, count: int, worker_pid: int) -> dict:
    from complaints.models import IncidentTicketAnswer, Notice, Ticket
    from complaints.services.incident_answers import incident_answer_start

    ids = list(
        Ticket.objects.filter(incident_link__incident=incident).values_list(
            "pk", flat=True
        )
    )
    if len(ids) != count:
        raise SystemExit(f"{len(ids)} tickets linked, not {count}")
    amounts = {pk: (Decimal(10 + pk % 90), "CNY") for pk in ids}
    cpu_before = _worker_cpu_seconds(worker_pid)
    started = time.time()
    run = incident_answer_start(
        incident=incident,
        mode="resolve",
        body_zh_hans="转账故障已修复 工单 {reference} 退款 {amount}",
        body_en="The transfer fault is fixed; ticket {reference}, refund {amount}.",
        outcome=Ticket.Outcome.UPHELD,
        amounts=amounts,
        resolve_incident=True,
        actor=supervisor,
    )
    committed = time.time()
    answers = IncidentTicketAnswer.objects.filter(run=run)
    kinds = (Notice.Kind.RESOLUTION, Notice.Kind.SATISFACTION_REQUEST)
    notices = Notice.objects.filter(ticket_id__in=ids, kind__in=kinds)
    timeout = max(600, count / 5)
    if not _wait(lambda: not answers.filter(done_at__isnull=True).exists(), timeout):
        raise SystemExit("the workers did not answer every ticket")
    answered = max(answers.values_list("done_at", flat=True)).timestamp()
    if not _wait(
        lambda: notices.filter(sent_at__isnull=False).count() == 2 * count, timeout
    ):
        raise SystemExit("the workers did not deliver every notice")
    delivered = max(notices.values_list("sent_at", flat=True)).timestamp()
    cpu_ms = (_worker_cpu_seconds(worker_pid) - cpu_before) * 1000 / count
    resolved = Ticket.objects.filter(pk__in=ids, status="resolved").count()
    seconds = delivered - committed
    return {
        "tickets": count,
        "resolved": resolved,
        "notices": notices.count(),
        "start_seconds": round(committed - started, 3),
        "answered_seconds": round(answered - committed, 3),
        "delivered_seconds": round(seconds, 3),
        "tickets_per_second": round(count / seconds, 1),
        "worker_cpu_ms_per_ticket": round(cpu_ms, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    base_url = scratch_environment(DB_NAME, broker="redis://127.0.0.1:6379/14")
    load_before = os.getloadavg()
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from config import celery_app
        from incidents.services import incident_declare

        call_command("migrate", verbosity=0)
        customers, supervisor = people_create(100)
        incident = incident_declare(
            title_zh_hans="转账失败",
            title_en="Transfers failing",
            summary_zh_hans="部分转账失败 我们正在处理",
            summary_en="Some transfers fail; we are on it.",
            kinds=["complaint"],
            categories=["transfer_failed"],
            actor=supervisor,
        )
        filing_seconds = _file(customers, args.tickets)
        # The acknowledgements (and rollup folds) the filings queued: not this case.
        celery_app.control.purge()
        worker = worker_start("--pool=prefork", f"--concurrency={args.concurrency}")
        try:
            if not _worker_ready():
                raise SystemExit("the worker did not start")
            load_at_start = os.getloadavg()
            result = _resolve(incident, supervisor, args.tickets, worker.pid)
        finally:
            worker_stop(worker)
        connections.close_all()
    finally:
        database_drop(base_url, DB_NAME)

    result.update(
        {
            "benchmark": "incidents",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "load_before": [round(x, 2) for x in load_before],
                "load_at_start": [round(x, 2) for x in load_at_start],
                "load_after": [round(x, 2) for x in os.getloadavg()],
            },
            "worker": f"--pool=prefork --concurrency={args.concurrency}",
            "filing_seconds": round(filing_seconds, 1),
        }
    )
    out(
        f"Resolving an incident: {result['tickets']} linked tickets, "
        f"{result['worker']} (PostgreSQL + Redis)"
    )
    out(f"{'filed (setup)':<28} {result['filing_seconds']:>10} s")
    out(f"{'every ticket answered':<28} {result['answered_seconds']:>10} s")
    out(f"{'every notice delivered':<28} {result['delivered_seconds']:>10} s")
    out(f"{'tickets/s with notices':<28} {result['tickets_per_second']:>10}")
    out(f"{'worker CPU ms a ticket':<28} {result['worker_cpu_ms_per_ticket']:>10}")
    out(f"{'load average at start':<28} {result['machine']['load_at_start']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-incidents.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    out(f"Written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
