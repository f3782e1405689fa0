"""Ask a customer whether they made a payment the core found unusual, and act on it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from complaints.models import Notice, Ticket
from complaints.notices import notice_queue
from complaints.services import ComplaintInput, ticket_create
from config.errors import DomainError
from integrations.models import Event
from integrations.webhooks import webhook_queue
from transactions.models import Transaction
from wallet_actions.errors import ActionRefusedError
from wallet_actions.models import PaymentCheck, QueueFreezePolicy
from wallet_actions.services.requests import action_request

logger = logging.getLogger(__name__)

State = PaymentCheck.State
ANSWERS = ("me", "not_me")


@transaction.atomic
def payment_check_open(
    *, transaction_reference: str, reason: str = ""
) -> tuple[PaymentCheck, bool]:
    """Ask the payment's owner whether they made it: in-app, by email and SMS, with a link.

    An open check for the same payment is returned as it is (False): the core
    may report a payment twice. Raises ActionRefusedError for an unknown payment.
    """
    record = (
        Transaction.objects.select_related("owner")
        .filter(reference=transaction_reference)
        .first()
    )
    if record is None:
        raise ActionRefusedError(_("No transaction has this reference."))
    existing = (
        PaymentCheck.objects.select_for_update()
        .filter(transaction=record, state__in=(State.ASKED, State.ESCALATED))
        .first()
    )
    if existing is not None:
        return existing, False
    check = PaymentCheck.objects.create(
        customer=record.owner, transaction=record, core_reason=reason.strip()[:200]
    )
    check.notice = notice_queue(
        ticket=None,
        kind=Notice.Kind.PAYMENT_CHECK,
        recipient=record.owner,
        language=record.owner.preferred_language,
    )
    check.save(update_fields=["notice"])
    return check, True


def _freeze_per_policy(ticket: Ticket) -> None:
    policy = QueueFreezePolicy.objects.filter(queue_id=ticket.queue_id).first()
    freeze = (
        policy.freeze_on_dispute
        if policy is not None
        else settings.WALLETDESK_OUTREACH_FREEZE_BY_DEFAULT
    )
    if not freeze:
        return
    try:
        with transaction.atomic():
            action_request(
                ticket=ticket,
                kind="account_freeze",
                actor=None,
                reason="unauthorized_transaction",
            )
    except (ActionRefusedError, DomainError) as refused:
        # The complaint stands without it; its agent sees no freeze and asks.
        logger.warning("No freeze for %s: %s", ticket.reference, refused.message)


def _tell_core(check: PaymentCheck) -> None:
    webhook_queue(
        event=Event.PAYMENT_CHECK_ANSWERED,
        payload={
            "check": {
                "id": check.pk,
                "transaction": check.transaction.reference,
                "answer": "me" if check.state == State.CONFIRMED else "not_me",
                "answered_at": check.answered_at,
                "ticket": check.ticket.reference if check.ticket else None,
            },
            "customer": {"id": check.customer_id},
        },
    )


@transaction.atomic
def payment_check_answer(*, check_id: int, answer: str) -> PaymentCheck:
    """Record the customer's answer (from the signed link) and act on it.

    "me" closes the check; "not_me" files an unauthorized-transaction complaint
    with the payment linked (its SLA clock starts) and asks for a freeze if the
    queue's policy says so. Either way the core is told (payment_check.answered).
    Locks the check; a second answer changes nothing. Raises ActionRefusedError.
    """
    if answer not in ANSWERS:
        raise ActionRefusedError(_("Choose one of the answers."))
    check = (
        PaymentCheck.objects.select_for_update(of=("self",))
        .select_related("transaction", "customer")
        .get(pk=check_id)
    )
    if not check.is_open:
        raise ActionRefusedError(_("You already answered; thank you."))
    check.answered_at = timezone.now()
    if answer == "me":
        check.state = State.CONFIRMED
    else:
        check.state = State.DISPUTED
        customer = check.customer
        with override(customer.preferred_language):
            subject = _("I did not make payment %(reference)s") % {
                "reference": check.transaction.reference
            }
            description = _(
                "Asked by the wallet whether I made this payment, I answered that I did not."
            )
        check.ticket = ticket_create(
            customer=customer,
            kind=Ticket.Kind.COMPLAINT,
            category=Ticket.Category.UNAUTHORIZED,
            subject=subject,
            description=description,
            details=ComplaintInput(
                transaction_ids=(check.transaction_id,),
                happened_at=check.transaction.occurred_at,
            ),
            channel=Ticket.Channel.API,
            language=customer.preferred_language,
            priority=Ticket.Priority.HIGH,
        )
        _freeze_per_policy(check.ticket)
    check.save()
    _tell_core(check)
    return check


def payment_checks_escalate(*, after: timedelta | None = None) -> int:
    """Hand checks left unanswered too long to a supervisor, with a notice (beat).

    The customer may still answer. Returns how many were escalated.
    """
    limit = (
        timedelta(hours=settings.WALLETDESK_OUTREACH_ANSWER_HOURS)
        if after is None
        else after
    )
    supervisor = (
        User.objects.filter(role=User.Role.SUPERVISOR, is_active=True)
        .order_by("pk")
        .first()
    )
    if supervisor is None:
        return 0
    count = 0
    with transaction.atomic():
        for check in PaymentCheck.objects.select_for_update(skip_locked=True).filter(
            state=State.ASKED, asked_at__lt=timezone.now() - limit
        )[:200]:
            check.state = State.ESCALATED
            check.escalated_at = timezone.now()
            check.escalated_to = supervisor
            check.escalation_notice = notice_queue(
                ticket=None,
                kind=Notice.Kind.PAYMENT_CHECK_ESCALATED,
                recipient=supervisor,
            )
            check.save(
                update_fields=[
                    "state",
                    "escalated_at",
                    "escalated_to",
                    "escalation_notice",
                ]
            )
            count += 1
    return count
