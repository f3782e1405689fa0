"""Hand a text message to the send_sms task once the current transaction commits."""

import logging
from uuid import uuid4

from django.db import transaction

from sms.tasks import send_sms

logger = logging.getLogger(__name__)


def _publish(to: str, body: str, message_id: str) -> None:
    try:
        send_sms.delay(to, body, message_id)
    except Exception as error:
        # The broker is down: the message is lost and the person asks again (a
        # sign-in code is worth nothing minutes later, so it is not kept).
        logger.warning("Could not queue SMS %s: %r", message_id, error)


def sms_send_on_commit(*, to: str, body: str) -> str:
    """Queue one message for after the commit (at once outside a transaction).

    Returns the message id the gateway sees; nothing is sent on rollback.
    """
    message_id = uuid4().hex
    transaction.on_commit(lambda: _publish(to, body, message_id))
    return message_id
