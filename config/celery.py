"""The Celery application; tasks are discovered in each app's tasks.py."""

import os
import sys
from typing import Any

from celery import Celery
from celery.signals import celeryd_init, setup_logging
from django_structlog.celery.steps import DjangoStructLogInitStep

from config.logs import logging_setup_for_celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks log with the request id of the request that queued them (django-structlog).
app.steps["worker"].add(DjangoStructLogInitStep)
# Worker and beat keep Django's LOGGING (JSON or console lines, UTC).
setup_logging.connect(logging_setup_for_celery)


@celeryd_init.connect
def worker_refuse_without_broker(**kwargs: Any) -> None:
    """Stop `celery worker` when no broker is configured (CELERY_BROKER_URL unset).

    The in-memory broker is private to one process: a worker on it would print
    "ready" and never receive a task, while the web processes, eager without a
    broker, never publish one. SystemExit, because Celery logs and ignores an
    Exception raised by a signal handler.
    """
    if str(app.conf.broker_url).startswith("memory://"):
        sys.exit(
            "CELERY_BROKER_URL is not set: a worker needs a broker "
            "(for example redis://127.0.0.1:6379/0)."
        )
