"""Wallet transactions per local day (TransactionDay), kept as records are inserted.

The report's transaction count (the denominator of complaint rates) counted the
period's ledger rows: at a million tickets, four million transactions, half a
second for a year. Ledger records are inserted and never edited or deleted in
the product (reports.models.TransactionDay), so each insert adds to its local
day's row in the inserting transaction: a single save through post_save, the
ledger import through transactions.signals.ledger_records_created. Writes past
both (the volume seeder's COPY) are counted again by rollups_rebuild
(transaction_days_rebuild), which reports the days it corrected.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from config.upserts import counter_add
from reports.models import TransactionDay
from reports.rollups.entries import local_day
from transactions.models import Transaction
from transactions.signals import ledger_records_created


def transactions_count(records: Iterable[Transaction], *, sign: int = 1) -> None:
    """Add the records to their local days' counts (inside their transaction)."""
    days = Counter(local_day(record.occurred_at) for record in records)
    for day, count in sorted(days.items()):
        counter_add(
            TransactionDay, key={"day": day}, counter="count", delta=sign * count
        )


def _saved(
    sender: type, instance: Transaction, created: bool = False, **kwargs: object
) -> None:
    if created:
        transactions_count([instance])


def _deleted(sender: type, instance: Transaction, **kwargs: object) -> None:
    transactions_count([instance], sign=-1)


def _imported(sender: type, records: list[Transaction], **kwargs: object) -> None:
    transactions_count(records)


def connect() -> None:
    post_save.connect(_saved, sender=Transaction, dispatch_uid="txday_saved")
    post_delete.connect(_deleted, sender=Transaction, dispatch_uid="txday_deleted")
    ledger_records_created.connect(_imported, dispatch_uid="txday_imported")


def transaction_days_rebuild(
    *, start: date | None = None, end: date | None = None
) -> list[tuple[date, int, int]]:
    """Count the transactions of the local days [start, end) again; correct the rows.

    None is open-ended. One grouped query over the ledger rows of the range.
    Returns the days corrected with their old and new counts.
    """
    zone = timezone.get_default_timezone()
    rows = Transaction.objects.all()
    if start is not None:
        rows = rows.filter(occurred_at__gte=datetime.combine(start, time.min, zone))
    if end is not None:
        rows = rows.filter(occurred_at__lt=datetime.combine(end, time.min, zone))
    counted = Counter(
        {
            row["local"]: row["n"]
            for row in rows.annotate(local=TruncDate("occurred_at", tzinfo=zone))
            .values("local")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    kept = TransactionDay.objects.all()
    if start is not None:
        kept = kept.filter(day__gte=start)
    if end is not None:
        kept = kept.filter(day__lt=end)
    stored = dict(kept.values_list("day", "count"))
    corrections = [
        (day, stored.get(day, 0), counted.get(day, 0))
        for day in sorted(set(stored) | set(counted))
        if stored.get(day, 0) != counted.get(day, 0)
    ]
    for day, _was, now in corrections:
        TransactionDay.objects.update_or_create(day=day, defaults={"count": now})
    return corrections
