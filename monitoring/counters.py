"""Counters of events as they happen: outbox deliveries by result, login lockouts.

Counted in the process where the event happens (a Celery worker delivers, a web
process locks a login out). With PROMETHEUS_MULTIPROC_DIR set to one directory for
every process on a host, /metrics adds up all of them (prometheus-client's
multiprocess mode); without it, /metrics shows only its own process's counts.
"""

from typing import Any

from axes.signals import user_locked_out
from celery.signals import task_failure, task_retry, task_success
from prometheus_client import Counter

OUTBOX_TASKS = {
    "complaints.tasks.deliver_notice": "notice",
    "integrations.tasks.deliver_webhook": "webhook",
}

DELIVERIES = Counter(
    "walletdesk_outbox_deliveries",
    "Delivery attempts of outbox rows, by outbox and result: sent, skipped "
    "(already sent or switched off), retry (an error, retried with backoff), "
    "failed (the task gave up; the re-dispatch tries again later).",
    ["outbox", "result"],
)
LOCKOUTS = Counter(
    "walletdesk_login_lockouts",
    "Log-ins locked out after repeated failures (django-axes), portal and admin.",
)


def _outbox(sender: Any) -> str | None:
    return OUTBOX_TASKS.get(getattr(sender, "name", None) or "")


def _on_success(sender: Any = None, result: Any = None, **kwargs: Any) -> None:
    if outbox := _outbox(sender):
        DELIVERIES.labels(outbox, "sent" if result else "skipped").inc()


def _on_retry(sender: Any = None, **kwargs: Any) -> None:
    if outbox := _outbox(sender):
        DELIVERIES.labels(outbox, "retry").inc()


def _on_failure(sender: Any = None, **kwargs: Any) -> None:
    if outbox := _outbox(sender):
        DELIVERIES.labels(outbox, "failed").inc()


def _on_lockout(**kwargs: Any) -> None:
    LOCKOUTS.inc()


def counters_connect() -> None:
    """Count events from Celery's and django-axes' signals (AppConfig.ready)."""
    for outbox in OUTBOX_TASKS.values():
        for result in ("sent", "skipped", "retry", "failed"):
            DELIVERIES.labels(outbox, result)  # present at 0 from the start
    task_success.connect(_on_success, weak=False, dispatch_uid="monitoring.success")
    task_retry.connect(_on_retry, weak=False, dispatch_uid="monitoring.retry")
    task_failure.connect(_on_failure, weak=False, dispatch_uid="monitoring.failure")
    user_locked_out.connect(_on_lockout, dispatch_uid="monitoring.lockout")
