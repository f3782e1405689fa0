"""Celery tasks for SLA clocks: thin wrappers around the services."""

from celery import shared_task


@shared_task
def check_sla_clocks() -> dict[str, int]:
    from sla.services import clocks_check

    result = clocks_check()
    return {"warned": result.warned, "breached": result.breached}
