"""Run a report's independent queries on two database connections at once.

A report for a new filter set is a dozen aggregate queries that each read tens
of thousands of tickets; run one after another they kept one core busy while
the other idled (bench/README.md). figures_run hands the queries to the request
and WALLETDESK_REPORT_CONNECTIONS - 1 helper threads, each with a connection of
its own that closes when the report is done; every thread takes the next query
not yet started, most costly first.

Inside a transaction, or on SQLite, the queries run one after another on the
caller's connection: another connection would not see the transaction's
uncommitted rows, and an in-memory SQLite database is not shared. Each query
sees the database as of its own start, as sequential queries in autocommit do.
"""

import threading
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone, translation


def _sequential() -> bool:
    return (
        settings.WALLETDESK_REPORT_CONNECTIONS <= 1
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    )


def figures_run(calls: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Call each function and return their results by name.

    Give the costly calls first. The helper threads run in the caller's
    language and time zone, and their queries pass through the caller's
    execute wrappers (query timing). The first exception raised by a call is
    raised here, after every thread has stopped.
    """
    if _sequential() or len(calls) <= 1:
        return {name: call() for name, call in calls.items()}
    pending = list(calls.items())
    results: dict[str, Any] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()
    language = translation.get_language()
    zone = timezone.get_current_timezone()
    wrappers = list(connection.execute_wrappers)

    def drain() -> None:
        while True:
            with lock:
                if errors or not pending:
                    return
                name, call = pending.pop(0)
            try:
                results[name] = call()
            except BaseException as error:  # re-raised by the caller
                with lock:
                    errors.append(error)
                return

    def helper() -> None:
        try:
            with ExitStack() as stack:
                stack.enter_context(translation.override(language))
                stack.enter_context(timezone.override(zone))
                for wrapper in wrappers:
                    stack.enter_context(connection.execute_wrapper(wrapper))
                drain()
        finally:
            connections.close_all()  # this thread's connections only

    helpers = [
        threading.Thread(target=helper, name=f"report-figures-{number}")
        for number in range(1, min(settings.WALLETDESK_REPORT_CONNECTIONS, len(calls)))
    ]
    for thread in helpers:
        thread.start()
    drain()
    for thread in helpers:
        thread.join()
    if errors:
        raise errors[0]
    return {name: results[name] for name in calls}
