"""Admin lists over tables that grow with every ticket count a few pages ahead.

At 1,000,000 tickets the wallet's transactions are 4,100,000 rows: a full count
on every page view of their list. The bounded lists say "more than" and offer
no "Show all" (which would list the whole table) once the count is capped.
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from tests.factories import SupervisorFactory, TransactionFactory
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

URL = reverse("admin:transactions_transaction_changelist")


def _rows(page: str) -> int:
    return page.count('<th class="field-reference">')


@pytest.fixture
def short_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # One row a page, one page ahead: the count stops at 3.
    monkeypatch.setattr(admin.site._registry[Transaction], "list_per_page", 1)
    monkeypatch.setattr("config.admin_paging.PAGES_AHEAD", 1)


def test_a_long_transaction_list_says_more_than_and_offers_no_show_all(
    client, short_pages
) -> None:
    TransactionFactory.create_batch(5)
    client.force_login(SupervisorFactory())
    page = client.get(URL).content.decode()
    assert "more than 2 transactions" in page
    assert 'class="showall"' not in page
    assert _rows(client.get(URL, {"all": ""}).content.decode()) == 1


def test_the_count_says_more_than_in_chinese(client, short_pages) -> None:
    TransactionFactory.create_batch(5)
    client.force_login(SupervisorFactory())
    with translation.override("zh-hans"):
        name = str(Transaction._meta.verbose_name_plural)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"{name}超过 2 条" in page


def test_a_short_transaction_list_is_counted_whole(client, short_pages) -> None:
    TransactionFactory.create_batch(2)
    client.force_login(SupervisorFactory())
    page = client.get(URL).content.decode()
    assert "2 transactions" in page
    assert "more than" not in page
    assert _rows(client.get(URL, {"all": ""}).content.decode()) == 2
