"""Many tickets resolved at once (an incident's answer): the workflow's moves in bulk.

Each ticket takes the same steps ticket_transition would take it through
(received, acknowledged, investigating, resolved), checked by the same rules
(complaints.workflow), and leaves the same rows: a status change and an audit
event per step, its clocks stopped with their events, the assignee's slot freed,
its holds ended, a webhook per step where endpoints listen (its ticket fields
as the batch leaves the ticket), and the resolution and satisfaction-request
notices of the last step. What differs is how they are written: a statement
per kind of row for the whole batch, in one transaction, instead of a dozen
per ticket.
"""

from collections import Counter
from collections.abc import Mapping
from itertools import pairwise
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit.bulk import AuditedSteps
from complaints import workflow
from complaints.errors import InvalidTransition, WorkflowError
from complaints.models import StatusChange, Ticket, TicketHold
from complaints.notice_batches import notices_queue_for_changes
from complaints.services.loads import agent_load_change
from complaints.signals import tickets_written_in_bulk
from config.bulk_updates import bulk_update_by_value
from integrations import webhooks
from sla.services import clocks_stop_on_resolve_many

if TYPE_CHECKING:
    from accounts.models import User

Status = Ticket.Status
# The steps to resolved from each open status, in order.
_PATH = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.RESOLVED)


def _steps(ticket: Ticket, actor: "User") -> list[tuple[Status, Status]]:
    """The moves that take ticket to resolved, each checked as ticket_transition does."""
    current = Status(ticket.status)
    if current == Status.RESOLVED:
        raise InvalidTransition(current=current, target=Status.RESOLVED)
    path = _PATH[_PATH.index(current) :]
    steps = list(pairwise(path))
    for step_from, step_to in steps:
        workflow.check_actor(
            ticket=ticket, current=step_from, target=step_to, actor=actor
        )
    return steps


@transaction.atomic
def tickets_resolve_batch(
    *,
    resolutions: Mapping[int, workflow.Resolution],
    actor: "User",
    note: str = "",
) -> dict[int, StatusChange | WorkflowError]:
    """Resolve each ticket of resolutions (ids) with its resolution, in one transaction.

    Locks the tickets (in id order, as concurrent batches must). A ticket the
    workflow refuses (already resolved, an actor who may not, a bad resolution)
    is left as it was and its WorkflowError returned in its place; the others
    are resolved. The steps on the way notify nobody; the last queues the
    resolution and the satisfaction request. Returns, per ticket id, the
    resolving status change or the refusal.
    """
    now = timezone.now()
    results: dict[int, StatusChange | WorkflowError] = {}
    audits = AuditedSteps()
    changes: list[StatusChange] = []
    resolving: list[StatusChange] = []
    moved: list[Ticket] = []
    fields: set[str] = set()
    for ticket in (
        Ticket.objects.select_for_update().filter(pk__in=resolutions).order_by("pk")
    ):
        try:
            steps = _steps(ticket, actor)
            workflow.check_resolution(resolutions[ticket.pk])
        except WorkflowError as refusal:
            results[ticket.pk] = refusal
            continue
        for step_from, step_to in steps:
            step_fields = workflow.move_fields(
                ticket,
                current=step_from,
                target=step_to,
                resolution=resolutions[ticket.pk],
                now=now,
            )
            audits.step(ticket, fields=step_fields)
            fields.update(step_fields)
            changes.append(
                StatusChange(
                    ticket=ticket,
                    from_status=step_from,
                    to_status=step_to,
                    actor=actor,
                    note=note,
                )
            )
        resolving.append(changes[-1])
        results[ticket.pk] = changes[-1]
        moved.append(ticket)
    if not moved:
        return results
    bulk_update_by_value(moved, sorted(fields))
    audits.write()
    ids = [ticket.pk for ticket in moved]
    TicketHold.objects.filter(ticket_id__in=ids, ended_at__isnull=True).update(
        ended_at=now, ended_by=actor
    )
    # Resolving frees each assignee's slots; lower id first, as agent_load_move.
    freed = Counter(ticket.assignee_id for ticket in moved if ticket.assignee_id)
    for agent_id in sorted(freed):
        agent_load_change(agent_id=agent_id, delta=-freed[agent_id])
    StatusChange.objects.bulk_create(changes)
    clocks_stop_on_resolve_many(ticket_ids=ids, actor=actor, now=now)
    for change in changes:
        webhooks.webhook_queue(
            event=webhooks.Event.TICKET_STATUS_CHANGED,
            payload=lambda change=change: webhooks.status_changed_payload(
                change=change
            ),
        )
    notices_queue_for_changes(
        changes=resolving, kinds=workflow.NOTICE_FOR[Status.RESOLVED]
    )
    tickets_written_in_bulk.send(sender=Ticket, ticket_ids=ids)
    return results
