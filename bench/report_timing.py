"""report_build timed in process on a seeded database: windows x filter sets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/walletdesk_bench_1000000 \\
        .venv/bin/python bench/report_timing.py --repeat 3
    ... --all-filters            # every filter set bench/run.py's reports cases use

No cache, no web server: each call computes the report of a window nobody asked
for before (its end moves back a day per call), so only the database and the
Python of the figures are measured. Prints, per window and filter set, the p50
of --repeat calls (ms), the query count, and the time of each part of the report
in the median call; with --all-filters, p50/p95/max over every filter set.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WINDOWS = {
    "30d": (30, 2),
    "30d_6mo_ago": (30, 182),
    "year": (365, 2),
    "two_years": (730, 2),
}
FIELDS = {"queue": "queue_id", "agent": "agent_id", "profile": "profile_id"}
PARTS = (
    "report_figures",
    "report_open",
    "report_agents",
    "report_trend",
    "report_transactions",
    "report_payouts",
    "spike_watch",
    "spike_alerts_recent",
)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--windows", default=",".join(WINDOWS))
    parser.add_argument("--all-filters", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="every set's line")
    parser.add_argument(
        "--unfiltered", action="store_true", help="only the report without filters"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.run import report_filters
    from reports.selectors import ReportFilter, build
    from sla.models import RegimeProfile

    spent: dict[str, float] = defaultdict(float)
    for name in PARTS:
        original = getattr(build, name)

        def timed(*a, _original=original, _name=name, **kw):
            started = time.perf_counter()
            try:
                return _original(*a, **kw)
            finally:
                spent[_name] += (time.perf_counter() - started) * 1000

        setattr(build, name, timed)

    def column(sql: str, params: list) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    sets = report_filters(column)
    if not args.all_filters:
        sets = [s for s in sets if len(s) <= 1] + [
            {"kind": "complaint", "language": "zh-hans"},
            {"kind": "complaint", "category": "transfer_failed", "channel": "web"},
        ]
    if args.unfiltered:
        sets = [{}]
    profiles = list(RegimeProfile.objects.order_by("name"))
    zone = timezone.get_default_timezone()
    today = timezone.localdate(timezone.now(), zone)
    calls = 0
    say(f"load average {os.getloadavg()[0]:.1f}; {len(sets)} filter sets")
    for window in args.windows.split(","):
        days, back = WINDOWS[window]
        medians = []
        for chosen in sets:
            fields = {
                FIELDS.get(k, k): (int(v) if k in FIELDS else v)
                for k, v in chosen.items()
            }
            runs = []
            for _ in range(args.repeat):
                calls += 1
                end = today - timedelta(days=back + calls % 300)
                filters = ReportFilter(
                    start=datetime.combine(
                        end - timedelta(days=days), datetime.min.time(), tzinfo=zone
                    ),
                    end=datetime.combine(end, datetime.min.time(), tzinfo=zone),
                    **fields,
                )
                spent.clear()
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    report = build.report_build(filters=filters, profiles=profiles)
                    ms = (time.perf_counter() - started) * 1000
                runs.append((ms, len(queries), dict(spent), report))
            runs.sort(key=lambda run: run[0])
            ms, count, parts, report = runs[len(runs) // 2]
            medians.append(ms)
            if not args.all_filters or args.verbose:
                detail = " ".join(
                    f"{k.removeprefix('report_')}={v:.0f}"
                    for k, v in parts.items()
                    if v >= 1
                )
                say(
                    f"{window:12} {chosen or '-'!s:60} p50 {ms:7.0f} ms  "
                    f"{count} q  received {report.received} open_end {report.open_end}  [{detail}]"
                )
        medians.sort()
        say(
            f"{window:12} ALL {len(sets)} sets: p50 {statistics.median(medians):.0f} ms, "
            f"p95 {medians[int(len(medians) * 0.95) - 1]:.0f}, max {medians[-1]:.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
