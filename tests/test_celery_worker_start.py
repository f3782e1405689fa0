"""A Celery worker refuses to start without a broker instead of idling on memory://."""

import os
import subprocess
import sys

from django.conf import settings


def test_worker_without_a_broker_url_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env["DJANGO_DEBUG"] = "1"  # no secret key needed for this start
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = worker.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    assert worker.returncode not in (0, None), output
    assert "CELERY_BROKER_URL is not set" in output
    assert "ready" not in output
