"""Inbound mail writes: record each message once and turn it into a reply or ticket."""

import logging
import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from audit.recorder import audit_record
from complaints.models import Notice, Ticket
from complaints.reply_tokens import notice_ids_referenced
from complaints.services import message_add, ticket_create
from complaints.services.inputs import ComplaintInput, EvidenceInput
from config.errors import DomainError
from inbound_mail.loops import loop_reason
from inbound_mail.models import InboundMessage
from inbound_mail.parsing import (
    MailRefusedError,
    ParsedMail,
    headers_parse,
    mail_parse,
    message_key,
)
from inbound_mail.trimming import reply_trim

logger = logging.getLogger(__name__)
_REFERENCE = re.compile(r"\bWD-\d{4}-\d{6}\b")


def _evidence(parsed: ParsedMail) -> list[EvidenceInput]:
    limit = settings.WALLETDESK_MAX_EVIDENCE_BYTES
    for item in parsed.attachments:
        if len(item.content) > limit:
            raise MailRefusedError(
                _("The attachment %(name)s is larger than %(limit)d MB.")
                % {"name": item.name, "limit": limit // (1024 * 1024)}
            )
    return [
        EvidenceInput(
            file=SimpleUploadedFile(item.name, item.content, item.content_type)
        )
        for item in parsed.attachments
    ]


def _ticket_referenced(parsed: ParsedMail) -> Ticket | None:
    valid, forged = notice_ids_referenced(parsed.references)
    if forged and not valid:
        raise MailRefusedError(
            _("The reply token in its headers is forged: the sender is not trusted.")
        )
    if valid:
        notice = (
            Notice.objects.filter(pk__in=valid, ticket__isnull=False)
            .select_related("ticket")
            .order_by("-pk")
            .first()
        )
        if notice is not None:
            return notice.ticket
    match = _REFERENCE.search(parsed.subject)
    if match:
        return Ticket.objects.filter(reference=match.group(0)).first()
    return None


def _customer(address: str) -> User | None:
    return (
        User.objects.filter(
            email__iexact=address, role=User.Role.CUSTOMER, is_active=True
        )
        .order_by("pk")
        .first()
    )


def _email_ticket(
    customer: User, parsed: ParsedMail, *, received_at: datetime | None = None
) -> Ticket:
    """A new email complaint of this customer from the message."""
    return ticket_create(
        customer=customer,
        kind=Ticket.Kind.COMPLAINT,
        category=Ticket.Category.OTHER,
        subject=(parsed.subject or _("Email without a subject"))[:200],
        description=reply_trim(parsed.text) or parsed.subject,
        details=ComplaintInput(),
        channel=Ticket.Channel.EMAIL,
        language=customer.preferred_language or None,
        evidence=_evidence(parsed),
        received_at=received_at,
    )


def _record(
    raw: bytes, key: str, mailbox: str, parsed: ParsedMail | None, **fields: object
) -> InboundMessage:
    return InboundMessage.objects.create(
        message_id=key,
        mailbox=mailbox,
        raw=raw,
        size=len(raw),
        from_address=parsed.from_address if parsed else "",
        subject=parsed.subject if parsed else "",
        body=parsed.text[:20_000] if parsed else "",
        **fields,
    )


def _process(raw: bytes, key: str, mailbox: str) -> InboundMessage:
    message = headers_parse(raw)
    if len(raw) > settings.WALLETDESK_INBOUND_MAX_BYTES:
        raise MailRefusedError(
            _("The message is larger than %(limit)d MB.")
            % {"limit": settings.WALLETDESK_INBOUND_MAX_BYTES // (1024 * 1024)}
        )
    parsed = mail_parse(raw, message)
    dropped = loop_reason(message, parsed.from_address)
    if dropped:
        return _record(
            raw,
            key,
            mailbox,
            parsed,
            state=InboundMessage.State.DROPPED,
            reason=dropped,
        )
    ticket = _ticket_referenced(parsed)
    customer = _customer(parsed.from_address)
    if ticket is not None:
        if customer is None or ticket.customer_id != customer.pk:
            raise MailRefusedError(
                _(
                    "A reply to ticket %(reference)s from someone who is not its customer."
                )
                % {"reference": ticket.reference}
            )
        message_add(
            ticket=ticket,
            author=customer,
            body=reply_trim(parsed.text),
            evidence=_evidence(parsed),
        )
        state = InboundMessage.State.REPLY
    elif customer is not None:
        ticket = _email_ticket(customer, parsed)
        state = InboundMessage.State.TICKET
    else:
        state = InboundMessage.State.PENDING_CONTACT
    return _record(
        raw, key, mailbox, parsed, state=state, customer=customer, ticket=ticket
    )


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def inbound_receive(*, raw: bytes, mailbox: str) -> InboundMessage:
    """Record one raw message exactly once and act on it.

    The message's row and what it caused (a reply, a ticket with its
    acknowledgement notice) commit together; a message already recorded (same
    Message-ID) is returned unchanged. Whatever cannot be processed (refused,
    invalid, or an unexpected error) is kept as quarantined with its reason, for
    supervisors. Never raises for a bad message.
    """
    key = message_key(raw, headers_parse(raw))
    existing = InboundMessage.objects.filter(message_id=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _process(raw, key, mailbox)
    except IntegrityError:
        existing = InboundMessage.objects.filter(message_id=key).first()
        if existing is not None:
            return existing
        logger.exception("Inbound message %s could not be recorded", key)
        reason = _("The message could not be processed.")
    except (MailRefusedError, ValidationError, DomainError) as error:
        reason = _reason(error)
    except Exception:
        logger.exception("Inbound message %s could not be processed", key)
        reason = _("The message could not be processed.")
    try:
        parsed = mail_parse(raw, headers_parse(raw))
    except Exception:  # a message too broken to describe is still kept
        parsed = None
    with transaction.atomic():
        record, _created = InboundMessage.objects.get_or_create(
            message_id=key,
            defaults={
                "mailbox": mailbox,
                "raw": raw,
                "size": len(raw),
                "state": InboundMessage.State.QUARANTINED,
                "reason": reason,
                "from_address": parsed.from_address if parsed else "",
                "subject": parsed.subject if parsed else "",
                "body": parsed.text[:20_000] if parsed else "",
            },
        )
    return record


def inbound_contact_file(
    *, message: InboundMessage, customer: User, actor: User
) -> Ticket:
    """File a pending contact's email as a complaint of the customer an agent found.

    The ticket is received when the email arrived (the SLA runs from first
    contact) and the customer is acknowledged as usual; the message then points
    at the ticket. A message already matched, or not a pending contact, is
    refused and nothing changes. The customer's address is not changed: the
    wallet core keeps it.
    """
    if customer.role != User.Role.CUSTOMER or not customer.is_active:
        raise DomainError(_("Only an active customer can be matched to an email."))
    with transaction.atomic():
        locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if locked.state != InboundMessage.State.PENDING_CONTACT:
            raise DomainError(
                _("This email is not waiting for a customer: it was already handled.")
            )
        raw = bytes(locked.raw)
        parsed = mail_parse(raw, headers_parse(raw))
        ticket = _email_ticket(customer, parsed, received_at=locked.received_at)
        before = locked.state
        locked.state = InboundMessage.State.TICKET
        locked.customer = customer
        locked.ticket = ticket
        locked.save(update_fields=["state", "customer", "ticket"])
        audit_record(
            instance=locked,
            action=AuditEvent.Action.UPDATE,
            changes={
                "state": [before, locked.state],
                "customer": [None, customer.pk],
                "ticket": [None, ticket.reference],
            },
            actor=actor,
        )
    return ticket
