"""/healthz answers while the process lives; /readyz is 503 only without a database."""

import pytest
from django.db import OperationalError
from django.test import Client
from kombu import Connection

from config import celery_app, health

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Nothing listens on port 1: the connection is refused at once. Patching the
    # pool (not Celery's derived broker settings) restores cleanly.
    monkeypatch.setattr(
        celery_app,
        "_pool",
        Connection("redis://127.0.0.1:1/0", connect_timeout=1).Pool(1),
    )


def test_readyz_is_ok_when_both_checks_pass(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": True, "broker": True},
    }
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_503_when_the_database_check_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "_database_ok", lambda: False)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": False, "broker": True},
    }


def test_database_check_reports_an_unreachable_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class _DownConnection:
        def cursor(self) -> None:
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", _DownConnection())

    assert health._database_ok() is False


def test_a_broker_outage_leaves_the_site_ready_and_reports_it(
    client: Client, broker_down: None
) -> None:
    # The outbox keeps notices while the broker is away: the load balancer must
    # keep sending traffic, monitoring must still see the outage.
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": True, "broker": False},
    }


def test_healthz_answers_while_the_broker_and_database_are_down(
    client: Client, broker_down: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "_database_ok", lambda: False)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_answer_only_get(client: Client, path: str) -> None:
    assert client.post(path).status_code == 405


@pytest.mark.redis
def test_broker_check_reuses_a_pooled_connection_and_pings_it(
    client: Client, settings: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(
        celery_app, "_pool", Connection(settings.CELERY_BROKER_URL).Pool(1)
    )
    pings: list[object] = []
    client.get("/readyz")
    with celery_app.pool.acquire(block=True, timeout=2) as conn:
        redis_client = conn.default_channel.client
        original = redis_client.ping
        monkeypatch.setattr(redis_client, "ping", lambda: pings.append(1) or original())

    responses = [client.get("/readyz") for _ in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 200]
    # The same connection (a pool of one) answered a PING for each check.
    assert pings == [1, 1, 1]
