"""Browser journeys through the agent workspace in the admin (Chromium from Debian)."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from complaints.models import CannedReply, RefundDecision, Ticket
from complaints.services import RefundInput, refund_decide
from tests.e2e.staff_sign_in import staff_sign_in
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _worker_not_yet_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # The acknowledgement would move the ticket on at once with eager Celery; here
    # the worker has not run yet, so the agent finds the ticket still received.
    monkeypatch.setattr("complaints.tasks.deliver_notice.delay", lambda notice_id: None)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "locale": "en-US",
        "viewport": {"width": 1400, "height": 1000},
    }


def _login(page: Page, live_server, username: str) -> None:
    staff_sign_in(page, live_server.url, username)


def test_agent_works_a_new_ticket_to_resolution(
    live_server, page: Page, transactional_db, screenshots
):
    agent = AgentFactory(username="agent", first_name="Wang")
    customer = CustomerFactory(first_name="Mei")
    ticket = TicketFactory(customer=customer, subject="Transfer never arrived")
    CannedReply.objects.create(
        title="We are on it",
        language="en",
        kind=Ticket.Kind.COMPLAINT,
        body="Dear {customer_name}, we are checking {reference} ({amount}).",
    )

    _login(page, live_server, agent.username)
    page.goto(f"{live_server.url}/admin/complaints/ticket/")
    page.click("#wd-quick-unassigned")
    screenshots.take(page, "unassigned-tickets")
    page.click(f"text={ticket.reference}")
    expect(page.locator("#wd-status")).to_have_text("Received")
    screenshots.take(page, "new-ticket")

    page.click("[data-move=acknowledged]")
    expect(page.locator("#wd-status")).to_have_text("Acknowledged")
    page.click("[data-move=investigating]")
    expect(page.locator("#wd-status")).to_have_text("Investigating")

    # The triage form is drawn when opened; its save comes back to the case.
    page.click("#wd-triage summary")
    page.select_option("#wd-triage-priority", "high")
    screenshots.take(page, "triage-form")
    page.click("#wd-triage-form button[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".wd-head")).to_contain_text("priority High")

    page.select_option("#wd-canned", label="We are on it")
    expect(page.locator("#wd-body")).to_have_value(
        f"Dear Mei, we are checking {ticket.reference} (100.00 CNY)."
    )
    screenshots.take(page, "canned-reply-filled")
    page.click("#wd-send")
    expect(page.locator(".messagelist")).to_contain_text("Reply sent to the customer")
    expect(page.locator(".wd-msg-public")).to_contain_text("we are checking")

    page.click("[data-hold=third_party]")
    expect(page.locator("#wd-hold")).to_have_text("Waiting on a third party")
    screenshots.take(page, "on-hold")
    page.click("#wd-resume")
    expect(page.locator("#wd-hold")).to_have_count(0)

    page.click("#wd-resolve summary")
    page.select_option("#id_outcome", "upheld")
    page.fill("#id_amount", "100")
    page.fill("#id_currency", "CNY")
    page.select_option("#id_root_cause", "third_party")
    page.fill("#id_summary", "The partner bank returned the transfer.")
    screenshots.take(page, "resolve-form")
    page.click("#wd-resolve button[type=submit]")
    expect(page.locator("#wd-status")).to_have_text("Resolved")
    expect(page.locator(".messagelist")).to_contain_text("Resolved: Upheld.")
    screenshots.take(page, "resolved")

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED
    assert ticket.outcome_amount == Decimal(100)
    assert list(ticket.status_changes.values_list("to_status", flat=True)) == [
        "received",
        "acknowledged",
        "investigating",
        "resolved",
    ]


def test_supervisor_approves_a_refund_above_the_limit(
    live_server, page: Page, transactional_db, screenshots, settings
):
    settings.WALLETDESK_REFUND_APPROVAL_LIMIT = Decimal("1000")
    supervisor = SupervisorFactory(username="supervisor")
    customer = CustomerFactory()
    record = TransactionFactory(owner=customer, amount=Decimal("5000"))
    ticket = TicketFactory(
        customer=customer,
        kind=Ticket.Kind.MISOPERATION_REFUND,
        category=Ticket.Category.WRONG_RECIPIENT,
        details=RefundInput(
            transaction_id=record.pk,
            amount_requested=Decimal("4000"),
            intended_recipient="Zhang Wei",
        ),
    )
    refund_decide(ticket=ticket, actor=AgentFactory(), approved_amount="3500")

    _login(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/admin/complaints/ticket/")
    page.fill("#searchbar", ticket.reference)
    page.press("#searchbar", "Enter")
    page.click(f"text={ticket.reference}")
    expect(page.locator("#wd-refund-state")).to_have_text(
        "waiting for supervisor approval"
    )
    screenshots.take(page, "refund-waiting")
    page.click("#wd-refund-approve")
    expect(page.locator("#wd-refund-state")).to_have_text(f"approved by {supervisor}")
    screenshots.take(page, "refund-approved")
    decision = RefundDecision.objects.get(refund_request__ticket=ticket)
    assert decision.approved_by == supervisor


def test_supervisor_extends_a_deadline_and_changes_the_profile(
    live_server, page: Page, transactional_db, screenshots
):
    from django.apps import apps
    from django.conf import settings

    from sla.data.defaults import defaults_install
    from sla.models import RegimeProfile

    if not RegimeProfile.objects.exists():  # a transactional test flushes them
        defaults_install(apps)
    supervisor = SupervisorFactory(username="boss", first_name="Li")
    ticket = TicketFactory(subject="Refund still missing")
    uk = RegimeProfile.objects.get(code="uk-payments")

    _login(page, live_server, supervisor.username)
    page.goto(f"{live_server.url}/admin/complaints/ticket/{ticket.pk}/change/")
    page.click("#wd-extend summary")
    page.fill("#wd-extend-reason", "Waiting on the partner bank")
    screenshots.take(page, "extend-form")
    page.click("#wd-extend button[type=submit]")
    expect(page.locator(".messagelist .success")).to_contain_text(
        "Deadline extended to"
    )
    screenshots.take(page, "extended")

    page.click("#wd-profile summary")
    page.select_option("#wd-profile-profile", str(uk.pk))
    page.fill("#wd-profile-reason", "The customer is in the UK")
    page.click("#wd-profile button[type=submit]")
    expect(page.locator(".messagelist .success")).to_contain_text(uk.name)
    screenshots.take(page, "profile-changed")

    page.click("#wd-extend summary")
    page.click("#wd-extend button[type=submit]")  # no reason: the browser stops it
    expect(page.locator("#wd-extend-reason")).to_be_focused()

    page.context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": "zh-hans",
                "url": live_server.url,
            }
        ]
    )
    page.reload()
    page.click("#wd-extend summary")
    page.click("#wd-profile summary")
    expect(page.locator("#wd-sla-controls")).to_contain_text("延长期限")
    screenshots.take(page, "controls-zh")
