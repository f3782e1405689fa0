"""On a phone, a customer sees what the desk asks of them and answers with a file,
which a form error does not lose."""

import io

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from complaints import workflow
from complaints.models import Ticket
from tests.e2e.conftest import Screenshots
from tests.factories import PASSWORD, AgentFactory, CustomerFactory, TicketFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    ("locale", "language", "request_text", "answered"),
    [
        ("en-GB", "en", "Please send a photo of the bank receipt.", "You answered"),
        ("zh-CN", "zh-hans", "请上传银行回单的照片。", "您已答复"),
    ],
)
def test_customer_answers_a_request_with_a_kept_file_on_a_phone(
    live_server,
    browser: Browser,
    screenshots: Screenshots,
    tmp_path,
    locale,
    language,
    request_text,
    answered,
) -> None:
    customer = CustomerFactory(preferred_language=language)
    agent = AgentFactory()
    ticket = TicketFactory(customer=customer, language=language)
    # Delivering the acknowledgement (eager here) acknowledged it already.
    workflow.ticket_transition(
        ticket=ticket, to_status=Ticket.Status.INVESTIGATING, actor=agent
    )
    workflow.ticket_hold(
        ticket=ticket, waiting_on="customer", actor=agent, request=request_text
    )
    photo = tmp_path / "receipt.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())

    context = browser.new_context(
        locale=locale, viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", customer.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.goto(live_server.url + ticket.get_absolute_url())

    banner = page.locator('[data-test="hold-banner"]')
    expect(banner).to_contain_text(request_text)
    expect(page.locator('[data-test="reply-form"]')).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshots.take(page, "request-banner")

    # Too long a reply (past the box's maxlength, as a paste in an old browser
    # would): the form comes back with an error and keeps the file.
    page.locator("#id_body").evaluate("box => box.removeAttribute('maxlength')")
    page.locator("#id_body").fill("x" * 20_001)
    page.set_input_files("#id_evidence", str(photo))
    page.locator('[data-test="reply-form"] [type=submit]').click()
    expect(page.locator('[data-test="evidence-kept"]')).to_contain_text("receipt.png")
    screenshots.take(page, "file-kept-after-error")

    page.locator("#id_body").fill("Here it is. / 已上传。")
    page.locator('[data-test="reply-form"] [type=submit]').click()
    expect(page.locator('[data-test="hold-banner"]')).to_have_count(0)
    expect(page.locator('[data-test="event-hold-ended"]')).to_contain_text(answered)
    expect(page.locator('[data-test="timeline"]')).to_contain_text("receipt.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshots.take(page, "answered")
    context.close()
