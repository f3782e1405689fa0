"""axe-core in the browser: no serious or critical violation on any page.

Portal pages as a visitor and as a customer (with an open incident), the admin changelist,
case page, phone ticket, pending contact and incident pages as
an agent, the reports as a manager; English and Chinese; portal pages also on a
phone-sized screen. axe-core comes bundled with axe-playwright-python (dev extra),
so the run needs no network beyond the package registry.
"""

import json
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser

from accounts.models import User
from complaints import workflow
from complaints.forms import SITUATIONS
from complaints.models import Ticket
from complaints.services import message_add
from complaints.tracking import tracking_token_make
from inbound_mail.models import InboundMessage
from inbound_mail.services import inbound_receive
from knowledgebase.models import Article
from tests.e2e.conftest import SCREENSHOT_ROOT, Screenshots
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    TicketFactory,
)
from tests.inbound_mail import messages
from tests.incidents.helpers import declare_transfer_outage
from tests.knowledgebase.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING = {"serious", "critical"}
FIGURES = SCREENSHOT_ROOT.parent / "axe"


def _case() -> dict[str, object]:
    customer = CustomerFactory(first_name="静", phone="+8613800138111")
    agent = AgentFactory()
    ticket = TicketFactory(customer=customer, kind=Ticket.Kind.MISOPERATION_REFUND)
    # Filing acknowledges a ticket already; the agent only moves it on.
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    message_add(ticket=ticket, author=agent, body="We are checking with the payee.")
    resolved = TicketFactory(customer=customer)
    workflow.ticket_transition(ticket=resolved, to_status="investigating", actor=agent)
    workflow.ticket_transition(
        ticket=resolved,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(
            outcome="upheld",
            summary="Fee returned.",
            amount=Decimal(20),
            currency="CNY",
        ),
    )
    article = Article.objects.published().first() or ArticleFactory(
        title_en="Refund to the wrong account", title_zh_hans="转错账户的退款"
    )
    # An open incident puts its banner on the portal pages and fills the status page.
    incident = declare_transfer_outage()
    # Mail from an address no customer has waits for an agent to match it.
    pending = inbound_receive(
        raw=messages.plain("li.wei.home@else.example", "转账失败", "钱没有到账。"),
        mailbox="support",
    )
    assert pending.state == InboundMessage.State.PENDING_CONTACT
    return {
        "customer": customer,
        "incident": incident,
        "pending": pending,
        "agent": agent,
        "manager": ManagerFactory(),
        "ticket": ticket,
        "resolved": resolved,
        "article": article,
    }


def _pages(case: dict[str, object]) -> dict[str, list[tuple[str, str]]]:
    ticket, resolved = case["ticket"], case["resolved"]
    article = case["article"]
    visitor = [
        ("home", reverse("complaints:home")),
        ("faq", reverse("knowledgebase:faq_index")),
        ("faq-search", reverse("knowledgebase:search") + "?q=refund"),
        ("track", reverse("complaints:track")),
        (
            "track-ticket",
            reverse(
                "complaints:track_ticket",
                args=[tracking_token_make(ticket=ticket)],
            ),
        ),
        ("status", reverse("incidents:status")),
        ("login", reverse("accounts:login")),
        ("signup", reverse("accounts:signup")),
        ("password-reset", reverse("accounts:password_reset")),
    ]
    return {
        "visitor": [
            *visitor,
            ("faq-category", article.category.get_absolute_url()),
            ("faq-article", article.get_absolute_url()),
        ],
        "customer": [
            ("my-home", reverse("complaints:home")),
            ("my-tickets", reverse("complaints:ticket_list")),
            ("ticket", ticket.get_absolute_url()),
            ("ticket-resolved", resolved.get_absolute_url()),
            ("get-help", reverse("complaints:ticket_start")),
            *(
                (
                    f"file-{slug}",
                    reverse("complaints:ticket_create", args=[slug]),
                )
                for slug in SITUATIONS
            ),
            ("notices", reverse("complaints:notice_list")),
            ("settings", reverse("accounts:settings")),
        ],
        "agent": [
            ("admin-changelist", reverse("admin:complaints_ticket_changelist")),
            (
                "admin-case",
                reverse("admin:complaints_ticket_change", args=[ticket.pk]),
            ),
            (
                "admin-phone-ticket",
                reverse("admin:complaints_ticket_phone") + "?find=%2B8613800138111",
            ),
            (
                "admin-pending-contact",
                reverse(
                    "admin:inbound_mail_inboundmessage_file",
                    args=[case["pending"].pk],
                )
                + "?find=%2B8613800138111",
            ),
            (
                "admin-incident",
                reverse("admin:incidents_incident_change", args=[case["incident"].pk]),
            ),
            ("admin-login", reverse("admin:login")),
        ],
        "manager": [("reports", reverse("reports:report"))],
    }


def _violations(results: dict) -> list[str]:
    """Every violation as "rule (impact) xN: first targets"; all are recorded."""
    return [
        f"{item['id']} ({item['impact']}) x{len(item['nodes'])}: "
        + "; ".join(str(node["target"][0]) for node in item["nodes"][:3])
        for item in results["violations"]
    ]


def _blocking(errors: list[str]) -> list[str]:
    return [error for error in errors if error.split(" (")[1].split(")")[0] in BLOCKING]


@pytest.mark.parametrize(
    ("role", "language", "viewport"),
    [
        pytest.param(role, language, viewport, id=f"{role}-{language}-{name}")
        for role in ("visitor", "customer", "agent", "manager")
        for language in ("en", "zh-hans")
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE))
        if name == "desktop" or role in ("visitor", "customer")
    ],
)
def test_pages_have_no_serious_or_critical_accessibility_violations(
    live_server,
    browser: Browser,
    screenshots: Screenshots,
    role: str,
    language: str,
    viewport: dict,
):
    case = _case()
    context = browser.new_context(viewport=viewport)
    cookies = [
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "value": language,
            "url": live_server.url,
        }
    ]
    if role != "visitor":
        user: User = case[role]  # type: ignore[assignment]
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        client = Client()
        client.force_login(user)
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        )
    context.add_cookies(cookies)
    page = context.new_page()
    axe = Axe()
    found: dict[str, list[str]] = {}
    for name, url in _pages(case)[role]:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        screenshots.take(page, name)
        found[name] = _violations(axe.run(page).response)
    context.close()
    FIGURES.mkdir(parents=True, exist_ok=True)
    label = f"{role}-{language}-{viewport['width']}"
    (FIGURES / f"{label}.json").write_text(json.dumps(found, indent=1))
    blocking = {name: _blocking(errors) for name, errors in found.items()}
    assert {name: errors for name, errors in blocking.items() if errors} == {}
