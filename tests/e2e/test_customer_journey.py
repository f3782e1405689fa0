"""A customer's whole journey in a real browser, in English and in Chinese.

Sign up, file a wrong-recipient refund picking a transaction and attaching a
screenshot, find it in "my tickets", read the agent's public reply and the
resolution, rate it. The agent's side is played through the services.
"""

import io
import re
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from complaints import workflow
from complaints.models import Ticket
from complaints.services import message_add
from complaints.workflow import Resolution
from tests.e2e.conftest import Screenshots
from tests.factories import AgentFactory, TransactionFactory
from tests.mailed_links import signup_link_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def screenshot_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (390, 200), (230, 240, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def open_page(browser: Browser, *, locale: str, viewport: dict, phone: bool) -> Page:
    context = browser.new_context(
        locale=locale,
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.mark.parametrize(
    ("locale", "language", "viewport", "phone"),
    [
        pytest.param("en-GB", "en", DESKTOP, False, id="en-desktop"),
        pytest.param("zh-CN", "zh-hans", DESKTOP, False, id="zh-hans-desktop"),
        pytest.param("zh-CN", "zh-hans", PHONE, True, id="zh-hans-phone"),
    ],
)
def test_customer_files_a_refund_and_rates_the_outcome(
    live_server,
    browser: Browser,
    screenshots: Screenshots,
    mailoutbox: list,
    locale: str,
    language: str,
    viewport: dict,
    phone: bool,
) -> None:
    page = open_page(browser, locale=locale, viewport=viewport, phone=phone)
    base = live_server.url

    # First visit: the language follows the browser's Accept-Language.
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    screenshots.take(page, "home")

    # Sign up.
    page.click('a[href="/accounts/signup/"] >> nth=-1')
    expect(page.locator("#id_preferred_language")).to_have_value(language)
    page.fill("#id_username", "lin")
    page.fill("#id_email", "lin@example.com")
    page.fill("#id_first_name", "Lin")
    page.fill("#id_password1", "a-long-unusual-passphrase-42")
    page.fill("#id_password2", "a-long-unusual-passphrase-42")
    screenshots.take(page, "signup")
    page.click('form[data-submit-once] button[type="submit"]')
    expect(page.locator('[data-test="signup-done"]')).to_be_visible()
    screenshots.take(page, "signup-check-email")

    # The link in the mail opens the account; the password signs in.
    (mail,) = mailoutbox
    page.goto(base + signup_link_path(mail))
    screenshots.take(page, "signup-confirm")
    page.click('[data-test="signup-activate"]')
    expect(page.locator('[data-test="flash"]')).to_be_visible()
    page.fill("#id_username", "lin")
    page.fill("#id_password", "a-long-unusual-passphrase-42")
    page.click('form[data-submit-once] button[type="submit"]')
    expect(page.locator('[data-test="home-new-ticket"]')).to_be_visible()
    customer = User.objects.get(username="lin")
    assert customer.preferred_language == language

    # The wallet core has pushed the customer's records.
    wrong = TransactionFactory(
        owner=customer,
        reference="TX2026110001",
        amount=Decimal("500.00"),
        counterparty_name="Wang Fang",
    )
    TransactionFactory(owner=customer, reference="TX2026110002")

    # What happened → sent money to the wrong person.
    page.click('[data-test="home-new-ticket"]')
    screenshots.take(page, "what-happened")
    page.click('[data-test="situation-wrong-recipient"]')
    expect(page.locator('[data-test="transaction-picker"]')).to_contain_text(
        wrong.reference
    )

    # Search the picker, pick the transaction, fill the refund, attach a screenshot.
    page.fill('[data-test="transaction-search"] input[name="q"]', "110001")
    page.click('[data-test="transaction-search"] button')
    expect(page.locator('[data-test="transaction-picker"]')).not_to_contain_text(
        "TX2026110002"
    )
    page.check(f'[data-test="transaction-{wrong.reference}"]')
    page.fill("#id_amount_requested", "500")
    page.fill("#id_intended_recipient", "Wang Fei 138 0013 8000")
    page.select_option("#id_payee_chosen_via", "typed")
    page.fill("#id_subject", "Sent 500 to the wrong Wang")
    page.fill("#id_description", "I typed one digit of the phone number wrong.")
    page.set_input_files(
        "#id_evidence",
        files=[
            {
                "name": "transfer-screenshot.png",
                "mimeType": "image/png",
                "buffer": screenshot_png(),
            }
        ],
    )
    screenshots.take(page, "refund-form")
    page.dblclick('[data-test="submit-ticket"]')  # an impatient double click

    # Confirmation with the reference and what happens next.
    reference_box = page.locator('[data-test="ticket-reference"]')
    expect(reference_box).to_have_text(re.compile(r"WD-\d{4}-\d{6}"))
    reference = reference_box.inner_text().strip()
    screenshots.take(page, "submitted")
    ticket = Ticket.objects.get(customer=customer)  # one, despite the double click
    assert ticket.reference == reference
    assert ticket.category == Ticket.Category.WRONG_RECIPIENT
    assert ticket.attachments.get().original_name == "transfer-screenshot.png"
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ACKNOWLEDGED  # the notice went out

    # My tickets.
    page.click('a[href="/tickets/"] >> nth=-1')
    row = page.locator('[data-test="ticket-row"]', has_text=reference)
    expect(row).to_be_visible()
    screenshots.take(page, "my-tickets")

    # The agent replies publicly, notes internally, and resolves with a refund.
    agent = AgentFactory()
    workflow.ticket_transition(
        ticket=ticket, to_status=Ticket.Status.INVESTIGATING, actor=agent
    )
    message_add(
        ticket=ticket,
        author=agent,
        body="We reached the recipient's bank and asked for the money back.",
    )
    message_add(
        ticket=ticket,
        author=agent,
        body="INTERNAL: recipient account flagged",
        is_internal=True,
    )
    workflow.ticket_transition(
        ticket=ticket,
        to_status=Ticket.Status.RESOLVED,
        actor=agent,
        resolution=Resolution(
            outcome=Ticket.Outcome.UPHELD,
            amount=Decimal("500.00"),
            currency="CNY",
            summary="The recipient returned the money to your wallet.",
        ),
    )

    row.click()
    expect(page.locator('[data-test="reply-staff"]')).to_contain_text(
        "asked for the money back"
    )
    expect(page.locator('[data-test="resolution"]')).to_contain_text("500.00 CNY")
    expect(page.locator('[data-test="outcome"]')).to_have_text(
        "Upheld" if language == "en" else re.compile(r".+")
    )
    expect(page.locator("main")).not_to_contain_text("INTERNAL")
    expect(page.locator('[data-test="ticket-files"]')).to_contain_text(
        "transfer-screenshot.png"
    )
    unread = "unread-badge-mobile" if phone else "unread-count"
    expect(page.locator(f'[data-test="{unread}"]')).to_be_visible()
    screenshots.take(page, "resolved")

    # Rate the outcome.
    page.check('input[name="rating"][value="5"]')
    page.fill("#id_comment", "Fast and kind.")
    screenshots.take(page, "rating")
    page.click('[data-test="submit-rating"]')
    expect(page.locator('[data-test="rating-given"]')).to_contain_text("Fast and kind.")
    screenshots.take(page, "rated")
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (5, "Fast and kind.")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.context.close()
