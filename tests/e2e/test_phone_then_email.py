"""A phone ticket logged by an agent, answered by the customer by email (Chromium)."""

import pytest
from playwright.sync_api import Page, expect

from complaints.models import Notice, Ticket
from complaints.reply_tokens import notice_message_id
from inbound_mail.imap import mailbox_poll
from tests.e2e.staff_sign_in import staff_sign_in
from tests.factories import AgentFactory, CustomerFactory, TransactionFactory
from tests.imap_server import imap_server
from tests.inbound_mail import messages

pytestmark = [pytest.mark.e2e, pytest.mark.imap]
__all__ = ["imap_server"]


def test_agent_logs_a_phone_ticket_and_the_customers_email_reply_shows_on_the_case(
    live_server, page: Page, transactional_db, imap_server, screenshots
):
    agent = AgentFactory(username="phone-agent")
    customer = CustomerFactory(
        first_name="Wei",
        phone="+8613800138000",
        email="wei@customer.example",
        wallet_account_id="WA-1001",
    )
    record = TransactionFactory(owner=customer)

    staff_sign_in(page, live_server.url, agent.username)
    page.goto(f"{live_server.url}/admin/complaints/ticket/")
    page.click("#wd-phone-ticket-link")
    page.fill("#wd-find", "+86 138 0013 8000")
    page.locator("#wd-phone-find [type=submit]").click()
    expect(page.locator("#wd-phone-customer")).to_contain_text("wei@customer.example")
    page.select_option("#id_category", "transfer_failed")
    page.fill("#id_subject", "Transfer failed, reported by phone")
    page.fill("#id_description", "Caller says the transfer to his landlord failed.")
    page.select_option("#id_transaction", str(record.pk))
    screenshots.take(page, "phone-ticket-form")
    page.locator("#wd-phone-ticket [type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Phone ticket")
    ticket = Ticket.objects.get()
    assert ticket.channel == Ticket.Channel.PHONE

    acknowledgement = Notice.objects.filter(ticket=ticket).order_by("pk").first()
    imap_server.append(
        messages.plain(
            "Wei <wei@customer.example>",
            "Re: We received your complaint",
            "Here is the bank's receipt number: 889900." + messages.GMAIL_HISTORY,
            in_reply_to=notice_message_id(notice_id=acknowledgement.pk),
        )
    )
    assert mailbox_poll() == 1

    page.reload()
    expect(page.locator("body")).to_contain_text(
        "Here is the bank's receipt number: 889900."
    )
    expect(page.locator("body")).not_to_contain_text("We received your complaint.")
    screenshots.take(page, "case-with-email-reply")
