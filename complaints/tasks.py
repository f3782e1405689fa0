"""Celery tasks: thin wrappers that load by id and call the outbox."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OSError,),  # smtplib.SMTPException and socket errors are OSErrors
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def deliver_notice(self, notice_id: int) -> bool:
    from complaints.notices import notice_deliver, notice_record_failure

    try:
        return notice_deliver(notice_id=notice_id)
    except OSError as error:
        notice_record_failure(notice_id=notice_id, error=repr(error))
        logger.warning(
            "Notice %s not delivered (try %s): %r",
            notice_id,
            self.request.retries,
            error,
        )
        raise


@shared_task
def redispatch_unsent_notices() -> int:
    from complaints.notices import notices_redispatch

    return notices_redispatch()
