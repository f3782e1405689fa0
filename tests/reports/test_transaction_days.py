"""The report's transaction count from the day counts equals the ledger's rows.

The counts are kept as records are inserted (one save, a ledger import) and
counted again by rollups_rebuild for writes past both; a period ending inside a
day counts that part-day from the ledger.
"""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from reports.models import TransactionDay
from reports.selectors import ReportFilter
from reports.selectors.scope import report_transactions
from tests.factories import CustomerFactory, TransactionFactory
from transactions.importing import ledger_import
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Asia/Shanghai")


def _ledger(count: int, first: datetime) -> list[dict[str, str]]:
    owner = CustomerFactory(username="payer")
    return [
        {
            "reference": f"R{index:04d}",
            "owner": owner.username,
            "type": "transfer_out",
            "amount": "10.00",
            "currency": "CNY",
            "status": "completed",
            "occurred_at": (first + timedelta(hours=7 * index)).isoformat(),
        }
        for index in range(count)
    ]


def _counted(start: datetime, end: datetime) -> int:
    return Transaction.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end
    ).count()


def test_imported_and_saved_records_are_counted_by_local_day():
    # 23:30 local on 1 March: the first record is that local day's, not UTC's.
    first = datetime(2026, 3, 1, 23, 30, tzinfo=ZONE)
    result = ledger_import(rows=_ledger(12, first))
    assert result.imported == 12
    TransactionFactory(occurred_at=datetime(2026, 3, 2, 0, 10, tzinfo=ZONE))
    assert TransactionDay.objects.get(day="2026-03-01").count == 1
    periods = [
        (datetime(2026, 3, 1, tzinfo=ZONE), datetime(2026, 3, 5, tzinfo=ZONE)),
        (datetime(2026, 3, 2, tzinfo=ZONE), datetime(2026, 3, 3, tzinfo=ZONE)),
        # Ending (and starting) inside a day: the part-days from the ledger.
        (datetime(2026, 3, 1, 12, tzinfo=ZONE), datetime(2026, 3, 3, 9, tzinfo=ZONE)),
        (datetime(2026, 3, 2, 1, tzinfo=ZONE), datetime(2026, 3, 2, 20, tzinfo=ZONE)),
    ]
    for start, end in periods:
        assert report_transactions(
            filters=ReportFilter(start=start, end=end)
        ) == _counted(start, end)


def test_rebuild_corrects_the_day_counts_and_says_so():
    TransactionFactory(occurred_at=datetime(2026, 3, 2, 9, tzinfo=ZONE))
    TransactionDay.objects.filter(day="2026-03-02").update(count=5)
    out = StringIO()
    call_command("rollups_rebuild", stdout=out)
    assert "d 2026-03-02 txn  : 5 -> 1" in out.getvalue()
    assert TransactionDay.objects.get(day="2026-03-02").count == 1
