"""One answer for every ticket of an incident, worked through in chunks by Celery.

Each chunk is an outbox row. A run that resolves answers a chunk's tickets in
one transaction (complaints.workflow_batch) that stamps their answer rows done; a
run that posts an update answers each ticket in its own such transaction. Either
way a worker that dies halfway leaves the rest to the re-dispatch and no ticket
is answered twice.
"""

import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints import tasks, workflow, workflow_batch
from complaints.errors import WorkflowError
from complaints.models import (
    IncidentAnswerChunk,
    IncidentAnswerRun,
    IncidentTicketAnswer,
    StatusChange,
    Ticket,
    TicketTransaction,
)
from complaints.models.replies import PLACEHOLDER_RE
from complaints.services.replies import canned_reply_context, reply_send
from config.bulk_updates import bulk_update_by_value
from config.formats.money import money_format
from incidents.models import Incident
from incidents.services import incident_update_post
from outbox.dispatch import outbox_dispatch_on_commit
from outbox.redispatch import outbox_redispatch

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

Status = Ticket.Status


def _check_run(
    *, mode: str, body_zh_hans: str, body_en: str, outcome: str, root_cause: str
) -> None:
    if mode not in IncidentAnswerRun.Mode.values:
        raise ValidationError({"mode": _("Choose what to do with the tickets.")})
    errors = {
        name: _("Write this in both languages.")
        for name, text in (("body_zh_hans", body_zh_hans), ("body_en", body_en))
        if not text.strip()
    }
    if mode == IncidentAnswerRun.Mode.RESOLVE and outcome not in Ticket.Outcome.values:
        errors["outcome"] = _("Choose an outcome before resolving the ticket.")
    if root_cause and root_cause not in Ticket.RootCause.values:
        errors["root_cause"] = _("Choose a root cause from the list.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def incident_answer_start(
    *,
    incident: Incident,
    mode: str,
    body_zh_hans: str,
    body_en: str,
    actor: "User",
    outcome: str = "",
    root_cause: str = "",
    amounts: Mapping[int, tuple[Decimal, str]] | None = None,
    resolve_incident: bool = False,
) -> IncidentAnswerRun:
    """Answer every ticket linked to the incident now, in the background.

    The body may use the canned-reply placeholders ({reference}, {amount} ...).
    amounts maps ticket ids to the (amount, currency) each resolution records,
    where refunds differ. With resolve_incident the incident moves to resolved
    with the English and Chinese bodies as its last public update, in the same
    transaction. Writes the run, one answer row per linked ticket and one outbox
    chunk per WALLETDESK_INCIDENT_CHUNK_SIZE answers, dispatched after commit. Raises
    ValidationError and changes nothing.
    """
    _check_run(
        mode=mode,
        body_zh_hans=body_zh_hans,
        body_en=body_en,
        outcome=outcome,
        root_cause=root_cause,
    )
    amounts = amounts or {}
    if resolve_incident:
        incident_update_post(
            incident=incident,
            state=Incident.State.RESOLVED,
            body_zh_hans=body_zh_hans,
            body_en=body_en,
            actor=actor,
        )
    run = IncidentAnswerRun.objects.create(
        incident=incident,
        mode=mode,
        body_zh_hans=body_zh_hans.strip(),
        body_en=body_en.strip(),
        outcome=outcome if mode == IncidentAnswerRun.Mode.RESOLVE else "",
        root_cause=root_cause,
        actor=actor,
    )
    ticket_ids = list(
        Ticket.objects.filter(incident_link__incident=incident)
        .exclude(status=Status.RESOLVED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = settings.WALLETDESK_INCIDENT_CHUNK_SIZE
    chunks = IncidentAnswerChunk.objects.bulk_create(
        IncidentAnswerChunk(run=run) for _start in range(0, len(ticket_ids), size)
    )
    answers = []
    for index, ticket_id in enumerate(ticket_ids):
        amount, currency = amounts.get(ticket_id, (None, ""))
        answers.append(
            IncidentTicketAnswer(
                run=run,
                chunk=chunks[index // size],
                ticket_id=ticket_id,
                amount=amount,
                currency=currency,
            )
        )
    IncidentTicketAnswer.objects.bulk_create(answers, batch_size=1000)
    run.total = len(answers)
    run.save(update_fields=["total"])
    for chunk in chunks:
        outbox_dispatch_on_commit(tasks.answer_incident_chunk, chunk.pk)
    return run


def incident_answer_render(
    *,
    run: IncidentAnswerRun,
    ticket: Ticket,
    answer: IncidentTicketAnswer,
    links: "Sequence[TicketTransaction] | None" = None,
) -> str:
    """The run's reply for one ticket, in the ticket's language, placeholders filled.

    {amount} is the answer's own amount where refunds differ, formatted as every
    amount is (money_format, in the ticket's language). links: the ticket's
    transaction links in filing order, when loaded already.
    """
    body = run.body_zh_hans if ticket.language.startswith("zh") else run.body_en
    with translation.override(ticket.language):
        context = canned_reply_context(ticket=ticket, author=run.actor, links=links)
        if answer.amount is not None:
            context["amount"] = money_format(answer.amount, answer.currency)
    return PLACEHOLDER_RE.sub(
        lambda match: context.get(match.group(1), match.group(0)), body
    ).strip()


def _post_update(*, run: IncidentAnswerRun, answer: IncidentTicketAnswer) -> bool:
    ticket = Ticket.objects.select_related("customer").get(pk=answer.ticket_id)
    if ticket.status == Status.RESOLVED:
        return False
    body = incident_answer_render(run=run, ticket=ticket, answer=answer)
    reply_send(ticket=ticket, author=run.actor, body=body)
    return True


@transaction.atomic
def incident_ticket_update(*, answer_id: int) -> bool:
    """Post a run's public update on one ticket, exactly once.

    Locks the answer row (skipping it if another worker holds it) and stamps it
    done in the same transaction as the reply and its notice, so a retry after
    a crash finds it done. A ticket resolved meanwhile is skipped; a reply the
    workflow refuses is recorded on the row and skipped. Returns whether this
    call answered the ticket. (A run that resolves goes by incident_chunk_resolve.)
    """
    answer = (
        # Only the answer's row: locking the joined run and actor too would make
        # every other worker's answer of the same run skip as "locked".
        IncidentTicketAnswer.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("run", "run__actor")
        .filter(pk=answer_id, done_at__isnull=True)
        .first()
    )
    if answer is None:
        return False
    answered = False
    try:
        with transaction.atomic():
            answered = _post_update(run=answer.run, answer=answer)
    except (WorkflowError, ValidationError) as error:
        answer.error = str(getattr(error, "message", error))[:500]
    answer.skipped = not answered
    answer.done_at = timezone.now()
    answer.save(update_fields=["done_at", "skipped", "error"])
    return answered


@transaction.atomic
def incident_chunk_resolve(*, chunk_id: int) -> int:
    """Resolve the chunk's tickets not yet answered, all in one transaction.

    For a run that resolves: the answers this call can lock (another worker's
    are skipped; only the answer rows are locked, not the run they join), the
    tickets
    through complaints.workflow_batch, and every answer stamped done in the same
    transaction, so a worker that dies leaves the whole chunk to the retry.
    A ticket resolved meanwhile is skipped, a refusal recorded on its answer.
    Returns how many tickets this call answered.
    """
    answers = list(
        IncidentTicketAnswer.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("run", "run__actor")
        .filter(chunk_id=chunk_id, done_at__isnull=True)
        .order_by("pk")
    )
    if not answers:
        return 0
    run = answers[0].run
    tickets = Ticket.objects.select_related(
        "customer", "refund_request"
    ).prefetch_related(
        Prefetch("transaction_links", queryset=TicketTransaction.objects.order_by("pk"))
    )
    tickets = tickets.in_bulk([answer.ticket_id for answer in answers])
    note = _("Answered with incident %(incident)s") % {"incident": run.incident_id}
    resolutions = {}
    for answer in answers:
        ticket = tickets[answer.ticket_id]
        if ticket.status == Status.RESOLVED:
            continue
        resolutions[ticket.pk] = workflow.Resolution(
            outcome=run.outcome,
            summary=incident_answer_render(
                run=run,
                ticket=ticket,
                answer=answer,
                links=list(ticket.transaction_links.all()),
            ),
            amount=answer.amount,
            currency=answer.currency,
            root_cause=run.root_cause,
        )
    results = workflow_batch.tickets_resolve_batch(
        resolutions=resolutions, actor=run.actor, note=note
    )
    now = timezone.now()
    for answer in answers:
        result = results.get(answer.ticket_id)
        answer.skipped = not isinstance(result, StatusChange)
        answer.error = (
            str(getattr(result, "message", result))[:500]
            if isinstance(result, WorkflowError)
            else ""
        )
        answer.done_at = now
    bulk_update_by_value(answers, ["done_at", "skipped", "error"])
    return sum(not answer.skipped for answer in answers)


def incident_answer_chunk_process(*, chunk_id: int) -> int:
    """Work through a chunk's answers not yet done; stamp the chunk when none is left.

    A run that resolves answers the chunk at once (incident_chunk_resolve); an
    update posts its reply ticket by ticket. Safe to run twice at once or after a
    crash: each answer is done once. Returns how many tickets this call answered.
    """
    chunk = (
        IncidentAnswerChunk.objects.select_related("run")
        .filter(pk=chunk_id, sent_at__isnull=True)
        .first()
    )
    if chunk is None:
        return 0
    todo = IncidentTicketAnswer.objects.filter(chunk_id=chunk_id, done_at__isnull=True)
    if chunk.run.mode == IncidentAnswerRun.Mode.RESOLVE:
        answered = incident_chunk_resolve(chunk_id=chunk_id)
    else:
        answered = sum(
            incident_ticket_update(answer_id=answer_id)
            for answer_id in todo.order_by("pk").values_list("pk", flat=True)
        )
    if not todo.exists():
        IncidentAnswerChunk.objects.filter(pk=chunk_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    return answered


def incident_answer_chunks_redispatch(
    *, grace: timedelta = timedelta(minutes=2)
) -> int:
    """Queue chunks left unfinished (a worker died, the broker was down) again."""
    return outbox_redispatch(
        rows=IncidentAnswerChunk.objects.all(),
        task=tasks.answer_incident_chunk,
        grace=grace,
        max_dispatches=settings.WALLETDESK_NOTICE_MAX_DISPATCHES,
    )
