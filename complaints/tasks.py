"""Celery tasks: thin wrappers that load by id and call the outbox."""

import logging

from celery import Task, shared_task

from sms import SmsSendError

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    # smtplib.SMTPException and socket errors are OSErrors; SmsSendError: the gateway.
    autoretry_for=(OSError, SmsSendError),
    retry_backoff=5,  # about 5, 10, 20, 40, 80, 160 s, with jitter
    retry_backoff_max=600,
    max_retries=6,
    acks_late=True,
)
def deliver_notice(self: Task, notice_id: int) -> bool:
    """Deliver one notice; retry send errors with backoff, then mark it failed."""
    from complaints.notices import notice_deliver, notice_record_failure

    try:
        return notice_deliver(notice_id=notice_id)
    except Exception as error:
        # Other errors (a template or database fault) are not retried here: the
        # notice stays unsent and the periodic re-dispatch tries it again.
        final = (
            isinstance(error, OSError | SmsSendError)
            and self.request.retries >= self.max_retries
        )
        notice_record_failure(notice_id=notice_id, error=repr(error), final=final)
        logger.warning(
            "Notice %s not delivered (try %s%s): %r",
            notice_id,
            self.request.retries + 1,
            ", giving up" if final else "",
            error,
        )
        raise


@shared_task(acks_late=True)
def deliver_notices(notice_ids: list[int]) -> int:
    """Deliver a batch's notices in turn over one mail connection (notice_batches)."""
    from complaints.notice_batches import notices_deliver_many

    return notices_deliver_many(notice_ids=notice_ids)


@shared_task
def redispatch_unsent_notices() -> int:
    """Queue delivery again for notices left unsent (celery beat, every minute)."""
    from complaints.notices import notices_redispatch

    return notices_redispatch()


@shared_task(acks_late=True)
def process_evidence(job_id: int) -> bool:
    """Re-encode one uploaded image off the web worker; the re-dispatch retries."""
    from complaints.evidence_jobs import evidence_job_record_failure, evidence_process

    try:
        return evidence_process(job_id=job_id)
    except Exception as error:
        evidence_job_record_failure(job_id=job_id, error=repr(error))
        logger.warning("Evidence job %s not processed: %r", job_id, error)
        raise


@shared_task
def redispatch_evidence_jobs() -> int:
    """Queue processing again for evidence left unprocessed (celery beat)."""
    from complaints.evidence_jobs import evidence_jobs_redispatch

    return evidence_jobs_redispatch()


@shared_task(
    autoretry_for=(OSError,),  # SMTP and socket errors
    retry_backoff=True,
    max_retries=3,
)
def send_tracking_link(ticket_id: int) -> bool:
    from complaints.tracking import tracking_link_send

    return tracking_link_send(ticket_id=ticket_id)


@shared_task
def recount_agent_loads() -> int:
    """Check the agents' open-ticket counts against the tickets; fix and log drift."""
    from complaints.services.loads import agent_loads_recount

    return agent_loads_recount()


@shared_task
def purge_pending_uploads() -> int:
    """Remove evidence files kept across a form error once they expire (beat)."""
    from complaints.services.pending_uploads import pending_uploads_purge

    return pending_uploads_purge()


@shared_task
def check_sla_clocks() -> dict[str, int]:
    """Record due SLA warnings and breaches and notify staff (celery beat)."""
    from complaints.clocks import clocks_check

    result = clocks_check()
    return {"warned": result.warned, "breached": result.breached}


@shared_task(acks_late=True)
def answer_incident_chunk(chunk_id: int) -> int:
    """Answer the tickets of one chunk of an incident answer (resumable)."""
    from complaints.services.incident_answers import incident_answer_chunk_process

    return incident_answer_chunk_process(chunk_id=chunk_id)


@shared_task
def redispatch_incident_chunks() -> int:
    """Queue incident answer chunks left unfinished again (celery beat)."""
    from complaints.services.incident_answers import incident_answer_chunks_redispatch

    return incident_answer_chunks_redispatch()
