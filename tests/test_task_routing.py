"""Every task has its own kind of queue and time limits."""

import pytest
from django.conf import settings

from config import celery_app


@pytest.fixture(scope="module")
def task_names() -> list[str]:
    celery_app.loader.import_default_modules()  # every app's tasks.py
    return sorted(name for name in celery_app.tasks if not name.startswith("celery."))


def _queue(name: str) -> str:
    return celery_app.amqp.router.route({}, name)["queue"].name


def test_each_task_goes_to_a_named_queue(task_names: list[str]) -> None:
    queues = {name: _queue(name) for name in task_names}

    assert "reports.tasks.detect_spikes" in queues
    assert all(queue in settings.WALLETDESK_QUEUES for queue in queues.values())
    assert [name for name, queue in queues.items() if queue == "celery"] == []
    assert queues["complaints.tasks.deliver_notice"] == "notices"
    assert queues["integrations.tasks.deliver_webhook"] == "webhooks"
    assert queues["complaints.tasks.redispatch_unsent_notices"] == "sweeps"
    assert queues["complaints.tasks.check_sla_clocks"] == "sweeps"
    assert queues["reports.tasks.refresh_report_presets"] == "reports"


def test_each_task_has_a_soft_limit_below_its_hard_limit(task_names: list[str]) -> None:
    for name in task_names:
        task = celery_app.tasks[name]
        soft = task.soft_time_limit or celery_app.conf.task_soft_time_limit
        hard = task.time_limit or celery_app.conf.task_time_limit
        assert 0 < soft < hard, name


def test_a_worker_without_queue_options_consumes_every_queue() -> None:
    assert sorted(celery_app.amqp.queues) == sorted(settings.WALLETDESK_QUEUES)
