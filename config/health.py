"""Liveness (/healthz: the process answers) and readiness (/readyz: it can serve).

Readiness needs the database; the broker is reported but never makes the site
unready, because every notice and webhook waits in its outbox table until the
broker is back (the beat re-dispatch sends it then).
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config import celery_app


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _broker_ok() -> bool:
    """Whether the broker answers, asked over a connection from Celery's pool.

    A new connection per check cost about 5 ms (a TCP connect, and redis-py
    reading its own package metadata for every new connection); the pooled one is
    reused, and a Redis broker is sent a PING on it, so a broker that went away
    is still noticed. Other transports are only checked to be connected.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True  # tasks run in-process; there is no broker to reach
    try:
        with celery_app.pool.acquire(block=True, timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            client = getattr(conn.default_channel, "client", None)
            if client is not None:
                client.ping()
    except Exception:
        return False
    return True


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 whenever this process can answer; nothing else is checked.

    An orchestrator restarts a process that fails it, and restarting every web
    process cannot bring a database or a broker back.
    """
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness, for the load balancer: 503 only when the database is unreachable.

    A broker that is down is reported ("degraded", "broker": false) with a 200:
    pages and the API keep working and notices wait in the outbox.
    """
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    if not checks["database"]:
        state, status = "unavailable", 503
    elif not checks["broker"]:
        state, status = "degraded", 200
    else:
        state, status = "ok", 200
    return JsonResponse({"status": state, "checks": checks}, status=status)
