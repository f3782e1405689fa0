"""The FAQ in a real browser: suggestions while typing a ticket, and deflection.

A customer starts describing a failed transfer; the form suggests the matching
answer; "This solved it" records a deflection and shows the article instead of
filing a ticket. An agent inserts an FAQ link into a reply from the workspace.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

from complaints.models import Ticket
from knowledgebase.models import Deflection
from knowledgebase.services import starter_set_load
from tests.e2e.conftest import Screenshots
from tests.e2e.staff_sign_in import staff_sign_in
from tests.factories import PASSWORD, AgentFactory, CustomerFactory, TicketFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _customer_page(browser: Browser, locale: str) -> Page:
    context = browser.new_context(
        locale=locale, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize(
    ("locale", "language", "typed", "title"),
    [
        pytest.param(
            "en-GB", "en", "My transfer failed", "My transfer failed", id="en"
        ),
        pytest.param(
            "zh-CN", "zh-hans", "我的转账失败了", "转账失败怎么办", id="zh-hans"
        ),
    ],
)
def test_typing_a_description_suggests_an_answer_that_deflects_the_ticket(
    live_server,
    browser: Browser,
    screenshots: Screenshots,
    locale: str,
    language: str,
    typed: str,
    title: str,
) -> None:
    starter_set_load()
    customer = CustomerFactory(username="mei", preferred_language=language)
    page = _customer_page(browser, locale)
    base = live_server.url
    _log_in(page, base, customer.username)

    page.goto(f"{base}/tickets/new/transfer-failed/")
    suggestions = page.locator("[data-test=faq-suggestions]")
    expect(suggestions).to_be_hidden()
    page.locator("textarea[name=description]").press_sequentially(typed, delay=20)
    expect(suggestions).to_be_visible()
    first = suggestions.locator("[data-test=faq-suggestion]").first
    expect(first).to_contain_text(title)
    screenshots.take(page, "suggestion-while-typing")

    first.locator("[data-test=faq-solved]").click()
    page.wait_for_url(f"{base}/faq/transfer-failed/")
    expect(page.locator("[data-test=faq-article-title]")).to_have_text(title)
    expect(page.locator("[data-test=flash]")).to_be_visible()
    screenshots.take(page, "article-after-deflection")

    deflection = Deflection.objects.get()
    assert deflection.article.slug == "transfer-failed"
    assert deflection.user == customer
    assert deflection.situation == "transfer-failed"
    assert typed in deflection.query
    assert not Ticket.objects.exists()


def test_agent_inserts_an_faq_link_into_a_reply(
    live_server, page: Page, screenshots: Screenshots
) -> None:
    starter_set_load()
    agent = AgentFactory(username="agent")
    ticket = TicketFactory(subject="Wrong person", language="en")
    page.set_default_timeout(15_000)
    staff_sign_in(page, live_server.url, agent.username)
    page.goto(f"{live_server.url}/admin/complaints/ticket/{ticket.pk}/change/")

    page.fill("#wd-body", "Please read this first:")
    page.locator("#wd-faq-q").press_sequentially("wrong recipient", delay=20)
    choice = page.locator("#wd-faq-results button").first
    expect(choice).to_have_text("I sent money to the wrong person")
    choice.click()
    expect(page.locator("#wd-body")).to_have_value(
        "Please read this first:\n"
        "I sent money to the wrong person: http://127.0.0.1:8000/faq/wrong-recipient/\n"
    )
    screenshots.take(page, "faq-link-in-reply")
