"""The benchmark cases: one small declarative entry per page or endpoint.

A case names the role whose sessions send it, the path (a string or a function of
the context and the request number), the method and, for POSTs, a form builder.
A case whose first request answers 404 is reported as "not available": the
feature is not in this build.
"""

import io
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode


@dataclass
class Context:
    """Facts read from the bench database before the run."""

    seed: int
    customers: list[str]  # the heaviest customers first
    filers: list[str]  # customers without an open ticket, who file in the run
    references: dict[str, list[str]]  # per customer: some of their tickets
    agents: list[str]
    agent_tickets: dict[str, list[int]]  # per agent: ids in their queues
    supervisor: str
    manager: str
    search_reference: str
    search_email: str
    search_transaction: str
    export_year: int
    search_customer: str = ""
    search_transaction_part: str = ""
    # Filter sets the reports page offers (bench/run.py report_filters).
    report_filters: list[dict[str, str]] = field(default_factory=list)
    screenshot: bytes = b""
    submitted: list[str] = field(default_factory=list)


Form = tuple[dict[str, str], list[tuple[str, str, str, bytes]]]


@dataclass(frozen=True)
class Case:
    name: str
    # customer, filer (customers taking turns, see FILERS), agent, supervisor,
    # manager or anonymous
    role: str
    path: str | Callable[[Context, str, int], str]
    method: str = "GET"
    form: Callable[[Context, int], Form] | None = None
    expect: tuple[int, ...] = (200,)
    # Sessions sending at once. None: one, so p50 is a page's own latency; the
    # filing cases use 4 to keep both web workers busy (throughput).
    concurrency: int | None = None
    max_requests: int = 1_000_000
    seconds: float | None = None
    note: str = ""

    def url(self, context: Context, username: str, number: int) -> str:
        if callable(self.path):
            return self.path(context, username, number)
        return self.path


# Customers who file in a run, each with no open ticket at its start: a filing
# reads the customer's open tickets (up to the limit, bench/run.py raises it to
# OPEN_LIMIT), so filers who kept their tickets of earlier runs would make every
# run slower than the last. Each session of a filing case takes turns among
# FILERS // sessions of them, about 25 filings each at 100 req/s for 15 s.
FILERS = 60
OPEN_LIMIT = 100


def screenshot_png(size: int = 200 * 1024) -> bytes:
    """A PNG of noise that does not compress below size bytes (a phone screenshot)."""
    from PIL import Image

    width = 256
    height = size // (width * 3) + 1
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _complaint(context: Context, number: int, *, screenshot: bool) -> Form:
    fields = {
        "client_token": uuid.uuid4().hex,
        "subject": "Cannot log in after the update",
        "description": "The app says my password is wrong since this morning.",
        "remedy_sought": "Unlock my account",
        "evidence_type": "screenshot",
    }
    files = (
        [("evidence", "screenshot.png", "image/png", context.screenshot)]
        if screenshot
        else []
    )
    return fields, files


def _my_ticket(context: Context, username: str, number: int) -> str:
    references = context.references[username]
    return f"/tickets/{references[number % len(references)]}/"


def _change_page(context: Context, username: str, number: int) -> str:
    ids = context.agent_tickets[username]
    return f"/admin/complaints/ticket/{ids[number % len(ids)]}/change/"


def _export(context: Context, username: str, number: int) -> str:
    # A year's tickets are a background export (reports.exports, measured by
    # bench/README.md's "Ticket export"); the longest streamed period is 31 days.
    year = context.export_year
    return "/reports/export.csv?" + urlencode(
        {
            "period": "custom",
            "start": f"{year}-12-01",
            "end": f"{year}-12-31",
            "dataset": "tickets",
        }
    )


