"""A customer finds their API token on the settings page and revokes it, on a phone."""

import pytest
from playwright.sync_api import Browser, expect
from rest_framework.authtoken.models import Token

from accounts.tokens import token_issue
from tests.e2e.conftest import Screenshots
from tests.factories import PASSWORD, CustomerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    ("locale", "revoke_label"),
    [("en-GB", "Revoke the API token"), ("zh-CN", "撤销 API 令牌")],
)
def test_customer_revokes_their_api_token_on_a_phone(
    live_server, browser: Browser, screenshots: Screenshots, locale, revoke_label
) -> None:
    customer = CustomerFactory(preferred_language=locale[:2].replace("zh", "zh-hans"))
    token_issue(user=customer)
    context = browser.new_context(
        locale=locale, viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", customer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # The settings page is in the user menu, behind the phone's menu button.
    page.click(".navbar-toggler")
    page.click('[data-test="nav-settings"]')
    page.wait_for_url("**/accounts/settings/")
    expect(page.locator('[data-test="api-access"]')).to_be_visible()
    button = page.get_by_role("button", name=revoke_label)
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    screenshots.take(page, "settings-with-token")

    button.click()
    expect(page.locator('[data-test="flash"]')).to_be_visible()
    expect(page.locator('[data-test="token-revoke"]')).to_have_count(0)
    screenshots.take(page, "settings-revoked")
    assert not Token.objects.filter(user=customer).exists()
    context.close()
