"""Benchmark: the manager reports page and its figures export on the data that exists.

    .venv/bin/python bench/reports.py [--runs 20] [--period 30d]

Runs against the configured database (DATABASE_URL, else the SQLite db.sqlite3 that
`make run` seeds) and writes nothing to it: it signs in as the first active
manager (or supervisor) through Django's test client. Prints the page's p50/p95
and its query count, the same for the CSV figures export, and writes JSON to
bench/results/<date>-reports.json. The query count must not move with the data
size; `seed_volume` (the scale issue) provides large data sets.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _measure(client, url: str, runs: int) -> dict[str, float | int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], set()
    for _run in range(runs + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries.add(len(captured))
        timings.append(elapsed * 1000)
    timings = timings[1:]  # the first run warms caches and connections
    return {
        "runs": runs,
        "p50_ms": round(_percentile(timings, 0.5), 1),
        "p95_ms": round(_percentile(timings, 0.95), 1),
        "queries": max(queries),
        "queries_stable": len(queries) == 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--period", default="30d")
    args = parser.parse_args()

    import django
    from django.conf import settings

    # Static URLs without a collectstatic manifest: the benchmark times the page.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    django.setup()
    from django.test import Client

    from accounts.models import User
    from complaints.models import Ticket

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    reader = (
        User.objects.filter(is_active=True, role=User.Role.MANAGER).first()
        or User.objects.filter(is_active=True, role=User.Role.SUPERVISOR).first()
    )
    if reader is None:
        raise SystemExit("No active manager or supervisor: run `make demo` first.")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(reader)
    tickets = Ticket.objects.count()
    query = f"?period={args.period}"
    results = {
        "page": _measure(client, "/reports/" + query, args.runs),
        "export": _measure(client, "/reports/export.csv" + query, args.runs),
    }
    _out(
        f"reports benchmark: {tickets} tickets, period {args.period}, {args.runs} runs"
    )
    _out(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    _out(f"{'what':<8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, result in results.items():
        _out(
            f"{name:<8} {result['p50_ms']:>8} {result['p95_ms']:>8} {result['queries']:>8}"
            + ("" if result["queries_stable"] else "  (count varied!)")
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    path = RESULTS / f"{stamp:%Y-%m-%d}-reports.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": "reports",
                "at": stamp.isoformat(),
                "tickets": tickets,
                "period": args.period,
                "database": settings.DATABASES["default"]["ENGINE"],
                "python": platform.python_version(),
                **results,
            },
            indent=2,
        )
    )
    _out(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
