"""A supervisor enrols an authenticator app and signs in to the admin with a code."""

import time

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, SupervisorFactory
from tests.second_factor import totp_code

pytestmark = pytest.mark.e2e

TOTP_PERIOD = 30


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "locale": "en-US",
        "viewport": {"width": 1280, "height": 900},
    }


def _next_code_window() -> None:
    # A code works once: the sign-in after enrolling waits for the app's next code.
    time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 1)


def test_supervisor_enrols_totp_and_signs_in_to_the_admin_with_a_code(
    live_server, page: Page, transactional_db, screenshots
):
    supervisor = SupervisorFactory(username="lead", second_factor=False)
    base = live_server.url

    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=%2Fadmin%2F")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    # No second factor yet: the admin sends the supervisor to enrol one.
    expect(page).to_have_url(f"{base}/accounts/2fa/")
    expect(page.locator("[data-test=flash]")).to_contain_text("second factor")
    screenshots.take(page, "kept-on-enrolment")

    page.goto(f"{base}/accounts/2fa/totp/activate/")
    # allauth asks for the password again before a second factor changes.
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    expect(page.locator("#authenticator_secret")).to_be_visible()
    screenshots.take(page, "activate-authenticator-app")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", "000000" if totp_code(secret) != "000000" else "111111")
    page.locator("form:has(#id_code) [type=submit]").click()
    expect(page.locator("#id_code")).to_be_visible()
    page.fill("#id_code", totp_code(secret))
    page.locator("form:has(#id_code) [type=submit]").click()
    expect(page).not_to_have_url(f"{base}/accounts/2fa/totp/activate/")
    screenshots.take(page, "enrolled")

    page.goto(f"{base}/accounts/2fa/recovery-codes/")
    expect(page.locator("body")).to_contain_text("recovery codes")
    screenshots.take(page, "recovery-codes")

    page.goto(f"{base}/admin/")
    expect(page.locator("#user-tools")).to_be_visible()
    page.locator("#logout-form [type=submit]").click()
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=%2Fadmin%2F")

    _next_code_window()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    expect(page.locator("#id_code")).to_be_visible()
    screenshots.take(page, "asked-for-the-code")
    page.fill("#id_code", "999999" if totp_code(secret) != "999999" else "888888")
    page.locator("form:has(#id_code) [type=submit]").click()
    expect(page.locator("#id_code")).to_be_visible()
    screenshots.take(page, "wrong-code-refused")
    page.fill("#id_code", totp_code(secret))
    page.locator("form:has(#id_code) [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
    screenshots.take(page, "admin-after-code")
