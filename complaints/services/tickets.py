"""Ticket writes other than status and filing: assignment, rating."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from complaints.errors import WorkflowError
from complaints.models import Ticket
from complaints.services.loads import agent_load_move
from complaints.services.search_index import ticket_search_scope


@transaction.atomic
def ticket_assign(*, ticket: Ticket, assignee: User | None, actor: User) -> Ticket:
    """Assign a ticket to an agent or supervisor (None unassigns).

    Supervisors assign anyone; agents may only take an unassigned ticket themselves.
    Raises WorkflowError and changes nothing otherwise.
    """
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not actor.is_desk_staff:
        raise WorkflowError(_("You are not allowed to assign tickets."))
    if assignee is not None and not assignee.is_desk_staff:
        raise WorkflowError(
            _("Tickets can only be assigned to active agents or supervisors.")
        )
    if not actor.is_supervisor and not (
        assignee == actor and locked.assignee_id in {None, actor.pk}
    ):
        raise WorkflowError(_("Only a supervisor can reassign a ticket."))
    if locked.is_open:
        agent_load_move(
            from_id=locked.assignee_id, to_id=assignee.pk if assignee else None
        )
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    ticket_search_scope(ticket=locked)
    ticket.assignee = assignee
    return locked


@transaction.atomic
def ticket_rate(
    *, ticket: Ticket, customer: User, rating: int, comment: str = ""
) -> Ticket:
    """Record the customer's satisfaction rating (1-5) once the ticket is resolved.

    Only the ticket's customer may rate, once per resolution.
    Raises WorkflowError or ValidationError and changes nothing.
    """
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.customer_id != customer.pk:
        raise WorkflowError(_("Only the customer who filed this ticket can rate it."))
    if locked.status != Ticket.Status.RESOLVED:
        raise WorkflowError(_("You can rate a ticket once it is resolved."))
    if locked.rating is not None:
        raise WorkflowError(_("You have already rated this ticket. Thank you!"))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    locked.rating = rating
    locked.rating_comment = comment.strip()
    locked.rated_at = timezone.now()
    locked.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    ticket.rating, ticket.rating_comment, ticket.rated_at = (
        locked.rating,
        locked.rating_comment,
        locked.rated_at,
    )
    return locked
