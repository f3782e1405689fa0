"""A customer turns on notices by SMS on the settings page, on a phone, in Chinese."""

import pytest
from playwright.sync_api import Browser, expect

import sms
from accounts.models import User
from complaints.models import Notice
from complaints.notices import notice_deliver
from tests.e2e.conftest import Screenshots
from tests.factories import PASSWORD, CustomerFactory, TicketFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_customer_chooses_sms_and_gets_the_next_notice_by_text(
    live_server, browser: Browser, screenshots: Screenshots, settings
) -> None:
    settings.WALLETDESK_SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    customer = CustomerFactory(preferred_language="zh-hans", phone="+8613800138000")
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", customer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(live_server.url + "/accounts/settings/")

    channels = page.locator('[data-test="notice-channels"]')
    expect(channels).to_contain_text("我们如何通知您工单进展")
    expect(page.locator('[data-test="notify_by_email"]')).to_be_checked()
    expect(page.locator('[data-test="notify_by_sms"]')).not_to_be_checked()
    page.locator('[data-test="notify_by_sms"]').check()
    page.locator('[data-test="channels-save"]').click()
    expect(page.locator('[data-test="flash"]')).to_contain_text("您的通知方式已保存")
    expect(page.locator('[data-test="notify_by_sms"]')).to_be_checked()
    screenshots.take(page, "settings-sms-on")
    context.close()

    assert User.objects.get(pk=customer.pk).notify_by_sms is True
    ticket = TicketFactory(customer=customer, language="zh-hans")
    notice = Notice.objects.get(ticket=ticket)
    notice_deliver(notice_id=notice.pk)
    (text,) = sms.outbox
    assert text.to == "+8613800138000"
    assert text.body.startswith(f"【Walletdesk】已收到您的工单 {ticket.reference}")
