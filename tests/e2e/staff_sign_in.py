"""Staff sign in to the admin in the browser: the portal's log-in, then the code."""

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, TOTP_SECRET
from tests.second_factor import totp_code


def staff_sign_in(
    page: Page, base_url: str, username: str, *, secret: str = TOTP_SECRET
) -> None:
    """Open /admin/login/, give the password and, when asked, the TOTP code."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    second_factor_give(page, secret=secret)
    expect(page.locator("#user-tools")).to_be_visible()


def second_factor_give(page: Page, *, secret: str = TOTP_SECRET) -> None:
    """After the password: type the TOTP code if the log-in asks for one."""
    page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:
        page.fill("#id_code", totp_code(secret))
        page.locator("form:has(#id_code) [type=submit]").click()
        page.wait_for_load_state()
