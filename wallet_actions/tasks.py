"""Celery tasks for wallet actions: thin wrappers around the services."""

from celery import shared_task


@shared_task
def time_out_wallet_actions() -> int:
    """Mark actions the core left unanswered too long as timed out (beat)."""
    from wallet_actions.services import actions_time_out

    return actions_time_out()


@shared_task
def escalate_payment_checks() -> int:
    """Hand payment checks the customer left unanswered to a supervisor (beat)."""
    from wallet_actions.services.outreach import payment_checks_escalate

    return payment_checks_escalate()
