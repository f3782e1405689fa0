"""The customer in one view on the case page: other tickets, transactions, account.

Two queries whatever the customer's history: their other tickets the agent may
see (open first, newest first, at most OTHER_TICKETS) and their transactions
around the disputed one (at most TRANSACTIONS). The account status comes with
the ticket's customer.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Value, When

from complaints.models import Ticket
from transactions.models import Transaction

if TYPE_CHECKING:
    from accounts.models import User

OTHER_TICKETS = 8
TRANSACTIONS = 10
# Transactions this close to the disputed one show beside it.
AROUND = timedelta(days=7)


@dataclass(frozen=True)
class CustomerPanel:
    other_tickets: list[Ticket]
    transactions: list[Transaction]
    disputed_ids: frozenset[int]


def customer_panel_for_case(
    *, ticket: Ticket, user: "User", linked: list[Transaction]
) -> CustomerPanel:
    """The customer's other tickets (scoped to user) and transactions near linked."""
    other_tickets = list(
        Ticket.objects.visible_to(user)
        .filter(customer_id=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .annotate(
            closed=Case(
                When(status=Ticket.Status.RESOLVED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .only("pk", "reference", "subject", "status", "kind", "received_at")
        .order_by("closed", "-received_at", "-pk")[:OTHER_TICKETS]
    )
    records = Transaction.objects.filter(owner_id=ticket.customer_id)
    if linked:
        first = min(record.occurred_at for record in linked)
        last = max(record.occurred_at for record in linked)
        records = records.filter(
            occurred_at__gte=first - AROUND, occurred_at__lte=last + AROUND
        )
    transactions = list(records.order_by("-occurred_at", "-pk")[:TRANSACTIONS])
    return CustomerPanel(
        other_tickets=other_tickets,
        transactions=transactions,
        disputed_ids=frozenset(record.pk for record in linked),
    )
