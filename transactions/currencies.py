"""The currencies and assets the ledger holds, for staff filters."""

from transactions.models import Transaction


def ledger_currencies() -> list[str]:
    """Every currency of the ledger, in order: one probe of the currency index each.

    SELECT DISTINCT read the whole table on every view of the transactions
    list (5,000,000 rows at a million tickets: 0.74 s, 0.25 s through the
    currency index); each probe here asks the index for the first currency
    after the last one found (1.5-1.8 ms for three currencies).
    """
    found: list[str] = []
    rows = Transaction.objects.order_by("currency").values_list("currency", flat=True)
    while (
        following := (rows.filter(currency__gt=found[-1]) if found else rows).first()
    ) is not None:
        found.append(following)
    return found
