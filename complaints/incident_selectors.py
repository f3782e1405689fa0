"""Reads about tickets and incidents: linked tickets, counts, link candidates."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from complaints.models import (
    IncidentAnswerRun,
    IncidentLink,
    Ticket,
    TicketTransaction,
)
from incidents.models import Incident

CANDIDATE_LIMIT = 500


def incident_linked_tickets(*, incident: Incident) -> QuerySet[Ticket]:
    """The tickets linked to an incident, newest first, with what a list shows."""
    return (
        Ticket.objects.filter(incident_link__incident=incident)
        .select_related("customer", "assignee")
        .order_by("-received_at", "-pk")
    )


def incident_ticket_counts(*, incident: Incident) -> dict[str, int]:
    """How many linked tickets are in each status (every status present, maybe 0)."""
    counts = dict.fromkeys(Ticket.Status.values, 0)
    for row in (
        Ticket.objects.filter(incident_link__incident=incident)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts[row["status"]] = row["count"]
    return counts


def incident_link_candidates(*, incident: Incident) -> QuerySet[Ticket]:
    """Open, unlinked tickets received since the incident started that its scope covers."""
    tickets = Ticket.objects.exclude(status=Ticket.Status.RESOLVED).filter(
        received_at__gte=incident.started_at, incident_link__isnull=True
    )
    if incident.kinds:
        tickets = tickets.filter(kind__in=incident.kinds)
    if incident.categories:
        tickets = tickets.filter(category__in=incident.categories)
    if incident.transaction_types:
        tickets = tickets.filter(
            transaction_links__transaction__type__in=incident.transaction_types
        ).distinct()
    return tickets.select_related("customer").order_by("received_at", "pk")


def incident_answer_runs(*, incident: Incident) -> list[IncidentAnswerRun]:
    """An incident's answer runs, newest first, each with done and left counts."""
    return list(
        IncidentAnswerRun.objects.filter(incident=incident)
        .annotate(
            done=Count("answers", filter=Q(answers__done_at__isnull=False)),
            left=Count("answers", filter=Q(answers__done_at__isnull=True)),
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def incident_of_ticket(*, ticket: Ticket) -> Incident | None:
    """The incident a ticket is linked to, with its public updates, or None."""
    link = (
        IncidentLink.objects.filter(ticket=ticket)
        .select_related("incident")
        .prefetch_related("incident__updates")
        .first()
    )
    return link.incident if link else None


def incident_ticket_amounts(*, incident: Incident) -> dict[int, tuple[Decimal, str]]:
    """Each linked ticket's disputed amount: its first transaction as filed.

    Tickets without a transaction are left out.
    """
    amounts: dict[int, tuple[Decimal, str]] = {}
    for ticket_id, snapshot in (
        TicketTransaction.objects.filter(ticket__incident_link__incident=incident)
        .order_by("ticket_id", "pk")
        .values_list("ticket_id", "snapshot")
    ):
        if ticket_id not in amounts and snapshot.get("amount"):
            amounts[ticket_id] = (
                Decimal(str(snapshot["amount"])),
                snapshot.get("currency", ""),
            )
    return amounts


def incident_tickets_by_reference(
    *, incident: Incident, references: Iterable[str]
) -> dict[str, int]:
    """Map the given references of tickets linked to the incident to their ids."""
    return dict(
        Ticket.objects.filter(
            incident_link__incident=incident, reference__in=list(references)
        ).values_list("reference", "pk")
    )
