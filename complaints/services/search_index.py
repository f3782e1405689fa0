"""The one writer of ticket search entries (TicketSearch), called by the services.

The services that write searchable text call these in their own transactions,
after writing it, so an entry never holds words a rolled-back write added:
ticket_create (ticket_search_create), message_add (ticket_search_add),
ticket_triage_update and ticket_assign (ticket_search_scope: the queue and
assignee that scope a search) and ticket_redact (ticket_search_redact).
ticket_search_index rebuilds an entry from what is stored (the backfill
command). A customer's later change of name or phone reaches their tickets'
entries at the next rebuild: entries, like the transaction snapshots, describe
the ticket as filed.
"""

import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Prefetch, QuerySet, Value
from django.db.models.functions import Concat

from complaints.models import (
    Message,
    Ticket,
    TicketSearch,
    TicketTransaction,
)
from knowledgebase.tokens import token_text

_COLUMNS = ("title_tokens", "body_tokens", "note_tokens", "identifiers")
_SCOPE = ("queue_id", "assignee_id")
# Separators people type inside phone numbers and account numbers.
_SEPARATORS = re.compile(r"[\s\-().]+")


def identifier_normal(text: str) -> str:
    """The form identifiers are stored and searched in: lower case, no separators."""
    return _SEPARATORS.sub("", text).lower()


def _identifiers(values: Iterable[str]) -> str:
    distinct = dict.fromkeys(identifier_normal(value) for value in values if value)
    return " ".join(value for value in distinct if value)


def _entry(
    *,
    ticket: Ticket,
    snapshots: list[dict[str, str]],
    remedy: str = "",
    recipients: Iterable[str] = (),
    public: Iterable[str] = (),
    notes: Iterable[str] = (),
) -> TicketSearch:
    customer = ticket.customer
    recipients = [value for value in recipients if value]
    counterparties = [
        snapshot.get(key, "")
        for snapshot in snapshots
        for key in ("counterparty_name", "counterparty_account")
    ]
    return TicketSearch(
        ticket=ticket,
        queue_id=ticket.queue_id,
        assignee_id=ticket.assignee_id,
        title_tokens=token_text(ticket.subject),
        body_tokens=token_text(
            ticket.description,
            remedy,
            *public,
            customer.get_full_name(),
            customer.username,
            *recipients,
            *counterparties,
        ),
        note_tokens=token_text(*notes),
        identifiers=_identifiers(
            [
                ticket.reference,
                customer.phone,
                customer.email,
                # What an agent pastes from the wallet's back office: the
                # customer's user name and wallet account id, found whole.
                customer.username,
                customer.wallet_account_id or "",
                *(snapshot.get("reference", "") for snapshot in snapshots),
                *(snapshot.get("chain_hash", "") for snapshot in snapshots),
                *recipients,
                *counterparties,
            ]
        ),
    )


def ticket_search_create(
    *,
    ticket: Ticket,
    snapshots: list[dict[str, str]],
    remedy: str = "",
    recipients: Iterable[str] = (),
) -> TicketSearch:
    """Write the search entry of a ticket being filed, from what the filing holds.

    Called by ticket_create inside its transaction: one INSERT, no reads.
    """
    entry = _entry(
        ticket=ticket, snapshots=snapshots, remedy=remedy, recipients=recipients
    )
    entry.save(force_insert=True)
    return entry


def ticket_search_add(*, ticket: Ticket, text: str, is_internal: bool) -> None:
    """Add the words of a new reply (or internal note) to the ticket's entry.

    Called by message_add under the ticket's lock: one UPDATE that appends the
    tokens; a repeated token only counts once more in the rank.
    """
    tokens = token_text(text)
    if not tokens:
        return
    column = "note_tokens" if is_internal else "body_tokens"
    updated = TicketSearch.objects.filter(ticket=ticket).update(
        **{column: Concat(F(column), Value(tokens))}
    )
    if not updated:
        ticket_search_index(ticket=ticket)


def ticket_search_scope(*, ticket: Ticket) -> None:
    """Copy the ticket's queue and assignee to its entry (the search's scope).

    Called by ticket_triage_update and ticket_assign under the ticket's lock,
    after the change: one UPDATE.
    """
    TicketSearch.objects.filter(ticket_id=ticket.pk).update(
        queue_id=ticket.queue_id, assignee_id=ticket.assignee_id
    )


def ticket_search_redact(*, ticket: Ticket) -> None:
    """Keep only the reference in a redacted ticket's entry (ticket_redact)."""
    TicketSearch.objects.update_or_create(
        ticket_id=ticket.pk,
        defaults={
            "title_tokens": "",
            "body_tokens": "",
            "note_tokens": "",
            "identifiers": _identifiers([ticket.reference]),
        },
    )


def _entry_from_loaded(ticket: Ticket) -> TicketSearch:
    """Build the entry of a ticket whose relations are loaded (TICKET_LOADS)."""
    if ticket.redacted_at is not None:
        return TicketSearch(ticket=ticket, identifiers=_identifiers([ticket.reference]))
    detail = getattr(ticket, "complaint_detail", None)
    refund = getattr(ticket, "refund_request", None)
    messages = list(ticket.messages.all())
    return _entry(
        ticket=ticket,
        snapshots=[link.snapshot for link in ticket.transaction_links.all()],
        remedy=detail.remedy_sought if detail else "",
        recipients=(
            [refund.intended_recipient, refund.actual_recipient] if refund else []
        ),
        public=[message.body for message in messages if not message.is_internal],
        notes=[message.body for message in messages if message.is_internal],
    )


def _loaded(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.select_related(
        "customer", "complaint_detail", "refund_request"
    ).prefetch_related(
        Prefetch(
            "transaction_links", queryset=TicketTransaction.objects.order_by("pk")
        ),
        Prefetch(
            "messages",
            queryset=Message.objects.order_by("pk").only(
                "pk", "ticket_id", "body", "is_internal"
            ),
        ),
    )


@transaction.atomic
def ticket_search_index(*, ticket: Ticket) -> TicketSearch:
    """Rewrite a ticket's search entry from what is stored now (three queries).

    Callers that just changed the ticket's text hold its lock, so two writers
    never interleave.
    """
    entry = _entry_from_loaded(_loaded(Ticket.objects.filter(pk=ticket.pk)).get())
    TicketSearch.objects.update_or_create(
        ticket_id=ticket.pk,
        defaults={field: getattr(entry, field) for field in (*_COLUMNS, *_SCOPE)},
    )
    return entry


def ticket_search_reindex(*, tickets: QuerySet[Ticket], batch_size: int = 500) -> int:
    """Rewrite the search entries of tickets in batches (the backfill).

    Each batch costs four queries and one upsert, in its own transaction; tickets
    written meanwhile are indexed by their services anyway. Returns the count.
    """
    count = 0
    last_pk = 0
    while True:
        batch = list(
            _loaded(tickets.filter(pk__gt=last_pk).order_by("pk"))[:batch_size]
        )
        if not batch:
            return count
        with transaction.atomic():
            TicketSearch.objects.bulk_create(
                [_entry_from_loaded(ticket) for ticket in batch],
                update_conflicts=True,
                unique_fields=["ticket"],
                update_fields=[*_COLUMNS, *_SCOPE, "indexed_at"],
            )
        count += len(batch)
        last_pk = batch[-1].pk
