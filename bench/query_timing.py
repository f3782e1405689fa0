"""Per-request database timing for benchmarks: X-Query-Count and X-DB-Time-Ms.

Only in the middleware when WALLETDESK_QUERY_TIMING=1 (config/settings.py), which
bench/run.py sets. The harness reads the headers to show how much of a request is
the database and how much is the application.
"""

import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse


class QueryTimer:
    """An execute_wrapper that counts queries and sums their wall time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

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
            self.seconds += time.perf_counter() - started
            self.count += 1


class QueryTimingMiddleware:
    """Wrap each request's queries on every database; add the totals as headers.

    Streaming responses report the queries run before the first byte only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
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
