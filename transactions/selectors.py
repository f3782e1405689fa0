"""Wallet transaction reads, always scoped to the customer who owns them."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from transactions.models import Transaction

if TYPE_CHECKING:
    from accounts.models import User


def _query_as_date(query: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(query)
    except ValueError:
        return None


def _query_as_amount(query: str) -> Decimal | None:
    # Customers copy amounts as shown ("1,280.00"); thousands separators are noise.
    cleaned = query.replace(",", "").replace("\uff0c", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount <= 0:
        return None
    return amount


def transaction_list_for_customer(
    *, customer: "User", query: str = ""
) -> QuerySet[Transaction]:
    """The customer's own transactions, newest first, optionally searched.

    query matches part of the reference, a day as YYYY-MM-DD (in the site's time
    zone) or an exact amount ("100" finds 100.00). Never returns another owner's
    records, whatever the query; characters no reference holds (NUL) are ignored.
    """
    records = Transaction.objects.owned_by(customer)
    # A NUL matches no reference, and PostgreSQL refuses it in a text parameter.
    query = query.replace("\x00", "").strip()
    if query:
        matches = Q(reference__icontains=query)
        if (day := _query_as_date(query)) is not None:
            matches |= Q(occurred_at__date=day)
        if (amount := _query_as_amount(query)) is not None:
            matches |= Q(amount=amount)
        records = records.filter(matches)
    return records.order_by("-occurred_at", "-pk")
