"""Send text messages off the request, with retries."""

from celery import shared_task

from sms.sending import SmsSendError, sms_send


@shared_task(
    autoretry_for=(SmsSendError,),
    retry_backoff=5,
    retry_backoff_max=60,
    max_retries=3,
    acks_late=True,
)
def send_sms(to: str, body: str, message_id: str) -> None:
    """Send one message; a gateway error retries with the same message_id."""
    sms_send(to=to, body=body, message_id=message_id)
