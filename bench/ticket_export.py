"""The background ticket export timed in process on a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/walletdesk_bench_1000000 \\
        .venv/bin/python bench/ticket_export.py [--days 365,730] [--repeat 2]

Issue 24 asks the year's ticket CSV to be written in the background at
≥ 50,000 rows a second. For each period (the last --days days, no filters)
this records an export for the seed's manager and runs the task's own function
(reports.exports.ticket_export_write) in this process, as a worker would: the
count, the rows read 2,000 at a time, the file written to private storage.
Prints rows, wall seconds, rows a second, and the CPU seconds of this process
and of its PostgreSQL backend (from /proc, both on this machine). The export
rows and their files are deleted afterwards; the notices they queue wait in
BENCH_BROKER_URL's Redis database (default redis://127.0.0.1:6379/12), which is
purged: no worker should listen there.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch import cpu_seconds  # noqa: E402


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", default="365,730")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # The task and the ready notice are queued, not run in this process.
    os.environ["CELERY_BROKER_URL"] = os.environ.get(
        "BENCH_BROKER_URL", "redis://127.0.0.1:6379/12"
    )
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from config import celery_app
    from reports.exports import ticket_export_start, ticket_export_write
    from reports.models import TicketExport
    from reports.selectors import ReportFilter

    manager = User.objects.filter(role="manager", is_active=True).order_by("pk").first()
    if manager is None:
        say("no manager in this database: seed it first (bench/run.py)")
        return 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    say(
        f"{'period':<10} {'rows':>9} {'wall s':>8} {'rows/s':>9} {'app CPU s':>10} {'pg CPU s':>9}"
    )
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    for days in (int(value) for value in args.days.split(",")):
        for _ in range(args.repeat):
            filters = ReportFilter(start=today - timedelta(days=days), end=today)
            export = ticket_export_start(user=manager, filters=filters)
            wall, app, pg = (
                time.perf_counter(),
                time.process_time(),
                cpu_seconds(backend),
            )
            done = ticket_export_write(export_id=export.pk)
            wall = time.perf_counter() - wall
            app = time.process_time() - app
            pg = cpu_seconds(backend) - pg
            rows = done.rows_done if done else 0
            say(
                f"{days:>4} days {rows:>9,} {wall:>8.2f} {rows / wall:>9,.0f}"
                f" {app:>10.2f} {pg:>9.2f}"
            )
            export = TicketExport.objects.get(pk=export.pk)
            if export.file:
                export.file.delete(save=False)
            export.delete()
    celery_app.control.purge()
    return 0


if __name__ == "__main__":
    sys.exit(main())
