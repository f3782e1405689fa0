"""The benchmark timing headers: only when switched on, and counting every query."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User

BASE_DIR = Path(__file__).resolve().parent.parent
TIMING = "bench.query_timing.QueryTimingMiddleware"


def _middleware(**environment: str) -> list[str]:
    """MIDDLEWARE as a fresh process builds it from this environment."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if name != "WALLETDESK_QUERY_TIMING"
    }
    clean.update(environment)
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "shell",
            "-c",
            "import json; from django.conf import settings;"
            " print(json.dumps(settings.MIDDLEWARE))",
        ],
        capture_output=True,
        text=True,
        env=clean,
        cwd=BASE_DIR,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_product_middleware_has_no_query_timing() -> None:
    assert TIMING not in _middleware()
    assert TIMING not in _middleware(WALLETDESK_QUERY_TIMING="0")


def test_the_bench_switch_puts_query_timing_outermost() -> None:
    assert _middleware(WALLETDESK_QUERY_TIMING="1")[0] == TIMING


@pytest.fixture
def timed(settings) -> None:  # type: ignore[no-untyped-def]
    """The middleware as bench/run.py's environment sets it."""
    settings.MIDDLEWARE = [TIMING, *settings.MIDDLEWARE]


@pytest.mark.django_db
def test_timing_headers_are_absent_by_default() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert "X-Query-Count" not in response
    assert "X-DB-Time-Ms" not in response


@pytest.mark.django_db
def test_timing_headers_count_every_query_of_the_request(
    timed: None, customer: User
) -> None:
    browser = Client()
    browser.force_login(customer)

    with CaptureQueriesContext(connection) as captured:
        response = browser.get("/tickets/")

    assert response.status_code == 200
    assert int(response["X-Query-Count"]) == len(captured) > 0
    assert float(response["X-DB-Time-Ms"]) > 0


@pytest.mark.django_db
def test_timing_headers_show_zero_for_a_request_without_queries(timed: None) -> None:
    response = Client().get("/static/does-not-exist.css")

    assert response["X-Query-Count"] == "0"
    assert response["X-DB-Time-Ms"] == "0.00"
