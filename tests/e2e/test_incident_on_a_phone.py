"""A customer on a phone, in Chinese, during an outage: the banner on the home page,
the public status page, and their ticket showing the incident's updates; axe-core
finds no serious or critical violation on those pages.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, expect

from incidents.services import incident_update_post
from tests.e2e.conftest import Screenshots
from tests.e2e.test_accessibility import PHONE, _blocking, _violations
from tests.factories import CustomerFactory, SupervisorFactory, TicketFactory
from tests.incidents.helpers import declare_transfer_outage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_customer_on_a_phone_in_chinese_sees_the_incident_everywhere(
    live_server, browser: Browser, screenshots: Screenshots
) -> None:
    supervisor = SupervisorFactory()
    incident = declare_transfer_outage(actor=supervisor)
    incident_update_post(
        incident=incident,
        state="identified",
        body_zh_hans="原因已查明 正在修复",
        body_en="Cause found, fix under way",
        actor=supervisor,
    )
    customer = CustomerFactory(preferred_language="zh-hans")
    ticket = TicketFactory(customer=customer, language="zh-hans")
    client = Client()
    client.force_login(customer)

    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": "zh-hans",
                "url": live_server.url,
            },
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    axe = Axe()
    found: dict[str, list[str]] = {}

    page.goto(live_server.url + "/")
    banner = page.locator('[data-test="incident-banner"]')
    expect(banner).to_contain_text("转账失败")
    expect(banner).to_contain_text("原因已查明 正在修复")
    screenshots.take(page, "home-banner")
    found["home"] = _violations(axe.run(page).response)

    page.goto(live_server.url + reverse("incidents:status"))
    expect(page.locator('[data-test="status-incident"]')).to_contain_text("转账失败")
    expect(page.locator("h1")).to_have_text("服务状态")
    screenshots.take(page, "status")
    found["status"] = _violations(axe.run(page).response)

    page.goto(live_server.url + ticket.get_absolute_url())
    panel = page.locator('[data-test="ticket-incident"]')
    expect(panel).to_contain_text("您的工单属于一个已知问题")
    expect(panel.locator('[data-test="ticket-incident-update"]')).to_have_count(2)
    expect(panel).to_contain_text("原因已查明 正在修复")
    screenshots.take(page, "ticket")
    found["ticket"] = _violations(axe.run(page).response)

    page.goto(
        live_server.url + reverse("complaints:ticket_create", args=["transfer-failed"])
    )
    expect(page.locator('[data-test="incident-hint"]')).to_be_visible()
    found["form"] = _violations(axe.run(page).response)
    page.locator('[data-test="incident-wait"]').first.click()
    expect(page.locator('[data-test="incident-waiting"]')).to_be_visible()
    screenshots.take(page, "waiting")
    found["waiting"] = _violations(axe.run(page).response)
    context.close()

    blocking = {name: _blocking(errors) for name, errors in found.items()}
    assert all(not errors for errors in blocking.values()), blocking
