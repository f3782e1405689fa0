"""Reports, exports and the staff search read from a real streaming replica.

The test makes the replica itself: pg_basebackup of the test's PostgreSQL cluster
into a temporary directory, started with pg_ctl on a free port (as the postgres
user when run as root). It needs the PostgreSQL server binaries and a
replication entry for 127.0.0.1 in the primary's pg_hba.conf (.ci/services.sh
adds it); without them it skips, and under CI it fails.
"""

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from accounts.models import User
from complaints.models import Ticket
from tests.factories import AgentFactory, ManagerFactory, TicketFactory
from tests.processes import child_database_url, process_start, process_stop, wait_for

pytestmark = [
    pytest.mark.replica,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"replica test: {reason}, and CI must run it")
    pytest.skip(f"needs a PostgreSQL replica: {reason}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_bin() -> Path | None:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"),
        key=lambda path: int(path.parent.parent.name),
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("pg_basebackup")
    return Path(found).parent if found else None


# A physical replication slot keeps the primary's WAL until the replica has it:
# without one, a busy cluster recycled the segment the new replica still needed
# ("requested WAL segment ... has already been removed") and it never started.
SLOT = "walletdesk_test_replica"


def _slot_drop(primary: dict) -> None:
    """Drop the slot once no replica streams from it (the walsender ends shortly after the stop)."""
    with psycopg.connect(
        host=primary["HOST"] or "127.0.0.1",
        port=primary["PORT"] or 5432,
        user=primary["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        wait_for(
            lambda: (
                not admin.execute(
                    "SELECT 1 FROM pg_replication_slots WHERE slot_name = %s AND active",
                    [SLOT],
                ).fetchone()
            ),
            timeout=30,
        )
        admin.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
            " WHERE slot_name = %s",
            [SLOT],
        )


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:  # the server refuses to run as root
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="module")
def replica_port() -> Iterator[int]:
    """Start a hot standby of the test database's cluster; yield its port."""
    binaries = _postgres_bin()
    if binaries is None:
        _unavailable("no PostgreSQL server binaries (pg_basebackup, pg_ctl)")
    primary = connection.settings_dict
    root = Path(tempfile.mkdtemp(prefix="walletdesk-replica-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    _slot_drop(primary)  # left by an interrupted run
    backup = subprocess.run(  # noqa: S603 - fixed PostgreSQL tools
        _as_postgres(
            [
                str(binaries / "pg_basebackup"),
                f"--host={primary['HOST'] or '127.0.0.1'}",
                f"--port={primary['PORT'] or 5432}",
                f"--username={primary['USER'] or 'postgres'}",
                f"--pgdata={data}",
                "--write-recovery-conf",
                "--wal-method=stream",
                "--create-slot",
                f"--slot={SLOT}",
                "--checkpoint=fast",
                "--no-password",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if backup.returncode != 0:
        _slot_drop(primary)
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"pg_basebackup failed: {backup.stderr.strip()[-300:]}")
    # Debian keeps the configuration outside the data directory: give the copy its own.
    for name, text in {
        "postgresql.conf": "hot_standby = on\n",
        "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        "pg_ident.conf": "",
    }.items():
        (data / name).write_text(text)
        if os.geteuid() == 0:
            shutil.chown(data / name, "postgres", "postgres")
    port = _free_port()
    start = subprocess.run(  # noqa: S603 - fixed PostgreSQL tools
        _as_postgres(
            [
                str(binaries / "pg_ctl"),
                f"--pgdata={data}",
                f"--log={root / 'replica.log'}",
                "--wait",
                "--timeout=120",
                f"--options=-p {port} -k {root} -c listen_addresses=127.0.0.1",
                "start",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    if start.returncode != 0:
        log = (
            (root / "replica.log").read_text()
            if (root / "replica.log").exists()
            else ""
        )
        shutil.rmtree(root, ignore_errors=True)
        _slot_drop(primary)
        _unavailable(f"the replica did not start: {start.stderr.strip()} {log[-300:]}")
    try:
        yield port
    finally:
        subprocess.run(  # noqa: S603 - fixed PostgreSQL tools
            _as_postgres(
                [
                    str(binaries / "pg_ctl"),
                    f"--pgdata={data}",
                    "-m",
                    "immediate",
                    "stop",
                ]
            ),
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)
        _slot_drop(primary)


def _replica_sql(port: int, sql: str) -> object:
    primary = connection.settings_dict
    with psycopg.connect(
        host="127.0.0.1",
        port=port,
        user=primary["USER"] or "postgres",
        dbname=primary["NAME"],
        autocommit=True,
    ) as replica:
        return replica.execute(sql).fetchone()[0]


def _caught_up(port: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        target = cursor.fetchone()[0]
    return bool(
        _replica_sql(port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
    )


class Server:
    """gunicorn serving this test database, with or without the replica."""

    def __init__(self, log: Path, replica_port: int | None) -> None:
        self.port = _free_port()
        database = child_database_url()
        env = {
            "DATABASE_URL": database,
            # Sessions are signed: the test process logs the users in.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            # Static files without collectstatic (pages render {% static %}).
            "DJANGO_DEBUG": "1",
            "WALLETDESK_REPORT_CACHE_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        if replica_port is not None:
            env["DATABASE_REPLICA_URL"] = database.replace(
                f":{connection.settings_dict['PORT'] or 5432}/", f":{replica_port}/"
            )
        self.process = process_start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=1",
                "--timeout=120",
            ],
            log,
            env=env,
        )
        assert wait_for(lambda: self._up(), timeout=90), log.read_text()

    def _up(self) -> bool:
        try:
            return self.get("/healthz", None).startswith("{")
        except OSError:
            return False

    def get(self, path: str, user: User | None) -> str:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Accept-Language": "en"},
        )
        if user is not None:
            client = Client()
            client.force_login(user)
            request.add_header(
                "Cookie", f"sessionid={client.cookies['sessionid'].value}"
            )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.read().decode()

    def stop(self) -> None:
        process_stop(self.process)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _filed_steadily(stop: threading.Event, filed: list[str]) -> None:
    """Write load on the primary: file tickets until told to stop.

    Each for a new customer: one customer may hold only so many open tickets
    (WALLETDESK_MAX_OPEN_TICKETS), and the filing service refuses the next.
    """
    try:
        while not stop.is_set():
            filed.append(TicketFactory().reference)
    finally:
        connections.close_all()


def test_reports_and_search_read_the_replica_and_match_the_primary_once_caught_up(
    replica_port: int, tmp_path: Path
) -> None:
    manager, agent = ManagerFactory(), AgentFactory()
    TicketFactory.create_batch(3)
    replicated = Server(tmp_path / "replicated.log", replica_port)
    primary_only = Server(tmp_path / "primary.log", None)
    stop, filed = threading.Event(), []
    load = threading.Thread(target=_filed_steadily, args=(stop, filed))
    try:
        assert wait_for(lambda: _caught_up(replica_port), timeout=60)
        _replica_sql(replica_port, "SELECT pg_wal_replay_pause()::text")
        load.start()
        assert wait_for(lambda: len(filed) >= 3, timeout=60)
        # Served while the primary is written to: the replica's (paused) copy.
        during = _rows(replicated.get("/reports/export.csv?dataset=tickets", manager))
        primary_during = _rows(
            primary_only.get("/reports/export.csv?dataset=tickets", manager)
        )
        newest = filed[0]
        search = f"/admin/complaints/ticket/?q={newest}"
        searched_during = replicated.get(search, agent)
        # The ticket's own page, not the list: the load files on, and the list's
        # first page (20) no longer held it when a slow search came first.
        filed_ticket = Ticket.objects.select_related("customer").get(reference=newest)
        customer_page = replicated.get(
            filed_ticket.get_absolute_url(), filed_ticket.customer
        )

        _replica_sql(replica_port, "SELECT pg_wal_replay_resume()::text")
        stop.set()
        load.join(timeout=60)
        assert wait_for(lambda: _caught_up(replica_port), timeout=60)
        after = _rows(replicated.get("/reports/export.csv?dataset=tickets", manager))
        primary_after = _rows(
            primary_only.get("/reports/export.csv?dataset=tickets", manager)
        )
        figures = replicated.get("/reports/export.csv?dataset=figures", manager)
        primary_figures = primary_only.get(
            "/reports/export.csv?dataset=figures", manager
        )
        searched_after = replicated.get(search, agent)
    finally:
        stop.set()
        if load.is_alive():
            load.join(timeout=60)
        replicated.stop()
        primary_only.stop()

    references = {row[0] for row in during[1:]}
    assert len(during) == 1 + 3  # the three filed before the pause
    assert newest not in references
    assert len(primary_during) > len(during)
    assert "0 results" in searched_during  # the staff search reads the replica ...
    assert newest in customer_page  # ... a customer's own pages the primary
    assert after == primary_after
    assert len(after) == 1 + 3 + len(filed)
    assert _rows(figures) == _rows(primary_figures)
    assert "1 result " in searched_after
