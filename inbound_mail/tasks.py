"""Celery tasks of inbound mail: the beat-driven mailbox poll."""

from celery import shared_task

from inbound_mail.imap import mailbox_poll


@shared_task
def poll_mailbox() -> int:
    """Read the support mailbox once (beat runs it every WALLETDESK_IMAP_POLL_SECONDS)."""
    return mailbox_poll()
