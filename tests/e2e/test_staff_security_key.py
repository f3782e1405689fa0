"""A supervisor enrols a security key (WebAuthn) and signs in to the admin with it.

Chromium's virtual authenticator (DevTools protocol) stands in for the key: the
browser runs allauth's own WebAuthn scripts under our content security policy,
and the server checks the real attestation and assertion.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, SupervisorFactory

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _browser_origin(settings) -> None:
    # The live server is http://localhost; browsers allow WebAuthn there, and
    # allauth must accept that origin (as in development, DJANGO_DEBUG on).
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "locale": "en-US",
        "viewport": {"width": 1280, "height": 900},
    }


def _security_key(page: Page) -> None:
    """Plug a virtual FIDO2 key into this page's browser; it answers at once."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def _password_step(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()


def test_supervisor_enrols_a_security_key_and_signs_in_with_it(
    live_server, page: Page, transactional_db, screenshots
):
    supervisor = SupervisorFactory(username="keyholder", second_factor=False)
    base = live_server.url
    _security_key(page)

    _password_step(page, base, supervisor.username)
    # No second factor yet: held on enrolment.
    expect(page).to_have_url(f"{base}/accounts/2fa/")

    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    # allauth asks for the password again before a second factor changes.
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    expect(page.locator("#mfa_webauthn_add")).to_be_visible()
    page.fill("#id_name", "Desk key")
    screenshots.take(page, "add-security-key")
    page.locator("#mfa_webauthn_add").click()
    expect(page).not_to_have_url(f"{base}/accounts/2fa/webauthn/add/")
    page.goto(f"{base}/accounts/2fa/webauthn/")
    expect(page.locator("main")).to_contain_text("Desk key")
    screenshots.take(page, "security-key-listed")

    # The admin opens now, then sign out and in again with the key.
    page.goto(f"{base}/admin/")
    expect(page.locator("#user-tools")).to_be_visible()
    page.locator("#logout-form [type=submit]").click()
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=%2Fadmin%2F")

    _password_step(page, base, supervisor.username)
    expect(page.locator("#mfa_webauthn_authenticate")).to_be_visible()
    screenshots.take(page, "asked-for-a-second-factor")
    page.locator("#mfa_webauthn_authenticate").click()
    expect(page.locator("#user-tools")).to_be_visible()
    screenshots.take(page, "admin-after-security-key")


def test_a_key_the_server_never_saw_does_not_sign_in(
    live_server, page: Page, transactional_db
):
    # A supervisor whose only factor is a TOTP app: the browser's key holds no
    # credential for this site, so "use a security key" leaves them outside.
    supervisor = SupervisorFactory(username="apponly")
    base = live_server.url
    _security_key(page)
    _password_step(page, base, supervisor.username)
    expect(page.locator("#mfa_webauthn_authenticate")).to_be_visible()
    page.locator("#mfa_webauthn_authenticate").click()
    page.goto(f"{base}/admin/")
    expect(page).not_to_have_url(f"{base}/admin/")
