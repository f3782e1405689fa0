"""EXPLAIN (ANALYZE, BUFFERS) of the slowest queries behind each benchmark page.

Runs Django in this process against the bench database (walletdesk_bench_<tickets>),
requests each page with the test client as the case's role, and prints the slowest
queries of the request with their plans. The evidence in bench/README.md comes
from here.

    .venv/bin/python bench/explain.py --tickets 1000000 --cases changelist,reports
    .venv/bin/python bench/explain.py --cases search_words_zh --as vol1-a2
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tickets", type=int, default=int(os.environ.get("BENCH_TICKETS", "100000"))
    )
    parser.add_argument("--cases", default="")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", ""))
    parser.add_argument("--top", type=int, default=2)
    parser.add_argument("--min-ms", type=float, default=1.0)
    parser.add_argument(
        "--as",
        dest="username",
        default="",
        help="Request every case as this user (an agent's scope: vol1-a2).",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
        ),
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = (
        f"{args.postgres.rstrip('/')}/"
        f"{args.database or f'walletdesk_bench_{args.tickets}'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_DEBUG"] = "1"  # plain static storage, no manifest needed
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.cases import CASES, screenshot_png
    from bench.run import SEED, read_context_from_connection

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    context = read_context_from_connection(connection)
    context.screenshot = screenshot_png()
    wanted = {name for name in args.cases.split(",") if name}
    users = {
        "customer": context.customers[0],
        "filer": context.filers[0] if context.filers else context.customers[0],
        "agent": context.agents[0],
        "supervisor": context.supervisor,
        "manager": context.manager,
    }
    for case in CASES:
        if wanted and case.name not in wanted:
            continue
        browser = Client()
        if case.role in users:
            username = args.username or users[case.role]
            browser.force_login(User.objects.get(username=username))
        path = case.url(context, users.get(case.role, ""), 0)

        def send(
            number: int,
            path: str = path,
            case: object = case,
            browser: Client = browser,
        ) -> object:
            if case.method == "GET":
                return browser.get(path)
            fields, files = case.form(context, number)
            uploads = {
                name: SimpleUploadedFile(filename, content, content_type=kind)
                for name, filename, kind, content in files
            }
            return browser.post(path, {**fields, **uploads})

        send(0)  # warm caches as a running server would have them
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = send(1)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            total = (time.perf_counter() - started) * 1000
        print(  # noqa: T201
            f"\n=== {case.name} {path} -> {response.status_code}: "
            f"{len(captured)} queries, {total:.0f} ms (seed {SEED})"
        )
        slowest = sorted(
            captured.captured_queries, key=lambda q: float(q["time"]), reverse=True
        )
        for query in slowest[: args.top]:
            if float(query["time"]) * 1000 < args.min_ms:
                break
            sql = query["sql"]
            print(f"\n-- {float(query['time']) * 1000:.1f} ms\n{sql[:1500]}")  # noqa: T201
            # Writes are only planned (EXPLAIN ANALYZE would run them again);
            # transaction control has no plan.
            # A UNION of LIMITed parts starts with "(SELECT".
            verb = sql.lstrip(" (").split(None, 1)[0].upper()
            if verb not in {"SELECT", "WITH", "INSERT", "UPDATE", "DELETE"}:
                continue
            options = "(ANALYZE, BUFFERS) " if verb in {"SELECT", "WITH"} else ""
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {options}{sql}")
                for (line,) in cursor.fetchall():
                    print(f"   {line}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
