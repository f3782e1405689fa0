"""Browser journey: an agent freezes an account, the wallet core confirms, the
customer reads it in Chinese (the simulator runs as a real process)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from complaints.models import Ticket
from integrations.api_keys import api_key_issue
from tests.e2e.conftest import Screenshots
from tests.e2e.staff_sign_in import staff_sign_in
from tests.factories import PASSWORD, AgentFactory, CustomerFactory, TicketFactory
from tests.wallet_actions.conftest import core_endpoint_create
from tests.wallet_actions.simulator import core_running

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def test_agent_freezes_and_the_customer_reads_it_in_chinese(
    live_server,
    transactional_db,
    browser: Browser,
    settings,
    tmp_path,
    screenshots: Screenshots,
) -> None:
    settings.SITE_URL = live_server.url
    endpoint = core_endpoint_create()
    _key, api_key = api_key_issue(name="wallet core", actor=None)
    agent = AgentFactory(username="agent")
    customer = CustomerFactory(preferred_language="zh-hans")
    ticket = TicketFactory(
        customer=customer,
        category=Ticket.Category.UNAUTHORIZED,
        language="zh-hans",
        subject="Payment I never made",
    )
    with core_running(
        secret=endpoint.secret, api_key=api_key, log=tmp_path / "core.log", delay=0.5
    ) as core:
        endpoint.url = f"{core.url}/actions"
        endpoint.save()

        staff = browser.new_context(
            locale="en-US", viewport={"width": 1400, "height": 1000}
        )
        page: Page = staff.new_page()
        page.set_default_timeout(15_000)
        staff_sign_in(page, live_server.url, agent.username)
        page.goto(f"{live_server.url}/admin/complaints/ticket/{ticket.pk}/change/")
        # The request form is drawn when "Ask the wallet" is opened.
        page.click('[data-test="wallet-ask"] summary')
        form = page.locator('[data-test="wallet-action-form"]')
        form.locator("#id_wallet-kind").select_option("account_freeze")
        form.locator("#id_wallet-reason").select_option("unauthorized_transaction")
        screenshots.take(page, "freeze-form")
        form.locator("button[type=submit]").click()
        expect(page.locator(".messagelist")).to_contain_text("Account freeze")
        row = page.locator('[data-test="wallet-action"][data-kind="account_freeze"]')
        expect(row).to_have_count(1)
        # The simulator answers after half a second; the agent reloads the case.
        for _attempt in range(20):
            page.reload()
            if row.get_attribute("data-state") == "confirmed":
                break
            page.wait_for_timeout(500)
        expect(row).to_have_attribute("data-state", "confirmed")
        expect(row).to_contain_text("Confirmed by the wallet")
        expect(row).to_contain_text("SIM-")
        screenshots.take(page, "freeze-confirmed")
        staff.close()

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", customer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.goto(live_server.url + ticket.get_absolute_url())
    status = page.locator('[data-test="wallet-action"]')
    expect(status).to_have_attribute("data-state", "confirmed")
    expect(status).to_contain_text("为保护您的资金安全")
    expect(page.locator('[data-test="wallet-actions"]')).to_contain_text("您的钱包")
    screenshots.take(page, "customer-sees-freeze-zh")
    context.close()
