"""Log lines: JSON in production, readable in development, with request and user ids."""

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
import structlog
from django.conf import settings
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from accounts.models import User
from outbox.dispatch import outbox_dispatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured log handler writes, as the process's stderr would get it."""
    (formatter,) = {
        handler.formatter
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, structlog.stdlib.ProcessorFormatter)
    }
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _json_lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_request_lines_carry_utc_time_level_logger_request_and_user_id(
    client: Client, customer: User, log_lines: io.StringIO
) -> None:
    client.force_login(customer)
    response = client.get(reverse("complaints:ticket_list"))

    lines = _json_lines(log_lines)
    finished = next(line for line in lines if line["event"] == "request_finished")
    assert finished["level"] == "info"
    assert finished["logger"] == "django_structlog.middlewares.request"
    assert finished["timestamp"].endswith("Z")  # UTC, whatever TIME_ZONE is
    assert finished["user_id"] == customer.pk
    assert finished["code"] == 200
    # Every line of the request has the id the response names.
    assert {line["request_id"] for line in lines} == {response["X-Request-ID"]}


def test_request_id_header_is_believed_only_from_a_trusted_proxy(
    client: Client, settings: pytest.FixtureRequest
) -> None:
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = False
    untrusted = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="from-the-client")
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
    trusted = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="from-the-proxy")

    assert untrusted["X-Request-ID"] not in {"", "from-the-client"}
    assert trusted["X-Request-ID"] == "from-the-proxy"


def test_broker_down_at_publish_is_one_warning_without_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class BrokerDown:
        name = "complaints.tasks.deliver_notice"

        def delay(self, *args: object) -> None:
            raise OperationalError("Error 111 connecting to 127.0.0.1:1. Refused.")

    with caplog.at_level(logging.INFO):
        assert outbox_dispatch(BrokerDown(), 195) is False

    (record,) = caplog.records
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert record.getMessage().startswith(
        "Could not dispatch complaints.tasks.deliver_notice(195); "
        "the re-dispatch will retry"
    )


def _log_from_a_fresh_process(**environment: str) -> str:
    """stderr of a manage.py process that logs one warning under this environment."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "WALLETDESK_LOG"))
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "shell",
            "-c",
            "import logging; logging.getLogger('walletdesk.check').warning("
            "'Queue %s is %s deep', 'notices', 12)",
        ],
        capture_output=True,
        text=True,
        env={**clean, **environment},
        cwd=settings.BASE_DIR,
        timeout=120,
        check=True,
    )
    return result.stderr.strip().splitlines()[-1]


def test_production_logs_json_lines_and_development_readable_ones() -> None:
    production = json.loads(_log_from_a_fresh_process())
    development = _log_from_a_fresh_process(DJANGO_DEBUG="1")
    forced = json.loads(_log_from_a_fresh_process(WALLETDESK_LOG_FORMAT="json"))

    assert production["event"] == "Queue notices is 12 deep"
    assert production["level"] == "warning"
    assert production["logger"] == "walletdesk.check"
    assert production["timestamp"].endswith("Z")
    assert development.startswith(production["timestamp"][:4])
    assert "[warning  ] Queue notices is 12 deep" in development
    assert development.endswith("[walletdesk.check]")
    assert forced["event"] == "Queue notices is 12 deep"
