# ruff: noqa: S603 - runs this checkout's own gunicorn and locust
"""make load: locust's mixed traffic against the bench server, then a data check.

Prepares the same database and gunicorn as bench/run.py, runs
bench/locustfile.py headless (60 users: 50 customers, 10 agents; 10 a second;
60 s), stops the server and checks that locust saw no failure and that every
reference a customer got back is a ticket in the database.

    .venv/bin/python bench/load.py [--tickets N] [--users 60] [--time 60s]
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import parse  # noqa: E402
from bench.stack import BIN, SEED, Stack, log  # noqa: E402


def main() -> int:
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--users", type=int, default=60)
    extra.add_argument("--rate", type=int, default=10)
    extra.add_argument("--time", default="60s")
    options, rest = extra.parse_known_args()
    sys.argv = [sys.argv[0], *rest]
    args = parse()
    stack = Stack(args)
    # The locust customers (vol1-c100…c149) are the same every run and keep
    # their tickets open: the open-ticket limit of the timed cases would
    # refuse them after some forty runs.
    stack.env["WALLETDESK_MAX_OPEN_TICKETS"] = "1000000"
    references = Path(tempfile.mkdtemp(prefix="walletdesk-load-")) / "references.txt"
    try:
        stack.prepare()
        stack.start_web()
        log(f"locust: {options.users} users for {options.time}")
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(options.users),
                "-r",
                str(options.rate),
                "-t",
                options.time,
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "BENCH_SEED": str(SEED),
                "BENCH_LOAD_REFERENCES": str(references),
                "PYTHONPATH": str(ROOT),
            },
            check=False,
        )
    finally:
        stack.teardown()
    filed = (
        [line for line in references.read_text().split() if line]
        if references.exists()
        else []
    )
    with stack.connect() as db:
        found = db.execute(
            "SELECT count(*) FROM complaints_ticket WHERE reference = ANY(%s)",
            [filed],
        ).fetchone()[0]
    missing = len(filed) - found
    print(  # noqa: T201
        f"\nload: locust exit {locust.returncode} (0: no failed request); "
        f"{len(filed)} tickets filed, {found} found in the database, "
        f"{missing} missing"
    )
    return 0 if locust.returncode == 0 and missing == 0 and filed else 1


if __name__ == "__main__":
    sys.exit(main())
