"""Triage edits of a ticket by staff: priority, queue and root cause."""

from enum import Enum
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from complaints.errors import WorkflowError
from complaints.models import Queue, Ticket
from complaints.services.search_index import ticket_search_scope
from sla.services import ticket_clocks_replan

if TYPE_CHECKING:
    from accounts.models import User


class Keep(Enum):
    """An argument left as it is (None is a value: no queue)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@transaction.atomic
def ticket_triage_update(
    *,
    ticket: Ticket,
    actor: "User",
    priority: str | Keep = KEEP,
    queue: Queue | Keep | None = KEEP,
    root_cause: str | Keep = KEEP,
) -> Ticket:
    """Change a ticket's priority, queue or root cause; KEEP leaves one as it is.

    Desk staff only. Locks the ticket and saves only what changed, so the audit
    trail records each change with its before and after (audit.recorder). A new
    queue may select another SLA profile: the clocks of an open ticket are then
    re-planned from receipt (sla.services.ticket_clocks_replan), and the new
    resolve-by is audited too. Raises WorkflowError and changes nothing otherwise.
    """
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to triage tickets."))
    if priority is not KEEP and priority not in Ticket.Priority.values:
        raise WorkflowError(_("Choose a priority from the list."))
    if root_cause is not KEEP and root_cause not in {"", *Ticket.RootCause.values}:
        raise WorkflowError(_("Choose a root cause from the list."))
    wanted = {"priority": priority, "queue": queue, "root_cause": root_cause}
    changed = [
        name
        for name, value in wanted.items()
        if value is not KEEP and getattr(locked, name) != value
    ]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, wanted[name])
    locked.save(update_fields=[*changed, "updated_at"])
    if "queue" in changed:
        ticket_search_scope(ticket=locked)
        ticket_clocks_replan(
            ticket=locked,
            actor=actor,
            reason=_("Moved to the queue %(queue)s.") % {"queue": locked.queue.name}
            if locked.queue
            else _("Taken out of its queue."),
        )
    for name in [*changed, "updated_at", "resolve_by"]:
        setattr(ticket, name, getattr(locked, name))
    return locked
