"""Per-request database timing for benchmarks: X-Query-Count and X-DB-Time-Ms.

Off unless WALLETDESK_QUERY_TIMING=1. The benchmark harness reads the headers to
show how much of a request is the database and how much is the application.
"""

import os
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.core.exceptions import MiddlewareNotUsed
from django.db import connections
from django.http import HttpRequest, HttpResponse

ENV_FLAG = "WALLETDESK_QUERY_TIMING"


class QueryTimer:
    """An execute_wrapper that counts queries and sums their wall time.

    Thread-safe: a report's helper threads (reports.concurrency) run their
    queries through the request's timer too, so db ms can exceed the latency.
    """

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self._lock = threading.Lock()

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            with self._lock:
                self.seconds += elapsed
                self.count += 1


def query_timing_enabled() -> bool:
    return os.environ.get(ENV_FLAG, "").strip().lower() in {"1", "true", "yes", "on"}


class QueryTimingMiddleware:
    """Wrap each request's queries on every database; add the totals as headers.

    Streaming responses report the queries run before the first byte only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not query_timing_enabled():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timer = QueryTimer()
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(timer))
            response = self.get_response(request)
        response["X-Query-Count"] = str(timer.count)
        response["X-DB-Time-Ms"] = f"{timer.seconds * 1000:.2f}"
        return response
