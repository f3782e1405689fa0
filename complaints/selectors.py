"""Ticket reads, scoped by who asks and loading everything a page shows."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from complaints.models import (
    Attachment,
    Message,
    Notice,
    StatusChange,
    Ticket,
    TicketTransaction,
)

if TYPE_CHECKING:
    from accounts.models import User


def ticket_list_for_customer(*, customer: "User", state: str = "") -> QuerySet[Ticket]:
    """The customer's own tickets, newest first; state "open" or "resolved" filters."""
    tickets = Ticket.objects.visible_to(customer).filter(customer=customer)
    if state == "open":
        tickets = tickets.open()
    elif state == "resolved":
        tickets = tickets.filter(status=Ticket.Status.RESOLVED)
    return tickets.only(
        "pk",
        "reference",
        "kind",
        "category",
        "subject",
        "status",
        "received_at",
        "updated_at",
        "customer_id",
    ).order_by("-received_at", "-pk")


def ticket_get_for_user(*, user: "User", reference: str) -> Ticket:
    """One ticket the user may see, or Http404 (also for other customers' tickets)."""
    ticket = (
        Ticket.objects.visible_to(user)
        .select_related(
            "customer",
            "queue",
            "assignee",
            "complaint_detail",
            "refund_request__transaction",
            "refund_request__duplicate_of",
            "refund_request__decision",
            "cancellation_inquiry__transaction",
        )
        .filter(reference=reference)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def ticket_public_timeline(*, ticket: Ticket) -> dict[str, list]:
    """What the customer may see of a ticket: public messages, moves, files, links.

    Never internal notes, internal files or holds. Four queries.
    """
    messages = list(
        Message.objects.filter(ticket=ticket, is_internal=False)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_internal=False),
            )
        )
        .order_by("created_at", "pk")
    )
    changes = list(
        StatusChange.objects.filter(ticket=ticket).order_by("created_at", "pk")
    )
    links = list(TicketTransaction.objects.filter(ticket=ticket).order_by("pk"))
    return {"messages": messages, "changes": changes, "links": links}


def ticket_find_open_duplicate(
    *, customer: "User", kind: str, transaction_ids: Sequence[int]
) -> Ticket | None:
    """An open ticket of the same customer and kind about one of these transactions."""
    if not transaction_ids:
        return None
    return (
        Ticket.objects.open()
        .filter(
            customer=customer,
            kind=kind,
            transaction_links__transaction_id__in=list(transaction_ids),
        )
        .order_by("received_at")
        .first()
    )


def attachment_get_for_user(*, user: "User", reference: str, token: str) -> Attachment:
    """An evidence file the user may download, or Http404."""
    attachment = (
        Attachment.objects.select_related("ticket")
        .filter(
            ticket__in=Ticket.objects.visible_to(user),
            ticket__reference=reference,
            token=token,
        )
        .first()
    )
    if attachment is None or (
        attachment.is_internal and user.role == user.Role.CUSTOMER
    ):
        raise Http404("No such file")
    return attachment


def notice_list_for_user(*, user: "User") -> QuerySet[Notice]:
    """A person's in-app notices, newest first, with their ticket reference."""
    return (
        Notice.objects.filter(recipient=user)
        .select_related("ticket", "status_change", "message")
        .order_by("-created_at", "-pk")
    )


def notice_unread_count(*, user: "User") -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
