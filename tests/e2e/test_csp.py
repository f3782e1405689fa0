"""The Content-Security-Policy in a real browser: the main pages of the portal,
the agent workspace, the reports and the API docs raise no CSP violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.e2e.staff_sign_in import second_factor_give
from tests.factories import PASSWORD, AgentFactory, ManagerFactory, TicketFactory

pytestmark = pytest.mark.e2e


def _violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return found


def _login(page: Page, url: str, username: str) -> None:
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").last.click()
    # Managers give a second factor (WALLETDESK_MFA_REQUIRED_ROLES).
    second_factor_give(page)
    page.wait_for_load_state("networkidle")


def _visit(page: Page, urls: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    found = _violations(page)
    for url in urls:
        before = len(found)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        seen[url] = found[before:]
    return {url: errors for url, errors in seen.items() if errors}


def test_portal_pages_raise_no_csp_violations(
    live_server, page: Page, transactional_db
):
    ticket = TicketFactory()
    base = live_server.url
    public = _visit(
        page,
        [
            base + "/",
            base + reverse("accounts:login"),
            base + reverse("accounts:signup"),
            base + reverse("complaints:track"),
            base + reverse("knowledgebase:faq_index"),
        ],
    )
    _login(page, base + reverse("accounts:login"), ticket.customer.username)
    signed_in = _visit(
        page,
        [
            base + reverse("complaints:ticket_list"),
            base + reverse("complaints:ticket_start"),
            base + reverse("complaints:ticket_create", args=["wrong-recipient"]),
            base + ticket.get_absolute_url(),
            base + reverse("complaints:notice_list"),
        ],
    )
    assert public == {}
    assert signed_in == {}


def test_workspace_reports_and_api_docs_raise_no_csp_violations(
    live_server, page: Page, transactional_db
):
    ticket = TicketFactory()
    agent = AgentFactory()
    base = live_server.url
    _login(page, base + reverse("admin:login"), agent.username)
    workspace = _visit(
        page,
        [
            base + reverse("admin:index"),
            base + reverse("admin:complaints_ticket_changelist"),
            base + reverse("admin:complaints_ticket_change", args=[ticket.pk]),
        ],
    )
    page.context.clear_cookies()
    _login(page, base + reverse("accounts:login"), ManagerFactory().username)
    other = _visit(page, [base + reverse("reports:report"), base + reverse("api_docs")])
    assert workspace == {}
    assert other == {}
