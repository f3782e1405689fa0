"""Celery tasks for reports: thin wrappers around the services."""

from celery import shared_task


@shared_task
def detect_spikes() -> int:
    from reports.services import spikes_detect

    return len(spikes_detect())
