"""Linking tickets to incidents: on filing, by an agent, and in bulk."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.bulk import audited_bulk_create
from complaints.models import IncidentLink, Ticket
from incidents import selectors as incident_selectors
from incidents.models import Incident

if TYPE_CHECKING:
    from accounts.models import User


def incident_link_on_filing(
    *, ticket: Ticket, transaction_types: Sequence[str]
) -> IncidentLink | None:
    """Link a ticket being filed to the open incident whose scope covers it.

    Called by ticket_create inside its transaction, the one place new tickets
    link themselves. The newest matching incident wins. Returns the link or None.
    """
    matching = incident_selectors.incidents_matching(
        kind=ticket.kind,
        category=ticket.category,
        transaction_types=list(transaction_types),
        at=ticket.received_at,
    )
    if not matching:
        return None
    return IncidentLink.objects.create(ticket=ticket, incident=matching[0])


@transaction.atomic
def incident_ticket_link(
    *, incident: Incident, tickets: Sequence[Ticket], actor: "User"
) -> list[IncidentLink]:
    """Link tickets to an incident (an agent's choice, whatever the scope).

    Tickets already linked to another incident are moved; those linked to this
    one are left as they are. Resolved tickets are refused. Links, removals and
    moves are audited. Raises ValidationError and changes nothing.
    """
    if not incident.is_open:
        raise ValidationError(_("Tickets cannot be linked to a resolved incident."))
    ids = [ticket.pk for ticket in tickets]
    locked = list(Ticket.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if any(ticket.status == Ticket.Status.RESOLVED for ticket in locked):
        raise ValidationError(_("Resolved tickets cannot be linked to an incident."))
    for link in IncidentLink.objects.filter(ticket_id__in=ids).exclude(
        incident=incident
    ):
        link.delete()
    already = set(
        IncidentLink.objects.filter(ticket_id__in=ids, incident=incident).values_list(
            "ticket_id", flat=True
        )
    )
    return audited_bulk_create(
        [
            IncidentLink(ticket=ticket, incident=incident, linked_by=actor)
            for ticket in locked
            if ticket.pk not in already
        ]
    )


@transaction.atomic
def incident_ticket_unlink(*, ticket: Ticket, actor: "User") -> bool:
    """Remove a ticket's incident link (audited). Returns whether there was one."""
    link = IncidentLink.objects.select_for_update().filter(ticket=ticket).first()
    if link is None:
        return False
    link.delete()
    return True
