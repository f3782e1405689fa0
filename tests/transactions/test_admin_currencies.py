"""The staff transactions list filters by the ledger's currencies."""

import pytest
from django.urls import reverse

from tests.factories import SupervisorFactory, TransactionFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:transactions_transaction_changelist")


def test_the_currency_filter_offers_each_currency_once_and_narrows_the_list(
    client, django_assert_num_queries
):
    for currency in ("USDT", "CNY", "USD", "CNY", "USDT"):
        TransactionFactory(currency=currency)
    client.force_login(SupervisorFactory())
    client.get(URL)  # the session and the admin's caches are warm

    # Session, user, the bounded count (two), the page; the currency filter:
    # one index probe per currency and one that finds none.
    with django_assert_num_queries(9):
        page = client.get(URL)

    offered = [
        choice["display"]
        for spec in page.context["cl"].filter_specs
        if getattr(spec, "parameter_name", "") == "currency"
        for choice in spec.choices(page.context["cl"])
    ]
    assert offered[1:] == ["CNY", "USD", "USDT"]  # after "All"
    narrowed = client.get(URL, {"currency": "USDT"}).context["cl"].result_list
    assert [record.currency for record in narrowed] == ["USDT", "USDT"]


def test_an_empty_ledger_offers_no_currency_filter(client):
    client.force_login(SupervisorFactory())
    page = client.get(URL)
    assert page.status_code == 200
    names = [getattr(s, "parameter_name", "") for s in page.context["cl"].filter_specs]
    assert "currency" not in names
