from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from tests.factories import CustomerFactory, TransactionFactory
from transactions.models import Transaction
from transactions.selectors import transaction_list_for_customer

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def ledger(customer: User) -> dict[str, Transaction]:
    """Three records of the customer and one of someone else matching every query."""
    other = CustomerFactory()
    return {
        "old": TransactionFactory(
            owner=customer,
            reference="P2026030100017",
            amount=Decimal("1280.00"),
            occurred_at=datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI),
        ),
        # 01:00 in Shanghai is still the previous day in UTC.
        "late_night": TransactionFactory(
            owner=customer,
            reference="P2026030200042",
            amount=Decimal("99.50"),
            occurred_at=datetime(2026, 3, 2, 1, 0, tzinfo=SHANGHAI),
        ),
        "new": TransactionFactory(
            owner=customer,
            reference="T8800123",
            amount=Decimal("100"),
            currency="USD",
            occurred_at=datetime(2026, 3, 5, 12, 0, tzinfo=SHANGHAI),
        ),
        "other": TransactionFactory(
            owner=other,
            reference="P2026030100099",
            amount=Decimal("1280.00"),
            occurred_at=datetime(2026, 3, 2, 1, 30, tzinfo=SHANGHAI),
        ),
    }


def _references(customer: User, query: str = "") -> list[str]:
    return [
        record.reference
        for record in transaction_list_for_customer(customer=customer, query=query)
    ]


def test_transaction_list_shows_only_own_records_newest_first(
    customer: User, ledger: dict[str, Transaction], django_assert_num_queries
):
    with django_assert_num_queries(1):  # the customer's transactions, one page
        references = _references(customer)

    assert references == ["T8800123", "P2026030200042", "P2026030100017"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("P20260301", ["P2026030100017"]),
        ("  t8800  ", ["T8800123"]),
        ("1280", ["P2026030100017"]),
        ("1,280.00", ["P2026030100017"]),
        ("100.00", ["T8800123"]),
        ("99.5", ["P2026030200042"]),
        ("2026-03-02", ["P2026030200042"]),
        ("2026-03-05", ["T8800123"]),
        ("2026-04-01", []),
        ("nothing-like-this", []),
    ],
)
def test_transaction_list_search_finds_by_reference_day_or_amount(
    customer: User, ledger: dict[str, Transaction], settings, query, expected
):
    settings.TIME_ZONE = "Asia/Shanghai"

    assert _references(customer, query) == expected


@pytest.mark.parametrize("query", ["P2026030100099", "1280", "2026-03-02", "P2026"])
def test_transaction_list_search_never_returns_another_customers_record(
    customer: User, ledger: dict[str, Transaction], query
):
    assert "P2026030100099" not in _references(customer, query)


def test_transaction_list_search_ignores_nul_characters(
    customer: User, ledger: dict[str, Transaction]
):
    # PostgreSQL refuses NUL in a text parameter; no reference holds one.
    assert _references(customer, "P2026\x00") == _references(customer, "P2026")


def test_transaction_list_search_ignores_numbers_that_are_not_amounts(
    customer: User, ledger: dict[str, Transaction]
):
    assert _references(customer, "NaN") == []
    assert _references(customer, "-100") == []