def _window(*, days: int, back: int) -> str:
    """The reports page for `days` days ending `back` days ago: a new cache key."""
    # The site's date (Asia/Shanghai by default) is close enough for a window.
    end = datetime.now(UTC).date() - timedelta(days=back)
    start = end - timedelta(days=days - 1)
    return "/reports/?" + urlencode(
        {"period": "custom", "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
    )


def _filtered(*, days: int) -> Callable[[Context, str, int], str]:
    """New windows of `days` days, each with the next filter set in turn."""

    def path(context: Context, username: str, number: int) -> str:
        filters = context.report_filters or [{}]
        chosen = filters[number % len(filters)]
        return _window(days=days, back=number // len(filters) + 1) + (
            "&" + urlencode(chosen) if chosen else ""
        )

    return path


def _search(term_of: Callable[[Context], str]) -> Callable[[Context, str, int], str]:
    def path(context: Context, username: str, number: int) -> str:
        return f"/admin/complaints/ticket/?q={quote(term_of(context))}"

    return path


CHANGELIST = "/admin/complaints/ticket/"

CASES: list[Case] = [
    Case(
        "floor",
        "anonymous",
        "/readyz",
        concurrency=4,
        note="the cheapest request: SELECT 1 and a Redis PING, 4 sessions",
    ),
    Case(
        "submit",
        "filer",
        "/tickets/new/cannot-log-in/",
        method="POST",
        form=lambda context, number: _complaint(context, number, screenshot=False),
        expect=(302,),
        concurrency=4,
        note="complaint form POST with CSRF, no file",
    ),
    Case(
        "submit_screenshot",
        "filer",
        "/tickets/new/cannot-log-in/",
        method="POST",
        form=lambda context, number: _complaint(context, number, screenshot=True),
        expect=(302,),
        concurrency=4,
        note="the same with a 200 KB PNG",
    ),
    Case("my_tickets", "customer", "/tickets/", note="heaviest customers"),
    Case("ticket_detail", "customer", _my_ticket),
    Case("changelist", "agent", CHANGELIST, note="default view"),
    Case("changelist_mine", "agent", CHANGELIST + "?view=mine"),
    Case("changelist_unassigned", "agent", CHANGELIST + "?view=unassigned"),
    Case("changelist_due_soon", "agent", CHANGELIST + "?view=due_soon"),
    Case("changelist_breached", "agent", CHANGELIST + "?view=breached"),
    Case(
        "changelist_filters",
        "agent",
        CHANGELIST + "?kind__exact=misoperation_refund&status__exact=investigating",
    ),
    Case(
        "search_reference",
        "agent",
        _search(lambda context: context.search_reference),
    ),
    Case("search_email", "agent", _search(lambda context: context.search_email)),
    Case(
        "search_transaction",
        "agent",
        _search(lambda context: context.search_transaction),
    ),
    Case(
        "search_words_zh",
        "agent",
        CHANGELIST + "?q=" + quote("转账失败"),
        note="full-text: a common Chinese phrase (a category's subject)",
    ),
    Case(
        "search_words_en",
        "agent",
        CHANGELIST + "?q=" + quote("money was taken"),
        note="full-text: common English words, stemmed",
    ),
    Case(
        "search_customer",
        "agent",
        _search(lambda context: context.search_customer),
        note="the customer's user name: one customer's tickets",
    ),
    Case(
        "search_transaction_part",
        "agent",
        _search(lambda context: context.search_transaction_part),
        note="the last 6 characters of a transaction reference (trigram)",
    ),
    Case(
        "api_search",
        "agent",
        "/api/v1/desk/tickets/?q=" + quote("转账失败"),
        note="staff API ?q=",
    ),
    Case("ticket_change", "agent", _change_page),
    Case("api_tickets", "agent", "/api/v1/desk/tickets/", note="agents' list API"),
    Case("faq_search", "anonymous", "/faq/search/?q=" + quote("转账")),
    Case("faq_search_en", "anonymous", "/faq/search/?q=refund"),
    Case(
        "reports",
        "manager",
        "/reports/",
        note="last 30 days; after the first request, the cached copy",
    ),
    Case(
        "reports_cold",
        "manager",
        lambda context, username, number: _window(days=30, back=number + 1),
        note="30 days ending 1, 2, 3 ... days ago: computed every time",
    ),
    Case(
        "reports_year",
        "manager",
        lambda context, username, number: _window(days=365, back=number + 1),
        note="365 days ending 1, 2, 3 ... days ago: computed every time",
    ),
    Case(
        "reports_two_years",
        "manager",
        lambda context, username, number: _window(days=730, back=number + 1),
        note="730 days ending 1, 2, 3 ... days ago: computed every time",
    ),
    Case(
        "reports_filtered",
        "manager",
        _filtered(days=30),
        note="new 30-day windows, every filter alone and in combinations, in turn",
    ),
    Case(
        "reports_year_filtered",
        "manager",
        _filtered(days=365),
        note="new 365-day windows, every filter alone and in combinations, in turn",
    ),
    Case(
        "export_figures",
        "manager",
        "/reports/export.csv?period=30d&dataset=figures",
        note="the figures CSV of the last 30 days (the preset's report)",
    ),
    Case(
        "export_csv_month",
        "manager",
        _export,
        concurrency=1,
        max_requests=3,
        note="a month of tickets, streamed (a year is a background export)",
    ),
]
