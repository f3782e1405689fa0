# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""The agent's desk in a browser: search, the customer whole, a macro (Chromium)."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from complaints import workflow
from complaints.models import CannedReply, Ticket, TicketHold
from complaints.services import message_add
from tests.e2e.staff_sign_in import staff_sign_in
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    TicketFactory,
    TransactionFactory,
)
from transactions.models import Transaction

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The narrowest desk screen the list is laid out for.
    return {
        **browser_context_args,
        "locale": "en-US",
        "viewport": {"width": 1280, "height": 900},
    }


def test_agent_finds_a_chinese_reply_sees_the_customer_and_holds_with_a_macro(
    live_server, page: Page, transactional_db, screenshots
):
    agent = AgentFactory(username="desk-agent", first_name="Li")
    customer = CustomerFactory(
        first_name="伟", last_name="张", preferred_language="zh-hans"
    )
    earlier = TicketFactory(
        customer=customer, subject="上个月的手续费", language="zh-hans"
    )
    ticket = TicketFactory(
        customer=customer,
        subject="扫码付款失败",
        description="超市扫码付款失败，但是银行卡被扣款了。",
        language="zh-hans",
    )
    disputed = ticket.transaction_links.get().transaction
    top_up = TransactionFactory(
        owner=customer,
        type=Transaction.Type.TOP_UP,
        occurred_at=disputed.occurred_at - timedelta(days=1),
    )
    message_add(ticket=ticket, author=customer, body="我又试了一次，还是显示交易失败。")
    ticket.refresh_from_db()  # the acknowledgement (eager here) moved it on
    if ticket.status == Ticket.Status.RECEIVED:
        workflow.ticket_transition(
            ticket=ticket, to_status=Ticket.Status.ACKNOWLEDGED, actor=agent
        )
    workflow.ticket_transition(
        ticket=ticket, to_status=Ticket.Status.INVESTIGATING, actor=agent
    )
    TicketFactory(description="另一位客户：转账失败了。", language="zh-hans")
    CannedReply.objects.create(
        title="已提交支付渠道核查",
        language="zh-hans",
        kind=Ticket.Kind.COMPLAINT,
        body="{customer_name}，您好：交易 {transaction_reference} 已提交支付渠道核查。",
        action=CannedReply.Action.WAIT_THIRD_PARTY,
    )

    staff_sign_in(page, live_server.url, agent.username)
    page.goto(f"{live_server.url}/admin/complaints/ticket/")
    page.fill("#searchbar", "还是显示交易失败")
    page.press("#searchbar", "Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(ticket.reference)
    expect(rows.first.locator("mark").first).to_be_visible()
    # At 1280 px the identifying cells keep to one line each.
    line = rows.first.locator(".field-customer").bounding_box()["height"]
    for column in ("reference", "status_display", "sla_display"):
        cell = rows.first.locator(f".field-{column}").bounding_box()
        assert cell["height"] <= line + 1, column
    screenshots.take(page, "search-results")

    rows.first.locator(f"text={ticket.reference}").click()
    # The customer's other tickets and transactions are drawn when opened.
    page.click("#wd-customer-part summary")
    others = page.locator("#wd-customer-tickets")
    expect(others).to_contain_text(earlier.reference)
    transactions = page.locator("#wd-customer-transactions")
    expect(transactions).to_contain_text("Top-up")
    expect(transactions).to_contain_text("(this ticket)")
    expect(transactions.locator(f"[title='{top_up.reference}']")).to_have_count(1)
    expect(page.locator("#wd-account-status")).to_have_text("Active")
    screenshots.take(page, "case-with-customer")

    page.select_option(
        "#wd-canned", label="已提交支付渠道核查 (Reply and wait on a third party)"
    )
    expect(page.locator("#wd-body")).to_have_value(
        f"张伟，您好：交易 {disputed.reference} 已提交支付渠道核查。"
    )
    page.click("#wd-send")
    expect(page.locator(".messagelist")).to_contain_text("waits on a third party")
    expect(page.locator("#wd-hold")).to_have_text("Waiting on a third party")
    expect(page.locator(".wd-msg-public")).to_contain_text("已提交支付渠道核查")
    screenshots.take(page, "replied-and-on-hold")

    hold = TicketHold.objects.get(ticket=ticket, ended_at__isnull=True)
    assert hold.waiting_on == TicketHold.WaitingOn.THIRD_PARTY
    assert ticket.messages.filter(is_internal=False, author=agent).count() == 1

    # On a phone the case page fits the screen, a long canned reply's title
    # included: nothing scrolls sideways.
    CannedReply.objects.create(
        title="退款已原路退回银行卡：银行参考号、到账时间与在账单中找到这笔退款的方法",
        language="zh-hans",
        kind=Ticket.Kind.COMPLAINT,
        body="{customer_name}，您好：退款已原路退回。",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#wd-canned")).to_contain_text("退款已原路退回银行卡")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshots.take(page, "case-on-a-phone")
