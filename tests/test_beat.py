"""`make beat` runs django-celery-beat's schedule, one beat at a time."""

from pathlib import Path

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from config import celery_app
from tests.processes import child_database_url, process_start, process_stop, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

# The installed environment is the one the tests run in: make must not reinstall.
MAKE = ["make", "--no-print-directory", "-o", ".venv/.installed", "beat"]
SENT = "Scheduler: Sending due task"
HOLDS = "This beat holds the beat lock and schedules tasks"


def _beat(output: Path):
    return process_start(
        MAKE,
        output,
        env={
            "DATABASE_URL": child_database_url(),
            "CELERY_BROKER_URL": celery_app.conf.broker_url,
        },
    )


def test_make_beat_runs_the_database_schedule(tmp_path: Path):
    output = tmp_path / "beat.log"
    beat = _beat(output)
    try:
        # Beat writes the schedule, then says it holds the lock: wait for both.
        started = wait_for(
            lambda: (
                PeriodicTask.objects.filter(
                    task="complaints.tasks.redispatch_unsent_notices", enabled=True
                ).exists()
                and HOLDS in output.read_text()
            ),
            timeout=60,
        )
    finally:
        process_stop(beat)
    log = output.read_text()
    assert started, log
    assert HOLDS in log


def test_a_second_beat_stands_by_until_the_first_stops(tmp_path: Path):
    every_second = IntervalSchedule.objects.create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.create(
        name="beat lock test",
        task="complaints.tasks.redispatch_unsent_notices",
        interval=every_second,
    )
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    celery_app.control.purge()
    first = _beat(first_log)
    second = None
    try:
        assert wait_for(lambda: SENT in first_log.read_text(), timeout=90)
        second = _beat(second_log)
        assert wait_for(lambda: "standing by" in second_log.read_text(), timeout=90)
        # Both run side by side for a while: only the first sends.
        sent_by_first = first_log.read_text().count(SENT)
        assert wait_for(
            lambda: first_log.read_text().count(SENT) >= sent_by_first + 3, timeout=30
        )
        assert SENT not in second_log.read_text()

        process_stop(first)  # releases the lock on the way out
        assert wait_for(lambda: SENT in second_log.read_text(), timeout=30)
    finally:
        process_stop(first)
        if second is not None:
            process_stop(second)
        celery_app.control.purge()
    assert "holds the beat lock" in second_log.read_text()
