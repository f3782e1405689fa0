"""The benchmark timing headers: only when switched on, and counting every query."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from config.query_timing import ENV_FLAG

pytestmark = pytest.mark.django_db


def test_timing_headers_are_absent_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_FLAG, raising=False)

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert "X-Query-Count" not in response
    assert "X-DB-Time-Ms" not in response


def test_timing_headers_are_absent_when_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_FLAG, "0")

    response = Client().get("/healthz")

    assert "X-Query-Count" not in response


def test_timing_headers_count_every_query_of_the_request(
    monkeypatch: pytest.MonkeyPatch, customer: User
) -> None:
    monkeypatch.setenv(ENV_FLAG, "1")
    browser = Client()  # loads the middleware chain with the flag set
    browser.force_login(customer)

    with CaptureQueriesContext(connection) as captured:
        response = browser.get("/tickets/")

    assert response.status_code == 200
    assert int(response["X-Query-Count"]) == len(captured) > 0
    assert float(response["X-DB-Time-Ms"]) > 0


def test_timing_headers_show_zero_for_a_request_without_queries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_FLAG, "1")

    response = Client().get("/static/does-not-exist.css")

    assert response["X-Query-Count"] == "0"
    assert response["X-DB-Time-Ms"] == "0.00"
