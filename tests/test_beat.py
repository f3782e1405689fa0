"""`make beat` runs celery beat with django-celery-beat's database schedule."""

from pathlib import Path

import pytest
from django_celery_beat.models import PeriodicTask

from config import celery_app
from tests.processes import child_database_url, process_start, process_stop, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

# The installed environment is the one the tests run in: make must not reinstall.
MAKE = ["make", "--no-print-directory", "-o", ".venv/.installed", "beat"]


@pytest.mark.django_db(transaction=True)
def test_make_beat_runs_the_database_schedule(tmp_path: Path):
    output = tmp_path / "beat.log"
    beat = process_start(
        MAKE,
        output,
        env={
            "DATABASE_URL": child_database_url(),
            "CELERY_BROKER_URL": celery_app.conf.broker_url,
        },
    )
    try:
        started = wait_for(
            lambda: PeriodicTask.objects.filter(
                task="complaints.tasks.redispatch_unsent_notices", enabled=True
            ).exists(),
            timeout=60,
        )
    finally:
        process_stop(beat)
    log = output.read_text()
    assert started, log
    assert "beat: Starting" in log
    assert "DatabaseScheduler" in log
