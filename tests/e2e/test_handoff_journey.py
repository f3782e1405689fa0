"""The wallet app opens support by hand-off link, on a phone, in Chinese.

The core provisions the customer and asks for a link that preselects one of their
transactions; the customer lands signed in, picks what happened and files a
ticket on that transaction without ever typing a password.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, expect

from complaints.models import Ticket
from identity.handoff import handoff_customer, handoff_target, signin_link_issue
from tests.e2e.conftest import Screenshots
from tests.e2e.test_customer_journey import PHONE, open_page
from tests.factories import TransactionFactory
from tests.identity.conftest import provision
from transactions.models import Transaction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_customer_arrives_by_hand_off_link_and_files_on_the_preselected_transaction(
    live_server, browser: Browser, screenshots: Screenshots
) -> None:
    customer = provision("8804001", display_name="王小明")
    failed = TransactionFactory(
        owner=customer,
        reference="TX2026120001",
        type=Transaction.Type.TRANSFER_OUT,
        status=Transaction.Status.FAILED,
        amount=Decimal("320.00"),
        counterparty_name="李娜",
    )
    TransactionFactory(owner=customer, reference="TX2026120002")
    account = handoff_customer(account_id="8804001")
    _link, url = signin_link_issue(
        customer=account,
        next_path=handoff_target(
            customer=account, transaction_reference=failed.reference
        ),
    )
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    page = open_page(browser, locale="zh-CN", viewport=PHONE, phone=True)

    # The static script presses "Continue": the app's webview lands signed in.
    page.goto(live_server.url + path)
    expect(page.locator('[data-test="preselected-transaction"]')).to_contain_text(
        failed.reference
    )
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator('[data-test="user-name"]')).to_have_text("王小明")
    screenshots.take(page, "landed-on-filing")

    page.click('[data-test="situation-transfer-failed"]')
    picked = page.locator(f'[data-test="transaction-{failed.reference}"]')
    expect(picked).to_be_checked()
    page.fill("#id_subject", "转账失败但钱被扣了")
    page.fill("#id_description", "给李娜转账 320 元显示失败 但余额少了。")
    screenshots.take(page, "form-preselected")
    page.click('[data-test="submit-ticket"]')
    expect(page.locator('[data-test="ticket-reference"]')).to_be_visible()
    screenshots.take(page, "submitted")

    ticket = Ticket.objects.get(customer=customer)
    assert ticket.language == "zh-hans"
    assert list(ticket.transaction_links.values_list("transaction", flat=True)) == [
        failed.pk
    ]

    # The same link again, as a replay: refused with a page in Chinese.
    page.goto(live_server.url + path)
    expect(page.locator('[data-test="handoff-refused"]')).to_contain_text("无法使用")
    screenshots.take(page, "replay-refused")
