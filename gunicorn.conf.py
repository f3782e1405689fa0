"""gunicorn's settings, read from the working directory: log like the application.

gunicorn's own lines (start, workers booting, timeouts) go through Django's LOGGING
(config.logs): the same JSON or console format, times in UTC. Requests are logged
by the application (django-structlog's request_finished), so no access log.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings

logconfig_dict = settings.LOGGING
wsgi_app = "config.wsgi:application"


def child_exit(server: object, worker: object) -> None:
    """Drop a finished worker's live gauges from the shared metrics directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
