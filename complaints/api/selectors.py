"""API reads of tickets for staff and the wallet core, loading what responses show."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from complaints.models import (
    Attachment,
    Message,
    StatusChange,
    Ticket,
    TicketHold,
    TicketTransaction,
)

if TYPE_CHECKING:
    from accounts.models import User


def ticket_list_for_staff(*, user: "User") -> QuerySet[Ticket]:
    """Tickets a staff member may see (Ticket.visible_to), newest first, one query."""
    return (
        Ticket.objects.visible_to(user)
        .with_sla_flags()
        .select_related("customer", "queue", "assignee")
        .order_by("-received_at", "-id")
    )


def ticket_list_for_system(*, transaction_reference: str) -> QuerySet[Ticket]:
    """Tickets linked to the ledger record with this reference, newest first.

    Two queries: the tickets with their customer, then their transaction links.
    """
    return (
        Ticket.objects.filter(
            transaction_links__transaction__reference=transaction_reference
        )
        .select_related("customer")
        .prefetch_related(
            Prefetch(
                "transaction_links",
                queryset=TicketTransaction.objects.order_by("pk").only(
                    "pk", "ticket_id", "snapshot"
                ),
            )
        )
        .order_by("-received_at", "-id")
    )


@dataclass(frozen=True)
class StaffTimeline:
    """Everything staff see of a ticket's history, internal notes included."""

    messages: list[Message] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    holds: list[TicketHold] = field(default_factory=list)
    links: list[TicketTransaction] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)


def ticket_staff_timeline(*, ticket: Ticket) -> StaffTimeline:
    """A ticket's messages (with files), moves, holds, links and filing files.

    Six queries whatever the length of the history.
    """
    return StaffTimeline(
        messages=list(
            Message.objects.filter(ticket=ticket)
            .select_related("author")
            .prefetch_related(
                Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
            )
            .order_by("created_at", "pk")
        ),
        changes=list(
            StatusChange.objects.filter(ticket=ticket)
            .select_related("actor")
            .order_by("created_at", "pk")
        ),
        holds=list(
            TicketHold.objects.filter(ticket=ticket)
            .select_related("request")
            .order_by("started_at", "pk")
        ),
        links=list(TicketTransaction.objects.filter(ticket=ticket).order_by("pk")),
        files=list(
            Attachment.objects.filter(ticket=ticket, message__isnull=True).order_by(
                "created_at", "pk"
            )
        ),
    )
